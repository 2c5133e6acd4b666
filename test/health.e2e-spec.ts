import { escapeIdentifier } from 'pg';
import { E2E_EVENT_STORE, TrackerServer, withDatabase } from './support/tracker-server';

const PROPOSE = `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`;

// A table that goes away under a running server is a PostgreSQL matter (the SQLite store is a
// file the process holds open).
const describeOnPostgres = E2E_EVENT_STORE === 'postgres' ? describe : describe.skip;

const until = async (check: () => Promise<boolean>, timeoutMs: number): Promise<number> => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
};

describeOnPostgres('health when the events table goes away and comes back', () => {
  const server = new TrackerServer('health');
  let board: string;
  const publicHealth = async () => {
    const response = await fetch(`${server.url}/health`);
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
  });
  afterAll(() => server.dispose());

  it('says only "unavailable" in public, then recovers by itself once writes succeed', async () => {
    const schema = escapeIdentifier(server.schema!);
    await withDatabase((client) => client.query(`ALTER TABLE ${schema}.events RENAME TO gone`));
    try {
      await until(async () => (await publicHealth()).status === 503, 10_000);
      // No table, query or driver text: that is for /health/detail, for admins.
      expect(await publicHealth()).toEqual({
        status: 503,
        body: JSON.stringify({ status: 'unavailable' }),
      });
      expect((await server.healthDetail()).body.store.error).toMatch(/events/);
      // Every projection polls the store every 250 ms: let each of them fail a few times.
      await new Promise((resolve) => setTimeout(resolve, 2500));
    } finally {
      await withDatabase((client) => client.query(`ALTER TABLE ${schema}.gone RENAME TO events`));
    }

    const written = await server.gql(
      PROPOSE,
      {
        input: {
          id: 'E2E-HEALTH-1',
          title: 't',
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
        },
      },
      board,
    );
    expect(written.errors).toBeUndefined();
    // Only the recommendations and audit-trail projections get the new event; the rollout ones
    // have nothing new to apply and must report healthy all the same. After at most four
    // failures the backoff is 8 s at most, so 20 s is ample.
    await until(async () => (await publicHealth()).status === 200, 20_000);
    const { status, body } = await server.healthDetail();
    expect(status).toBe(200);
    expect(body.projections!.map(({ name, running, error }) => ({ name, running, error }))).toEqual(
      [
        'recommendations',
        'programmes',
        'area-rollouts',
        'rollout-history',
        'audit-trail',
        'accounts',
      ].map((name) => ({ name, running: true, error: null })),
    );
  }, 60_000);
});
