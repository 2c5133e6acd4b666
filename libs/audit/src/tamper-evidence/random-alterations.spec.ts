import { copyFileSync, rmSync } from 'fs';
import { join } from 'path';
import { event, SealedStore, writeHistory } from './testing/sealed-store';
import { alterRandomEvent, seededRandom, SqliteTampering } from './testing/sqlite-tampering';

const ALTERATIONS = Number(process.env.TAMPER_ALTERATIONS ?? 300);
const TOLERANCE_MS = 5 * 60 * 1000;

/**
 * The reliability check: many single random alterations of stored events (data, metadata with
 * the integrity block, type, recordedAt), each on a fresh copy of a sealed store; every one must
 * be detected. TAMPER_ALTERATIONS=1000 runs the thousand.
 */
describe('random alterations of a sealed SQLite store', () => {
  const sealed = new SealedStore();
  let newestSeal = 0;

  beforeAll(async () => {
    await writeHistory(sealed);
    await sealed.open(async (store, sealer) => {
      await sealer.prime();
      for (let i = 0; i < 40; i++) {
        const streamId = `rollout-programme-${i % 3}.E0900000${i % 7}`;
        const events =
          i % 4 === 0 ? [event(`Reported${i}`), event(`Status${i}`)] : [event(`E${i}`)];
        await store.append(streamId, events, 'any');
        if (i % 15 === 14) await sealed.seal(sealer);
      }
    });
    // Sealed last, so every stream's head is recorded by a seal; only this newest seal's own
    // recordedAt is pinned by nothing but its 5-minute tolerance (see the next test).
    newestSeal = (await sealed.seal()).position;
    expect((await sealed.verify()).ok).toBe(true);
  });
  afterAll(() => sealed.dispose());

  it(`detects each of ${ALTERATIONS} random alterations`, async () => {
    const random = seededRandom(Number(process.env.TAMPER_SEED ?? 20261123));
    const copy = join(sealed.dir, 'altered.sqlite');
    const undetected: string[] = [];
    const kinds = new Map<string, number>();
    for (let i = 0; i < ALTERATIONS; i++) {
      copyFileSync(sealed.filename, copy);
      const tampering = new SqliteTampering(copy);
      const alteration = alterRandomEvent(tampering, random, {
        unrecordedPositions: new Set([newestSeal]),
        minimumShiftMs: TOLERANCE_MS + 1000,
      });
      tampering.close();
      const report = await sealed.verify({}, copy);
      if (report.ok) undetected.push(JSON.stringify(alteration));
      for (const problem of report.problems) {
        kinds.set(problem.kind, (kinds.get(problem.kind) ?? 0) + 1);
      }
      const pointed = report.problems.some(
        (problem) =>
          problem.streamId === alteration.streamId || problem.position === alteration.position,
      );
      if (!report.ok && !pointed) undetected.push(`misplaced: ${JSON.stringify(alteration)}`);
      rmSync(copy, { force: true });
    }
    expect(undetected).toEqual([]);
    expect([...kinds.keys()]).toContain('ALTERED');
  });

  it("pins the newest seal's own recordedAt only to within the tolerance", async () => {
    const copy = join(sealed.dir, 'newest.sqlite');
    const shift = async (ms: number): Promise<boolean> => {
      copyFileSync(sealed.filename, copy);
      const tampering = new SqliteTampering(copy);
      const row = tampering.row(newestSeal);
      tampering.update(newestSeal, {
        recorded_at: new Date(Date.parse(row.recorded_at) + ms).toISOString(),
      });
      tampering.close();
      return (await sealed.verify({}, copy)).ok;
    };
    expect(await shift(1000)).toBe(true); // the documented limit
    expect(await shift(TOLERANCE_MS + 1000)).toBe(false);
  });
});
