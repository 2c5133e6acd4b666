import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore, type EventStore, type NewEvent } from '@app/event-store';
import { AuditSealer, type SealReport } from '../audit-sealer';
import { AuditTrailVerifier, type VerifyRequest } from '../audit-trail-verifier';
import { TamperEvidentEventStore } from '../tamper-evident-event-store';
import type { AuditVerification } from '../verify-audit-trail';

export const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  type,
  data: { ...data, note: `${type} happened` },
  metadata: {
    actor: { id: 'tok-1', name: 'Ada Board', role: 'BOARD_MEMBER', organisation: null },
    occurredAt: '2024-01-01T00:00:00.000Z',
    reason: null,
    evidence: ['https://example.org/evidence'],
    commandId: `cmd-${type}-${Math.random()}`,
    correlationId: 'corr-1',
    causationId: null,
  },
});

/**
 * An event store written through the tamper-evident store, each process opening and closing
 * it: an SQLite file by default, or whatever `adapter` opens.
 */
export class SealedStore {
  readonly dir = mkdtempSync(join(tmpdir(), 'rt-tamper-'));
  readonly filename = join(this.dir, 'events.sqlite');
  readonly seals: SealReport[] = [];

  constructor(private readonly adapter?: () => Promise<EventStore>) {}

  /** Opens the store (or an SQLite copy of it) through the tamper-evident store; runs `work`. */
  async open<T>(
    work: (store: TamperEvidentEventStore, sealer: AuditSealer) => Promise<T>,
    filename = this.filename,
  ): Promise<T> {
    const adapter =
      this.adapter && filename === this.filename
        ? await this.adapter()
        : new SqliteEventStore({ filename });
    const store = new TamperEvidentEventStore(adapter);
    try {
      return await work(store, new AuditSealer(store));
    } finally {
      await store.close();
    }
  }

  /** Seals with `sealer` (default: in a process of its own, as `tracker seal` does). */
  async seal(sealer?: AuditSealer): Promise<SealReport> {
    const { seal } = sealer
      ? await sealer.seal()
      : await this.open((_store, ownSealer) => ownSealer.seal());
    if (!seal) throw new Error('nothing sealed');
    this.seals.push(seal);
    return seal;
  }

  verify(request: VerifyRequest = {}, filename = this.filename): Promise<AuditVerification> {
    return this.open((store) => new AuditTrailVerifier(store).verify(request), filename);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A small history like the tracker's: recommendations, a programme with a rollout (one atomic
 * multi-stream append), an area, single and multi-event appends, two seals (the first by the
 * writing process, as the server seals, the second by another, as `tracker seal` does) and an
 * unsealed tail.
 */
export async function writeHistory(sealed: SealedStore): Promise<void> {
  await sealed.open(async (store, sealer) => {
    await store.append('recommendation-A', [event('Proposed')], 'no_stream');
    await store.append('recommendation-A', [event('Accepted')], 1);
    await store.append(
      'recommendation-B',
      [event('Proposed'), event('Accepted'), event('Funded', { amountPence: 150_000 })],
      'no_stream',
    );
    await store.appendMany([
      { streamId: 'programme-hubs', events: [event('ProgrammeCreated')], expectedVersion: 'any' },
      {
        streamId: 'rollout-hubs.E09000022',
        events: [event('AreaEnrolled'), event('MilestoneReported', { key: 'm1' })],
        expectedVersion: 'no_stream',
      },
    ]);
    await store.append('recommendation-A', [event('Funded')], 'any');
    await store.append('area-E10000006', [event('AreaReplaced')], 'any');
    await sealed.seal(sealer);
    await store.append('recommendation-A', [event('Piloted')], 'exists');
    await store.append('recommendation-B', [event('Piloted'), event('RolledOut')], 3);
    await store.append('recommendation-C', [event('Proposed')], 'no_stream');
    await store.append('rollout-hubs.E09000022', [event('StatusReported', { rag: 'GREEN' })], 2);
  });
  await sealed.seal();
  await sealed.open(async (store, sealer) => {
    await sealer.prime();
    await store.append('recommendation-C', [event('Accepted')], 1);
  });
}
