import { errorCode, TrackerServer } from './support/tracker-server';

const LIMIT = 25_000;
const TOO_COSTLY = new RegExp(`cost \\d+ exceeds the limit of ${LIMIT}`);
const aliases = (count: number, field: (i: number) => string): string =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join(' ')} }`;
const day = (i: number): string =>
  new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const INTROSPECTION = '{ __schema { types { name fields { name } } } }';
/** Refusals are told by their status in GraphQL over HTTP's own media type (application/json: 200). */
const STATUS_CODES = { accept: 'application/graphql-response+json' };

/**
 * What one request may ask for (issue 13): its cost counts lists at their real bound, pages at
 * `first` with variables read, verification and time-travelled roll-ups high; introspection is
 * answered to signed-in clients only. The server runs on the shipped data (153 areas).
 */
describe('what one query may cost', () => {
  const server = new TrackerServer('query-cost');
  let officer: string;
  let auditor: string;
  let board: string;

  beforeAll(async () => {
    await server.start();
    officer = server.createToken('LOCAL_AUTHORITY', 'Lou Officer', 'E09000022');
    auditor = server.createToken('AUDITOR', 'Ada Auditor');
    board = server.createToken('BOARD_MEMBER', 'Bea Board');
  });
  afterAll(() => server.dispose());

  // One programme's rollout: every programme's at once is priced at ten programmes of 153 areas.
  const MILESTONES =
    'programme(id: "families-first-partnership") { rollout { areas { milestones { key title targetDate achievedOn overdue } } } }';

  it("refuses 40 aliases of a programme's areas' milestones, naming the cost and the limit", async () => {
    const refused = await server.gql(
      aliases(40, () => MILESTONES),
      {},
      officer,
      STATUS_CODES,
    );
    expect(refused.status).toBe(400);
    expect(errorCode(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0].message).toMatch(TOO_COSTLY);
    // One of them is a fair question, answered.
    const one = await server.gql(`{ ${MILESTONES} }`, {}, officer);
    expect(one.errors).toBeUndefined();
    expect(one.data?.programme.rollout.areas.length).toBe(153);
  });

  it('prices first: $n at the value of $n', async () => {
    const query = `query($n: Int) { recommendations(first: $n) {
      nodes { id history { type occurredAt recordedAt } } } }`;
    const refused = await server.gql(query, { n: 100 }, board);
    expect(refused.errors?.[0].message).toMatch(TOO_COSTLY);
    const answered = await server.gql(query, { n: 20 }, board);
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.recommendations.nodes.length).toBeGreaterThan(0);
  });

  it('refuses 20 aliases of verifyAuditTrail: a request holds one verification at most', async () => {
    const refused = await server.gql(
      aliases(20, (i) => `verifyAuditTrail(expectSeals: ["${i}"]) { ok }`),
      {},
      auditor,
    );
    expect(refused.errors?.[0].message).toMatch(TOO_COSTLY);
    const one = await server.gql('{ verifyAuditTrail { ok eventsChecked } }', {}, auditor);
    expect(one.errors).toBeUndefined();
    expect(one.data?.verifyAuditTrail.eventsChecked).toBeGreaterThan(0);
  });

  it('refuses 600 aliases of rollouts in distinct time slices before parsing them all; ten cost too much; a few are answered', async () => {
    const rollout = (i: number) =>
      `programme(id: "social-workers-in-schools") { rollout(validAt: "${day(i)}") { today } }`;
    const unparsed = await server.gql(aliases(600, rollout), {}, board, STATUS_CODES);
    expect(unparsed.status).toBe(400);
    expect(errorCode(unparsed)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unparsed.errors?.[0].message).toMatch(/more that 1000 tokens/);
    const refused = await server.gql(aliases(10, rollout), {}, board);
    expect(refused.errors?.[0].message).toMatch(TOO_COSTLY);
    const few = await server.gql(aliases(3, rollout), {}, board);
    expect(few.errors).toBeUndefined();
    expect(few.data?.a2.rollout.today).toBe(day(2));
  });

  it('answers introspection to a valid token only, even once a signed-in client has asked', async () => {
    const signedIn = await server.gql(INTROSPECTION, {}, board);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data?.__schema.types.length).toBeGreaterThan(10);
    for (const token of [null, 'not-a-token']) {
      const refused = await server.gql(INTROSPECTION, {}, token);
      expect(errorCode(refused)).toBe('UNAUTHENTICATED');
      expect(refused).not.toHaveProperty('data'); // refused before it ran
    }
    const typeProbe = await server.gql('{ __type(name: "Programme") { name } }');
    expect(errorCode(typeProbe)).toBe('UNAUTHENTICATED');
    // __typename tells nothing about the schema: anyone may ask.
    expect((await server.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});

describe('introspection switched off (INTROSPECTION=off)', () => {
  const server = new TrackerServer('query-cost-off', {
    INTROSPECTION: 'off',
    SEED_ON_FIRST_START: 'false',
  });
  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it('is refused even to a valid token, naming the setting', async () => {
    const admin = server.createToken('ADMIN', 'Ann Admin');
    const refused = await server.gql(INTROSPECTION, {}, admin, STATUS_CODES);
    expect(refused.status).toBe(400);
    expect(errorCode(refused)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0].message).toContain('INTROSPECTION=off');
    expect((await server.gql('{ whoAmI { role } }', {}, admin)).data).toEqual({
      whoAmI: { role: 'ADMIN' },
    });
  });
});
