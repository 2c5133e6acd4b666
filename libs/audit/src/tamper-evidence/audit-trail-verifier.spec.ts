import type { EventStore } from '@app/event-store';
import { AuditTrailVerifier } from './audit-trail-verifier';
import { event, SealedStore } from './testing/sealed-store';

/** Enough events for several pages: a verification reads the store in many steps. */
const EVENTS = 3000;

describe('AuditTrailVerifier: one verification at a time, stopped when its clients go', () => {
  let sealed: SealedStore;
  beforeAll(async () => {
    sealed = new SealedStore();
    await sealed.open(async (store) => {
      for (let stream = 0; stream < EVENTS / 100; stream++) {
        const events = Array.from({ length: 100 }, (_, i) => event(`Happened${i}`));
        await store.append(`stream-${stream}`, events, 'no_stream');
      }
    });
  });
  afterAll(() => sealed.dispose());

  /** Runs `work` with a verifier whose store logs each head read ('head') and page read ('page'). */
  const withVerifier = (work: (verifier: AuditTrailVerifier, log: string[]) => Promise<void>) =>
    sealed.open(async (store) => {
      const log: string[] = [];
      const watched = new Proxy(store, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (typeof value !== 'function') return value;
          const label = { headPosition: 'head', readAll: 'page' }[String(name)];
          return (...args: unknown[]) => {
            if (label) log.push(label);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }) as EventStore;
      await work(new AuditTrailVerifier(watched), log);
    });

  it('runs a second verification only once the first has ended', async () => {
    await withVerifier(async (verifier, log) => {
      const [first, second] = await Promise.all([
        verifier.verify({ expectSeals: [] }),
        verifier.verify({ maxProblems: 5 }),
      ]);
      expect(first.eventsChecked).toBe(EVENTS);
      expect(second.eventsChecked).toBe(EVENTS);
      // Each reads the head, then all its pages, before the other starts.
      const pages = log.filter((entry) => entry === 'page').length / 2;
      expect(pages).toBeGreaterThan(2);
      const oneRun = ['head', ...Array<string>(pages).fill('page')];
      expect(log).toEqual([...oneRun, ...oneRun]);
    });
  });

  it('shares one verification between the clients asking for the same', async () => {
    await withVerifier(async (verifier, log) => {
      const [a, b] = await Promise.all([verifier.verify(), verifier.verify()]);
      expect(a).toBe(b);
      expect(log.filter((entry) => entry === 'head')).toHaveLength(1);
    });
  });

  it('stops a verification at its next page once every client has gone', async () => {
    await withVerifier(async (verifier, log) => {
      const gone = new AbortController();
      const stays = new AbortController();
      const left = verifier.verify({}, gone.signal);
      const kept = verifier.verify({}, stays.signal);
      gone.abort();
      // One client is still there: the verification goes on.
      await expect(kept).resolves.toMatchObject({ eventsChecked: EVENTS });
      await expect(left).resolves.toMatchObject({ eventsChecked: EVENTS });
      const full = log.length;

      const alone = new AbortController();
      const stopped = verifier.verify({}, alone.signal);
      while (!log.slice(full).includes('page')) await new Promise(setImmediate);
      alone.abort();
      await expect(stopped).rejects.toThrow('every client of the verification has gone');
      expect(log.length - full).toBeLessThan(full);
    });
  });

  it('never starts a queued verification whose client went while it waited', async () => {
    await withVerifier(async (verifier, log) => {
      const gone = new AbortController();
      const running = verifier.verify();
      const queued = verifier.verify({ maxProblems: 1 }, gone.signal);
      gone.abort();
      await running;
      await expect(queued).rejects.toThrow('every client of the verification has gone');
      expect(log.filter((entry) => entry === 'head')).toHaveLength(1);
      // A new request for it starts afresh.
      await expect(verifier.verify({ maxProblems: 1 })).resolves.toMatchObject({
        eventsChecked: EVENTS,
      });
    });
  });
});
