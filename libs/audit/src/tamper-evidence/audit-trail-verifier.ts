import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { Metrics } from '@app/platform';
import { SEAL_STREAM } from './seal';
import { verifyAuditTrail, type AuditVerification } from './verify-audit-trail';

export interface VerifyRequest {
  /** Seal hashes published outside the store, each of which must be found intact. */
  expectSeals?: readonly string[];
  /** Problems listed in full (default 100); all are counted. */
  maxProblems?: number;
}

/**
 * Events read per page: verification holds one page and one head per stream, never the store.
 * A page is checked without a pause, so it is kept small enough (a few milliseconds of hashing)
 * not to hold other requests up.
 */
const PAGE = 250;

/** A verification and the clients waiting for it: it is stopped once every one of them has gone. */
interface Shared {
  result: Promise<AuditVerification>;
  clients: number;
  stop: AbortController;
}

/**
 * Verifies the store's tamper evidence (see verifyAuditTrail) up to the head it finds when it
 * starts. A verification reads every event, so one runs at a time per process (others wait their
 * turn), requests made while one is running or waiting share it, and it stops when every client
 * waiting for it has gone.
 */
@Injectable()
export class AuditTrailVerifier {
  private readonly running = new Map<string, Shared>();
  /** The verification running or last queued: the next one starts after it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    /** The app's; a verifier made outside one counts in a registry of its own. */
    private readonly metrics: Metrics = new Metrics(),
  ) {}

  /** `clientGone`: aborted when the client asking has gone (without one, the client stays). */
  verify(request: VerifyRequest = {}, clientGone?: AbortSignal): Promise<AuditVerification> {
    clientGone?.throwIfAborted();
    const key = JSON.stringify([[...(request.expectSeals ?? [])].sort(), request.maxProblems]);
    const shared = this.running.get(key) ?? this.start(key, request);
    shared.clients++;
    clientGone?.addEventListener('abort', () => this.leave(key, shared), { once: true });
    return shared.result;
  }

  /** Queues a verification behind the one running, shared under `key` until it ends or stops. */
  private start(key: string, request: VerifyRequest): Shared {
    const stop = new AbortController();
    const forget = (): void => {
      if (this.running.get(key) === shared) this.running.delete(key);
    };
    const result = this.queue.then(() => this.run(request, stop.signal)).finally(forget);
    result.then(
      ({ ok }) => this.metrics.auditVerifications.inc({ result: ok ? 'intact' : 'problems' }),
      () => this.metrics.auditVerifications.inc({ result: 'failed' }),
    );
    this.queue = result.catch(() => undefined);
    const shared: Shared = { result, clients: 0, stop };
    this.running.set(key, shared);
    return shared;
  }

  /** A client has gone: the last one stops the verification, and a new request starts afresh. */
  private leave(key: string, shared: Shared): void {
    if (--shared.clients > 0) return;
    shared.stop.abort(new Error('every client of the verification has gone'));
    if (this.running.get(key) === shared) this.running.delete(key);
  }

  private async run(request: VerifyRequest, stop: AbortSignal): Promise<AuditVerification> {
    stop.throwIfAborted();
    // Read before the head: a seal is recorded only once stored, so every seal recorded is
    // then at or below the head.
    const sealRecord = (await this.store.readSealRecord?.()) ?? [];
    const head = await this.store.headPosition();
    return verifyAuditTrail(this.events(head, stop), this.seals(head), {
      expectSeals: request.expectSeals,
      maxProblems: request.maxProblems,
      checkedUpTo: head,
      sealRecord,
    });
  }

  /** The events up to `upTo`, a page at a time. */
  private async *events(upTo: number, stop: AbortSignal): AsyncGenerator<RecordedEvent[]> {
    for (let after = 0; after < upTo;) {
      stop.throwIfAborted();
      const page = await this.store.readAll({ after, maxCount: PAGE });
      const within = page.filter((event) => event.position <= upTo);
      if (within.length > 0) yield within;
      if (within.length < PAGE) return;
      after = page[page.length - 1].position;
      // A page's reads may all resolve at once: let the server answer other requests meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async *seals(upTo: number): AsyncGenerator<RecordedEvent> {
    for (let from = 1; ;) {
      const page = await this.store.readStream(SEAL_STREAM, { fromVersion: from, maxCount: PAGE });
      for (const event of page) {
        if (event.position > upTo) return;
        yield event;
      }
      if (page.length < PAGE) return;
      from = page[page.length - 1].version + 1;
    }
  }
}
