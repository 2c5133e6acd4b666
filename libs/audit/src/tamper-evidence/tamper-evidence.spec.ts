import { copyFileSync, existsSync, rmSync } from 'fs';
import { join } from 'path';
import { sealRecordFile } from '@app/event-store';
import { INTEGRITY, eventHash, genesisHash, sha256 } from './integrity';
import { SEAL_STREAM } from './seal';
import { event, SealedStore, writeHistory } from './testing/sealed-store';
import { SqliteTampering } from './testing/sqlite-tampering';
import type { AuditProblem, AuditVerification } from './verify-audit-trail';

/**
 * Tamper evidence end to end on a real SQLite store: written through the tamper-evident store
 * and sealed, then changed behind its back in the file, as someone with the file could.
 *
 * Positions in the history (see writeHistory): A 1, 2, 9, 12; B 3-5, 13-14; programme 6;
 * rollout 7, 8, 16; area 10; seal 11 (covers 10); C 15, 18; seal 17 (covers 16).
 */
describe('tamper evidence on an SQLite store', () => {
  let sealed: SealedStore;
  let tampering: SqliteTampering;
  const expectDamage = (report: AuditVerification, problem: Partial<AuditProblem>): void => {
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining(problem));
  };

  beforeEach(async () => {
    sealed = new SealedStore();
    await writeHistory(sealed);
    tampering = new SqliteTampering(sealed.filename);
  });
  afterEach(() => {
    tampering.close();
    sealed.dispose();
  });

  it('passes an untouched store, counting what it checked', async () => {
    const report = await sealed.verify();
    expect(report).toEqual({
      ok: true,
      eventsChecked: 18,
      streamsChecked: 7,
      sealsChecked: 2,
      sealRecordEntries: 2,
      unchainedEvents: 0,
      checkedUpTo: 18,
      lastSeal: { position: 17, hash: sealed.seals[1].hash, sealedUpTo: 16 },
      problemCount: 0,
      problems: [],
    });
    expect(sealed.seals.map((seal) => [seal.position, seal.sealedUpTo, seal.number])).toEqual([
      [11, 10, 1],
      [17, 16, 2],
    ]);
  });

  it('names an altered event: its data changed (ALTERED)', async () => {
    const row = tampering.row(4);
    tampering.update(4, { data: { ...row.data, amountPence: 1 } });
    const report = await sealed.verify();
    expectDamage(report, {
      kind: 'ALTERED',
      streamId: 'recommendation-B',
      position: 4,
      version: 2,
    });
    expect(report.problemCount).toBe(1);
  });

  it('names a removed event in the middle of a stream (REMOVED)', async () => {
    tampering.delete(2); // recommendation-A version 2
    const report = await sealed.verify();
    expectDamage(report, {
      kind: 'REMOVED',
      streamId: 'recommendation-A',
      version: 2,
      position: 9,
    });
    expect(report.problems[0].message).toContain('version 2 is missing');
  });

  it('names a forged event inserted into a stream (INSERTED)', async () => {
    const { position: _at, ...last } = tampering.row(18); // C version 2, after the last seal
    const position = tampering.insert({
      ...last,
      version: 3,
      event_id: 'forged-1',
      type: 'RecommendationWithdrawn',
      data: { reason: 'forged' },
    });
    const report = await sealed.verify();
    expectDamage(report, {
      kind: 'INSERTED',
      streamId: 'recommendation-C',
      position,
      version: 3,
    });
  });

  it('names an event written around the store without an integrity block (INSERTED)', async () => {
    const position = tampering.insert({
      stream_id: 'recommendation-Z',
      version: 1,
      event_id: 'forged-2',
      type: 'RecommendationProposed',
      data: { title: 'Forged' },
      metadata: event('x').metadata,
      recorded_at: new Date().toISOString(),
    });
    expectDamage(await sealed.verify(), {
      kind: 'INSERTED',
      streamId: 'recommendation-Z',
      position,
      version: 1,
    });
  });

  it('names events of one stream stored out of their order (REORDERED)', async () => {
    tampering.swapPositions(2, 9); // recommendation-A versions 2 and 3
    const report = await sealed.verify();
    expectDamage(report, {
      kind: 'REORDERED',
      streamId: 'recommendation-A',
      position: 9,
      version: 2,
    });
    expect(report.problemCount).toBe(1);
  });

  it('names a sealed stream whose events were all deleted (STREAM_REMOVED)', async () => {
    expect(tampering.deleteStream('area-E10000006')).toBe(1);
    const report = await sealed.verify();
    expectDamage(report, {
      kind: 'STREAM_REMOVED',
      streamId: 'area-E10000006',
      position: 10,
      version: 1,
    });
    expect(report.problemCount).toBe(1);
  });

  it('names a sealed stream that lost its last events (TRUNCATED)', async () => {
    tampering.delete(13);
    tampering.delete(14); // recommendation-B versions 4 and 5, sealed by the second seal
    const report = await sealed.verify();
    expectDamage(report, {
      kind: 'TRUNCATED',
      streamId: 'recommendation-B',
      position: 14,
      version: 4,
    });
    expect(report.problemCount).toBe(1);
  });

  it('names events removed with the later ones renumbered to close the gap (REMOVED)', async () => {
    tampering.delete(4); // recommendation-B version 2; versions 3 to 5 move down
    for (const [position, version] of [
      [5, 2],
      [13, 3],
      [14, 4],
    ]) {
      tampering.update(position, { version });
    }
    expectDamage(await sealed.verify(), {
      kind: 'REMOVED',
      streamId: 'recommendation-B',
      position: 5,
      version: 2,
    });
  });

  it('names a forged event slipped in with the later ones renumbered (INSERTED)', async () => {
    for (const [position, version] of [
      [14, 6],
      [13, 5],
      [5, 4],
    ]) {
      tampering.update(position, { version });
    }
    const { position: _at, ...genuine } = tampering.row(4);
    const position = tampering.insert({
      ...genuine,
      version: 3,
      event_id: 'forged-3',
      data: { amountPence: 999 },
    });
    expectDamage(await sealed.verify(), {
      kind: 'INSERTED',
      streamId: 'recommendation-B',
      position,
      version: 3,
    });
  });

  it('flags a recordedAt moved back, even by a millisecond, once a later event records it', async () => {
    const row = tampering.row(9); // recommendation-A version 3; version 4 recorded its recordedAt
    const earlier = new Date(Date.parse(row.recorded_at) - 1).toISOString();
    tampering.update(9, { recorded_at: earlier });
    expectDamage(await sealed.verify(), {
      kind: 'ALTERED',
      streamId: 'recommendation-A',
      position: 9,
    });
  });

  it('flags a recordedAt far from when the event was chained, where nothing records it yet', async () => {
    const row = tampering.row(18);
    tampering.update(18, {
      recorded_at: new Date(Date.parse(row.recorded_at) - 86_400_000).toISOString(),
    });
    expectDamage(await sealed.verify(), { kind: 'ALTERED', position: 18 });
  });

  it('catches a stream rewritten with consistent hashes by its seal (SEAL_MISMATCH)', async () => {
    // Someone who knows the scheme alters B version 2 and recomputes the chain after it.
    let previousHash = genesisHash('recommendation-B');
    for (const row of tampering.rows('recommendation-B')) {
      const block = row.metadata[INTEGRITY] as Record<string, unknown>;
      const data = row.version === 2 ? { ...row.data, note: 'rewritten' } : row.data;
      const metadata = { ...row.metadata, [INTEGRITY]: { ...block, previousHash } };
      const hash = eventHash(previousHash, {
        streamId: row.stream_id,
        version: row.version,
        eventId: row.event_id,
        type: row.type,
        data,
        metadata,
      });
      tampering.update(row.position, {
        data,
        metadata: { ...metadata, [INTEGRITY]: { ...block, previousHash, hash } },
      });
      previousHash = hash;
    }
    const report = await sealed.verify();
    expectDamage(report, { kind: 'SEAL_MISMATCH', streamId: 'recommendation-B', position: 11 });
    expect(report.problems.map((problem) => problem.kind)).toEqual(['SEAL_MISMATCH']);
  });

  it('names seals removed, from the seal each later event names', async () => {
    tampering.delete(17); // the second seal, named by recommendation-C version 2
    expectDamage(await sealed.verify(), {
      kind: 'TRUNCATED',
      streamId: SEAL_STREAM,
      position: 18,
      version: 2,
    });
    expect(tampering.deleteStream(SEAL_STREAM)).toBe(1);
    tampering.delete(14); // and now a sealed event, which no seal is left to tell
    const report = await sealed.verify();
    expectDamage(report, { kind: 'STREAM_REMOVED', streamId: SEAL_STREAM, position: 18 });
    expect(report.problemCount).toBe(1);
  });

  it('names the newest seal removed with the events after it, from the seal record (TRUNCATED)', async () => {
    // The seal and the event after it: no event is left that names the seal.
    tampering.delete(18);
    tampering.delete(17);
    const report = await sealed.verify();
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'TRUNCATED',
        streamId: SEAL_STREAM,
        position: 17,
        version: 2,
        message: expect.stringContaining('the seal record, kept apart from the events, has seal 2'),
      }),
    ]);
  });

  it('names the newest seal removed and then written anew, from the seal record (SEAL_MISMATCH)', async () => {
    tampering.delete(18);
    tampering.delete(17);
    const rewritten = await sealed.seal(); // seal 2 again, over what is left
    expect(rewritten.number).toBe(2);
    expectDamage(await sealed.verify(), {
      kind: 'SEAL_MISMATCH',
      streamId: SEAL_STREAM,
      position: 17,
    });
  });

  it('names a copy of the database put back from before the newest seal (TRUNCATED)', async () => {
    const backup = join(sealed.dir, 'backup.sqlite');
    copyFileSync(sealed.filename, backup);
    await sealed.seal(); // seal 3, recorded beside the database, not in the backup
    copyFileSync(backup, sealed.filename);
    expectDamage(await sealed.verify(), { kind: 'TRUNCATED', streamId: SEAL_STREAM, version: 3 });
  });

  it('verifies seals written before the seal record, and records the seals written since', async () => {
    // A store sealed before this build kept no record: its seals are taken as they are, and
    // removing its newest seal goes unseen, as before.
    rmSync(sealRecordFile(sealed.filename));
    expect(await sealed.verify()).toMatchObject({
      ok: true,
      sealsChecked: 2,
      sealRecordEntries: 0,
    });
    const third = await sealed.seal(); // covers C version 2 (position 18)
    expect(existsSync(sealRecordFile(sealed.filename))).toBe(true);
    expect(await sealed.verify()).toMatchObject({ ok: true, sealsChecked: 3 });
    tampering.delete(third.position);
    tampering.delete(18);
    expectDamage(await sealed.verify(), { kind: 'TRUNCATED', streamId: SEAL_STREAM, version: 3 });
  });

  it('names an altered seal, and no innocent stream for it', async () => {
    const row = tampering.row(11);
    tampering.update(11, { data: { ...row.data, streamCount: 99 } });
    const report = await sealed.verify();
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'ALTERED', streamId: SEAL_STREAM, position: 11 }),
    ]);
  });

  it('notices a seal published outside the store missing from it (--expect-seal)', async () => {
    const [first, second] = sealed.seals;
    expect((await sealed.verify({ expectSeals: [first.hash, second.hash] })).ok).toBe(true);
    const report = await sealed.verify({ expectSeals: [sha256('a seal of another history')] });
    expectDamage(report, { kind: 'SEAL_MISMATCH', streamId: SEAL_STREAM, position: null });
  });

  it('names every event moved to another stream, and the stream they left', async () => {
    for (const row of tampering.rows('area-E10000006')) {
      tampering.update(row.position, { stream_id: 'area-E99999999' });
    }
    const report = await sealed.verify();
    expectDamage(report, { kind: 'ALTERED', streamId: 'area-E99999999', position: 10 });
    expectDamage(report, { kind: 'STREAM_REMOVED', streamId: 'area-E10000006', position: 10 });
  });

  it('cannot see the newest events of a stream removed before a seal covers them', async () => {
    // The documented limit: recommendation-C version 2 came after the last seal.
    tampering.delete(18);
    const copy = join(sealed.dir, 'copy.sqlite');
    copyFileSync(sealed.filename, copy);
    expect((await sealed.verify({}, copy)).ok).toBe(true);
  });
});
