import { seededRandom } from '@app/kernel';
import { digest, liveDigest } from '../support/read-model-digest';
import { TrackerServer } from '../support/tracker-server';
import {
  caughtUp,
  contiguous,
  createProgramme,
  LONDON,
  REPORT_STATUS,
  SEED,
  SIZES,
  statusReport,
  storedEvents,
} from './support';

const figures: Record<string, number | string> = {};

describe('reliability: kill -9 while writing', () => {
  // No timed seals: a seal appended between the two digests would differ them for no fault.
  const server = new TrackerServer('rel-crash', { SEAL_INTERVAL_SECONDS: '0' });
  const programmeId = 'rel-crash';
  let board = '';

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
    await createProgramme(server, board, programmeId, LONDON);
  });
  afterAll(async () => {
    console.log(`reliability figures (crash): ${JSON.stringify(figures)}`);
    await server.dispose();
  });

  it(`${SIZES.crashCycles} cycles of writes cut by kill -9: every acknowledged write survives, read models equal a rebuild`, async () => {
    const random = seededRandom(SEED + 3);
    const acknowledged = new Set<string>();
    let sent = 0;
    let next = 0;
    let unacknowledged = 0;
    for (let cycle = 0; cycle < SIZES.crashCycles; cycle++) {
      let crashed = false;
      // 16 writers, each sending one status report after another until the server dies.
      const writer = async (): Promise<void> => {
        while (!crashed) {
          const n = next++;
          const commandId = `crash-${n}`;
          sent++;
          try {
            const response = await server.gql(
              REPORT_STATUS,
              { input: statusReport(programmeId, LONDON[n % LONDON.length], n, commandId) },
              board,
            );
            if (response.status === 200 && !response.errors) acknowledged.add(commandId);
            else throw new Error(JSON.stringify(response.errors));
          } catch (error) {
            unacknowledged++;
            if (!crashed) throw error;
            return;
          }
        }
      };
      const writers = Array.from({ length: 16 }, writer);
      // A random moment: 50 ms to 1 s into the writes.
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(random() * 950)));
      crashed = true;
      await server.kill('SIGKILL');
      await Promise.all(writers);

      await server.start();
      const events = await storedEvents(server, `rollout-${programmeId}.`);
      const stored = new Map<string, number>();
      for (const event of events) {
        if (event.commandId) stored.set(event.commandId, (stored.get(event.commandId) ?? 0) + 1);
      }
      const lost = [...acknowledged].filter((commandId) => !stored.has(commandId));
      expect(lost).toEqual([]);
      expect([...stored.entries()].filter(([, count]) => count > 1)).toEqual([]);
      expect(contiguous(events)).toBe(true);

      await caughtUp(server);
      const live = await liveDigest(server);
      const rebuilt = JSON.parse(server.tracker('rebuild')) as { file: string };
      // On PostgreSQL the rebuilt schema has been renamed into the live one's place.
      expect(server.schema ? await liveDigest(server) : digest(rebuilt.file)).toEqual(live);
    }
    expect(acknowledged.size).toBeGreaterThan(0);
    // Writes cut by the kill may or may not have been committed; count those that were.
    const stored = (await storedEvents(server, `rollout-${programmeId}.`)).filter(
      (event) => event.commandId?.startsWith('crash-') && !acknowledged.has(event.commandId),
    );
    figures.cutButStored = stored.length;
    figures.cycles = SIZES.crashCycles;
    figures.writesSent = sent;
    figures.acknowledged = acknowledged.size;
    figures.cutByTheKill = unacknowledged;
    figures.acknowledgedLost = 0;
  });
});
