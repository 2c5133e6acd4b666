import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AuditSealer, AuditTrailVerifier, TamperEvidentEventStore } from '@app/audit';
import { SqliteEventStore, type EventStore, type NewEvent } from '@app/event-store';
import { chainEvents, emptyHead } from '../libs/audit/src/tamper-evidence/integrity';
import { printTable, rate } from './report';

const EVENT = {
  type: 'MilestoneAchieved',
  data: { areaCode: 'E09000022', milestone: 'hub-open', achievedOn: '2024-05-01' },
};
const METADATA = {
  actor: { id: 'bench', name: 'Bench', role: 'LOCAL_AUTHORITY', organisation: 'E09000022' },
  occurredAt: '2024-05-01T00:00:00.000Z',
  reason: null,
  evidence: [],
  commandId: 'bench',
  correlationId: 'bench',
  causationId: null,
};
const ROUNDS = 3;
const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, () => ({ ...EVENT, metadata: METADATA }));

/** `callers` concurrent loops appending `batch` events at a time, each over `streams` streams. */
async function appendLoad(
  store: EventStore,
  total: number,
  callers: number,
  batch: number,
  streams: number,
): Promise<number> {
  const appendsPerCaller = Math.ceil(total / callers / batch);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = 0; i < appendsPerCaller; i++) {
        await store.append(`rollout-p${caller}.E${i % streams}`, newEvents(batch), 'any');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return rate(appendsPerCaller * callers * batch, seconds);
}

/** The chaining alone (canonical JSON and one sha256 per event), on one core. */
function chainingCost(count: number): number {
  const events = newEvents(100);
  const at = new Date().toISOString();
  const started = process.hrtime.bigint();
  for (let done = 0; done < count; done += events.length) {
    chainEvents('rollout-p1.E09000022', emptyHead('rollout-p1.E09000022'), events, at);
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / count; // microseconds per event
}

/**
 * What tamper evidence costs: appends through TamperEvidentEventStore beside the plain SQLite
 * store, the chaining alone, and a verification of a sealed store (BENCH_VERIFY_EVENTS events,
 * default 200,000) with the most heap it used (run with `node --expose-gc` for a clean baseline,
 * and `--max-old-space-size` to show the verification fits in it).
 */
export async function benchTamperEvidence(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-tamper-'));
  let files = 0;
  const sqlite = (): SqliteEventStore =>
    new SqliteEventStore({ filename: join(dir, `store-${++files}.sqlite`) });
  try {
    const rows: string[][] = [];
    const measure = async (
      wrap: (store: EventStore) => EventStore,
      total: number,
      callers: number,
      batch: number,
    ): Promise<number> => {
      const store = wrap(sqlite());
      try {
        return await appendLoad(store, total, callers, batch, 50);
      } finally {
        await store.close();
      }
    };
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    for (const [label, total, callers, batch] of [
      ['64 callers x 1 event', 30_000, 64, 1],
      ['1 caller x 1 event', 2_000, 1, 1],
      ['64 callers x 100 events', 100_000, 64, 100],
    ] as const) {
      // Alternated and repeated: fsync times on a shared machine drift from run to run.
      const plainRuns: number[] = [];
      const chainedRuns: number[] = [];
      for (let run = 0; run < ROUNDS; run++) {
        plainRuns.push(await measure((store) => store, total, callers, batch));
        chainedRuns.push(
          await measure((store) => new TamperEvidentEventStore(store), total, callers, batch),
        );
      }
      const plain = median(plainRuns);
      const chained = median(chainedRuns);
      rows.push([
        label,
        `${Math.round(plain).toLocaleString('en-GB')} events/s`,
        `${Math.round(chained).toLocaleString('en-GB')} events/s`,
        `${Math.round((100 * (plain - chained)) / plain)}%`,
      ]);
    }
    printTable(
      `Tamper evidence: durable appends, plain SqliteEventStore and through TamperEvidentEventStore (median of ${ROUNDS} alternated runs)`,
      ['load', 'plain', 'tamper-evident', 'cost'],
      rows,
    );
    printTable(
      'Tamper evidence: chaining alone (canonical JSON + sha256), one core',
      ['measure', 'figure'],
      [['per event (typical milestone event)', `${chainingCost(200_000).toFixed(1)} µs`]],
    );

    const total = Number(process.env.BENCH_VERIFY_EVENTS ?? 200_000);
    const store = new TamperEvidentEventStore(sqlite());
    const sealer = new AuditSealer(store);
    const started = process.hrtime.bigint();
    for (let written = 0; written < total; written += total / 5) {
      await appendLoad(store, total / 5, 64, 20, 156); // up to 64 x 156 streams
      await sealer.seal();
    }
    const writeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    // With `node --expose-gc`, the baseline leaves out the garbage of the writes.
    (globalThis as { gc?: () => void }).gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 10);
    const verifyStarted = process.hrtime.bigint();
    const report = await new AuditTrailVerifier(store).verify();
    const verifySeconds = Number(process.hrtime.bigint() - verifyStarted) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    await store.close();
    const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    printTable(
      `Tamper evidence: verifying a sealed store of ${total.toLocaleString('en-GB')} events`,
      ['measure', 'figure'],
      [
        ['written (64 callers x 20 events, 5 seals)', `${writeSeconds.toFixed(1)} s`],
        [
          'verified',
          `${report.eventsChecked.toLocaleString('en-GB')} events, ${report.streamsChecked.toLocaleString('en-GB')} streams, ${report.sealsChecked} seals, ok: ${report.ok}`,
        ],
        [
          'verification time',
          `${verifySeconds.toFixed(1)} s (${Math.round(rate(report.eventsChecked, verifySeconds)).toLocaleString('en-GB')} events/s)`,
        ],
        ['heap before, and most during', `${mb(baseline)}, ${mb(peak)}`],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchTamperEvidence();
