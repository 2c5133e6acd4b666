import { seededRandom } from '@app/kernel';
import { TrackerServer } from '../support/tracker-server';
import {
  codes,
  contiguous,
  createProgramme,
  LAMBETH,
  LONDON,
  pool,
  REPORT_STATUS,
  SEED,
  SIZES,
  statusReport,
  storedEvents,
} from './support';

/** Figures for docs/RELIABILITY.md, printed at the end. */
const figures: Record<string, number | string> = {};

describe('reliability: concurrent writers and repeated commands', () => {
  const server = new TrackerServer('rel-concurrency');
  let board = '';

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
  });
  afterAll(async () => {
    console.log(`reliability figures (concurrency): ${JSON.stringify(figures)}`);
    await server.dispose();
  });

  it(`${SIZES.writers} concurrent writers on one rollout stream: every acknowledged write stored once, versions contiguous`, async () => {
    const programmeId = 'rel-writers';
    await createProgramme(server, board, programmeId, [LAMBETH]);
    const stream = `rollout-${programmeId}.${LAMBETH}`;
    const before = (await storedEvents(server, stream)).length;

    const responses = await Promise.all(
      Array.from({ length: SIZES.writers }, (_, n) =>
        server.gql(
          REPORT_STATUS,
          { input: statusReport(programmeId, LAMBETH, n, `writer-${n}`) },
          board,
        ),
      ),
    );
    const acknowledged = responses.flatMap((response, n) =>
      response.errors ? [] : [`writer-${n}`],
    );
    // Without expectedVersion a writer that loses a race decides again: every write succeeds.
    expect(responses.filter((response) => response.errors).map(codes)).toEqual([]);
    expect(responses.every((response) => response.status === 200)).toBe(true);

    const events = await storedEvents(server, stream);
    expect(contiguous(events)).toBe(true);
    expect(events.length).toBe(before + acknowledged.length);
    const stored = events.map((event) => event.commandId);
    for (const commandId of acknowledged) {
      expect(stored.filter((id) => id === commandId)).toHaveLength(1);
    }
    // Each acknowledged response names a distinct version: no two writers were told the same.
    const versions = responses.map((response) => response.data?.reportStatus.version as number);
    expect(new Set(versions).size).toBe(SIZES.writers);
    figures.writersOnOneRollout = SIZES.writers;
    figures.writersAcknowledged = acknowledged.length;
    figures.rolloutStreamVersions = events.length;
  });

  it(`${SIZES.writers} concurrent writers naming the same expectedVersion: exactly one wins, the rest VERSION_CONFLICT`, async () => {
    const programmeId = 'rel-writers';
    const stream = `rollout-${programmeId}.${LAMBETH}`;
    const before = await storedEvents(server, stream);
    const expectedVersion = before.length;
    const responses = await Promise.all(
      Array.from({ length: SIZES.writers }, (_, n) =>
        server.gql(
          REPORT_STATUS,
          {
            input: {
              ...statusReport(programmeId, LAMBETH, n, `expected-${n}`),
              expectedVersion,
            },
          },
          board,
        ),
      ),
    );
    const won = responses.filter((response) => !response.errors);
    expect(won).toHaveLength(1);
    expect(
      responses
        .filter((response) => response.errors)
        .flatMap(codes)
        .every((code) => code === 'VERSION_CONFLICT'),
    ).toBe(true);
    const after = await storedEvents(server, stream);
    expect(after.length).toBe(before.length + 1);
    expect(contiguous(after)).toBe(true);
  });

  it(`${SIZES.writers} concurrent writers on one recommendation: one acceptance, the rest refused with a code, one event`, async () => {
    const id = 'REL-CONCURRENT';
    const proposed = await server.gql(
      `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { version } }`,
      {
        input: {
          id,
          title: 'Concurrent acceptance',
          theme: 'Unlocking the potential of family networks',
          sourceId: 'ircsc-final-report-2022',
          occurredAt: '2022-05-23T00:00:00Z',
        },
      },
      board,
    );
    expect(proposed.errors).toBeUndefined();
    const stream = `recommendation-${id}`;
    const responses = await Promise.all(
      Array.from({ length: SIZES.writers }, (_, n) =>
        server.gql(
          `mutation($input: AcceptRecommendationInput!) { acceptRecommendation(input: $input) { stage version } }`,
          {
            input: {
              id,
              reason: `Writer ${n}`,
              occurredAt: '2023-02-02T10:00:00Z',
              commandId: `accept-${n}`,
            },
          },
          board,
        ),
      ),
    );
    const acknowledged = responses.filter((response) => !response.errors);
    expect(acknowledged).toHaveLength(1);
    expect(
      responses
        .filter((response) => response.errors)
        .flatMap(codes)
        .every((code) => code === 'INVALID_TRANSITION'),
    ).toBe(true);
    const events = await storedEvents(server, stream);
    expect(events.map((event) => event.type)).toEqual([
      'RecommendationProposed',
      'RecommendationAccepted',
    ]);
    expect(contiguous(events)).toBe(true);
    figures.writersOnOneRecommendation = SIZES.writers;
  });

  it(`${SIZES.commands} commands each sent two or three times with the same commandId, some concurrently: zero duplicates`, async () => {
    const programmeId = 'rel-duplicates';
    await createProgramme(server, board, programmeId, LONDON);
    const random = seededRandom(SEED);
    const plan = Array.from({ length: SIZES.commands }, (_, n) => ({
      areaCode: LONDON[n % LONDON.length],
      copies: random() < 0.5 ? 2 : 3,
      // concurrent: every copy at once; sequential: one after another; late: a copy again at the end.
      mode: (['concurrent', 'sequential', 'late'] as const)[Math.floor(random() * 3)],
    }));
    const send = (n: number) =>
      server.gql(
        REPORT_STATUS,
        { input: statusReport(programmeId, plan[n].areaCode, n, `dup-${n}`) },
        board,
      );
    const answers: { n: number; version: number | null; codes: string[] }[] = [];
    const record = (n: number, response: Awaited<ReturnType<typeof send>>) =>
      answers.push({
        n,
        version: (response.data?.reportStatus?.version as number | undefined) ?? null,
        codes: codes(response),
      });
    await pool(SIZES.commands, 32, async (n) => {
      const { copies, mode } = plan[n];
      if (mode === 'concurrent') {
        const responses = await Promise.all(Array.from({ length: copies }, () => send(n)));
        responses.forEach((response) => record(n, response));
      } else {
        const count = mode === 'late' ? copies - 1 : copies;
        for (let copy = 0; copy < count; copy++) record(n, await send(n));
      }
    });
    const late = plan.flatMap((entry, n) => (entry.mode === 'late' ? [n] : []));
    await pool(late.length, 32, async (i) => record(late[i], await send(late[i])));

    const sent = answers.length;
    expect(sent).toBe(plan.reduce((sum, entry) => sum + entry.copies, 0));
    expect(answers.filter((answer) => answer.codes.length)).toEqual([]);
    // Every copy of a command is answered with the state right after that command.
    const versionOf = new Map<number, Set<number | null>>();
    for (const answer of answers) {
      versionOf.set(answer.n, (versionOf.get(answer.n) ?? new Set()).add(answer.version));
    }
    expect([...versionOf.entries()].filter(([, versions]) => versions.size !== 1)).toEqual([]);

    const events = (await storedEvents(server, `rollout-${programmeId}.`)).filter((event) =>
      event.commandId?.startsWith('dup-'),
    );
    const perCommand = new Map<string, number>();
    for (const event of events) {
      perCommand.set(event.commandId!, (perCommand.get(event.commandId!) ?? 0) + 1);
    }
    const duplicates = [...perCommand.values()].filter((count) => count > 1).length;
    expect(duplicates).toBe(0);
    expect(perCommand.size).toBe(SIZES.commands);
    expect(contiguous(await storedEvents(server, `rollout-${programmeId}.`))).toBe(true);
    figures.commands = SIZES.commands;
    figures.requestsSent = sent;
    figures.concurrentCommands = plan.filter((entry) => entry.mode === 'concurrent').length;
    figures.eventsStored = events.length;
    figures.duplicates = duplicates;
  });
});
