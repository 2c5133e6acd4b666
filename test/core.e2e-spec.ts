import { readFileSync } from 'fs';
import { join } from 'path';
import {
  E2E_EVENT_STORE,
  errorCode,
  GraphQLResponse,
  postUnread,
  TrackerServer,
} from './support/tracker-server';

/** How many recommendations the shipped data holds. */
const SHIPPED_RECOMMENDATIONS = (
  JSON.parse(
    readFileSync(join(__dirname, '..', 'reference-data', 'recommendations.json'), 'utf8'),
  ) as {
    recommendations: unknown[];
  }
).recommendations.length;

describe('the API over HTTP (core)', () => {
  let server: TrackerServer;
  const tokens: Record<string, string> = {};
  let n = 0;
  const newId = (): string => `E2E-CORE-${++n}`;
  const start = (): Promise<void> => server.start();
  const stop = (): Promise<void> => server.stop();
  const tracker = (...args: string[]): string => server.tracker(...args);
  const createToken = (role: string, name: string, area?: string): string =>
    server.createToken(role, name, area);
  const gql = (
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = tokens.board,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse> => server.gql(query, variables, token, headers);
  const code = errorCode;

  const PROPOSE = `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id stage version } }`;
  const propose = (id: string, extra: Record<string, unknown> = {}, token?: string) =>
    gql(
      PROPOSE,
      {
        input: {
          id,
          title: `Recommendation ${id}`,
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
          occurredAt: '2022-05-23T00:00:00Z',
          ...extra,
        },
      },
      token,
    );
  const step = (mutation: string, input: Record<string, unknown>, token?: string) =>
    gql(
      `mutation($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { id stage version } }`,
      { input },
      token,
    );
  const RECOMMENDATION = `query($id: ID!) { recommendation(id: $id) {
    id title stage version summary theme source { name url }
    acceptance { decision reason decidedAt } funding { amountPence fundingSource periodStart periodEnd fundedAt }
    pilot { areas startDate plannedEndDate } rollout { scope areas rolloutDate } withdrawal { reason } rejection { reason }
    history { type version position data actor { id name role organisation } occurredAt recordedAt reason evidence commandId correlationId causationId }
  } }`;
  const read = async (id: string) =>
    (await gql(RECOMMENDATION, { id })).data?.recommendation as Record<string, any>;

  beforeAll(async () => {
    server = new TrackerServer('core');
    await start();
    tokens.board = createToken('BOARD_MEMBER', 'Ada Board');
    tokens.admin = createToken('ADMIN', 'Ann Admin');
    tokens.auditor = createToken('AUDITOR', 'Ed Auditor');
    tokens.officer = createToken('LOCAL_AUTHORITY', 'Lou Lambeth', 'E09000022');
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('serves the seeded recommendations on a first start', async () => {
    const counts = await gql('{ recommendationStageCounts { stage count } }');
    const total = (counts.data?.recommendationStageCounts as { count: number }[]).reduce(
      (sum, c) => sum + c.count,
      0,
    );
    expect(total).toBe(SHIPPED_RECOMMENDATIONS);
    // Proposed, accepted, the government's response, rolled out: no invented steps between.
    expect(await read('CSC-FRAMEWORK')).toMatchObject({ stage: 'ROLLED_OUT', version: 4 });
    expect(await read('CSC-FAMILY-HELP')).toMatchObject({
      stage: 'ROLLED_OUT',
      pilot: { areas: ['E06000059', 'E10000019', 'E08000031'] },
    });
  });

  it('walks a recommendation through every step, recording the facts and who did it', async () => {
    const id = newId();
    expect((await propose(id)).data?.proposeRecommendation).toEqual({
      id,
      stage: 'PROPOSED',
      version: 1,
    });
    expect(
      (
        await step('acceptRecommendation', {
          id,
          reason: 'Government response',
          decision: 'ACCEPTED_IN_PART',
          occurredAt: '2023-02-02T00:00:00Z',
        })
      ).data,
    ).toBeTruthy();
    await step(
      'fundRecommendation',
      {
        id,
        amountPence: 4_500_000_000,
        fundingSource: 'DfE',
        periodStart: '2023-07-01',
        periodEnd: '2025-03-31',
        occurredAt: '2023-07-01T00:00:00Z',
        evidence: ['https://www.gov.uk/a'],
      },
      tokens.admin,
    );
    await step('startPilot', {
      id,
      areas: ['E09000022', 'E06000045'],
      startDate: '2023-07-26',
      occurredAt: '2023-07-26T00:00:00Z',
    });
    const rolled = await step('rollOutRecommendation', {
      id,
      scope: 'AREAS',
      areas: ['E08000007'],
      rolloutDate: '2025-04-01',
      occurredAt: '2025-04-01T00:00:00Z',
      commandId: 'rollout-cmd',
    });
    expect(rolled.data?.rollOutRecommendation).toEqual({ id, stage: 'ROLLED_OUT', version: 5 });
    const recommendation = await read(id);
    expect(recommendation).toMatchObject({
      acceptance: {
        decision: 'ACCEPTED_IN_PART',
        reason: 'Government response',
        decidedAt: '2023-02-02T00:00:00.000Z',
      },
      funding: { amountPence: 4_500_000_000, fundingSource: 'DfE', periodEnd: '2025-03-31' },
      pilot: { areas: ['E09000022', 'E06000045'], startDate: '2023-07-26' },
      rollout: { scope: 'AREAS', areas: ['E08000007'], rolloutDate: '2025-04-01' },
    });
    const history = recommendation.history as Record<string, any>[];
    expect(history.map((entry) => entry.type)).toEqual([
      'RecommendationProposed',
      'RecommendationAccepted',
      'RecommendationFunded',
      'RecommendationPilotStarted',
      'RecommendationRolledOut',
    ]);
    expect(history[0].actor).toMatchObject({
      name: 'Ada Board',
      role: 'BOARD_MEMBER',
      organisation: null,
    });
    expect(history[2]).toMatchObject({
      actor: { name: 'Ann Admin', role: 'ADMIN' },
      evidence: ['https://www.gov.uk/a'],
    });
    expect(history[4]).toMatchObject({
      commandId: 'rollout-cmd',
      occurredAt: '2025-04-01T00:00:00.000Z',
    });
    expect(Date.parse(history[4].recordedAt as string)).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('rejects and withdraws with reasons', async () => {
    const rejected = newId();
    await propose(rejected);
    expect(
      (await step('rejectRecommendation', { id: rejected, reason: 'Not affordable' })).data
        ?.rejectRecommendation,
    ).toMatchObject({ stage: 'REJECTED' });
    const withdrawn = newId();
    await propose(withdrawn);
    expect(
      (await step('withdrawRecommendation', { id: withdrawn, reason: 'Superseded' })).data
        ?.withdrawRecommendation,
    ).toMatchObject({ stage: 'WITHDRAWN' });
    expect((await read(withdrawn)).withdrawal).toEqual({ reason: 'Superseded' });
  });

  it('lists by stage, theme and source with cursor pagination, including writes just made', async () => {
    const ids = [newId(), newId(), newId()];
    const source = await gql(
      `mutation($input: AddSourceInput!) { addSource(input: $input) { id } }`,
      {
        input: {
          id: 'paging-source',
          kind: 'INQUIRY',
          title: 'Paging source',
          publisher: 'Tests',
          publishedOn: '2022-05-23',
          themes: ['The care experience'],
        },
      },
    );
    expect(source.errors).toBeUndefined();
    for (const id of ids)
      await propose(id, { theme: 'The care experience', sourceId: 'paging-source' });
    const seen: string[] = [];
    const pages: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response = await gql(
        'query($after: String) { recommendations(filter: { theme: "The care experience", source: "paging", stage: PROPOSED }, first: 2, after: $after) { totalCount edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
        { after },
      );
      const connection = response.data?.recommendations as Record<string, any>;
      expect(connection.totalCount).toBe(3);
      const edges = connection.edges as { cursor: string; node: { id: string } }[];
      expect(edges.map((edge) => edge.node)).toEqual(connection.nodes);
      // The cursor connections specification's page info: the first and last edges' cursors.
      expect(connection.pageInfo).toMatchObject({
        startCursor: edges[0].cursor,
        endCursor: edges.at(-1)!.cursor,
      });
      pages.push(connection.pageInfo);
      seen.push(...edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor as string;
    }
    expect(seen.sort()).toEqual([...ids].sort());
    expect(pages.map(({ hasNextPage, hasPreviousPage }) => [hasPreviousPage, hasNextPage])).toEqual(
      [
        [false, true],
        [true, false],
      ],
    );
    expect(code(await gql('{ recommendations(after: "bm90LWEtY3Vyc29y") { totalCount } }'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await gql('{ recommendations(first: 101) { totalCount } }'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('takes dates as Date and instants as DateTime, refusing a date that does not exist by name', async () => {
    const id = newId();
    await propose(id, { occurredAt: '2022-05-23T01:30:00+01:00' });
    expect(
      (
        await step('acceptRecommendation', {
          id,
          reason: 'Government response',
          occurredAt: '2023-02-02T10:00:00Z',
        })
      ).data?.acceptRecommendation,
    ).toMatchObject({ version: 2 });
    const refused = await step('rollOutRecommendation', {
      id,
      scope: 'NATIONAL',
      rolloutDate: '2026-13-45',
    });
    // Refused before it runs, as any invalid request, naming the field; in the same words every time.
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      field: 'input.rolloutDate',
    });
    expect(refused.errors?.[0].message).toBe(
      'Variable "$input" got invalid value "2026-13-45" at "input.rolloutDate"; Date cannot represent an invalid date-string 2026-13-45.',
    );
    const recommendation = await read(id);
    expect(recommendation.version).toBe(2);
    // An instant sent with an offset is kept, and answered, in UTC with milliseconds.
    expect(recommendation.history[0].occurredAt).toBe('2022-05-23T00:30:00.000Z');
    expect(recommendation.acceptance.decidedAt).toBe('2023-02-02T10:00:00.000Z');
    const missing = await gql('query($id: ID!) { recommendation(id: $id) { id } }', {});
    expect(missing.errors?.[0].message).toBe(
      'Variable "$id" of required type "ID!" was not provided.',
    );
  });

  describe('errors carry codes and write nothing', () => {
    it.each([
      [
        'BAD_USER_INPUT',
        'rollOutRecommendation',
        { scope: 'NATIONAL', rolloutDate: '2025-01-01' },
        { field: 'reason', rule: 'requiredToSkipStages' },
      ],
      [
        'BAD_USER_INPUT',
        'recordGovernmentResponse',
        { decision: 'NOTED', respondedOn: '2022-05-22', evidenceUrl: 'https://www.gov.uk/' },
        { field: 'respondedOn', rule: 'notBeforeProposal' },
      ],
      [
        'BAD_USER_INPUT',
        'linkRecommendations',
        { relation: 'RELATED_TO', otherId: 'NO-SUCH-ONE' },
        { field: 'otherId', rule: 'knownRecommendation' },
      ],
      [
        'BAD_USER_INPUT',
        'acceptRecommendation',
        { reason: '' },
        { field: 'reason', rule: 'required' },
      ],
      [
        'BAD_USER_INPUT',
        'acceptRecommendation',
        { reason: 'x', evidence: ['not a url'] },
        { field: 'evidence', rule: 'isUrl' },
      ],
      [
        'BAD_USER_INPUT',
        'acceptRecommendation',
        { reason: 'x', occurredAt: '2099-01-01T00:00:00Z' },
        { field: 'occurredAt', rule: 'notInFuture' },
      ],
      [
        'BAD_USER_INPUT',
        'acceptRecommendation',
        { reason: 'x', occurredAt: 'yesterday' },
        { field: 'occurredAt' },
      ],
      [
        'VERSION_CONFLICT',
        'acceptRecommendation',
        { reason: 'x', expectedVersion: 7 },
        { actualVersion: 1 },
      ],
    ])('%s from %s', async (expected, mutation, input, details) => {
      const id = newId();
      await propose(id);
      const response = await step(mutation, { id, ...input });
      expect(response.errors?.[0].extensions).toMatchObject({ code: expected, ...details });
      expect(await read(id)).toMatchObject({ version: 1, stage: 'PROPOSED' });
    });

    it('UNKNOWN_AREA, NOT_FOUND and ALREADY_EXISTS', async () => {
      const id = newId();
      await propose(id);
      await step('acceptRecommendation', { id, reason: 'ok' });
      await step('fundRecommendation', { id, fundingSource: 'DfE' });
      const pilot = await step('startPilot', { id, areas: ['E09999999'], startDate: '2024-01-01' });
      expect(pilot.errors?.[0].extensions).toMatchObject({
        code: 'UNKNOWN_AREA',
        areaCodes: ['E09999999'],
      });
      expect((await read(id)).version).toBe(3);
      expect(code(await gql('{ recommendation(id: "NOPE") { id } }'))).toBe('NOT_FOUND');
      expect(code(await propose(id))).toBe('ALREADY_EXISTS');
    });

    it('UNAUTHENTICATED without a token, with a garbage one and with a revoked one', async () => {
      expect(code(await gql('{ recommendationStageCounts { count } }', {}, null))).toBe(
        'UNAUTHENTICATED',
      );
      expect(code(await gql('{ recommendationStageCounts { count } }', {}, 'rt_garbage'))).toBe(
        'UNAUTHENTICATED',
      );
      // Created and revoked by the CLI in another process while the server runs.
      const token = createToken('BOARD_MEMBER', 'Short lived');
      expect(code(await gql('{ recommendationStageCounts { count } }', {}, token))).toBeUndefined();
      tracker('token', 'revoke', token.slice(3, 39));
      expect(code(await gql('{ recommendationStageCounts { count } }', {}, token))).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('FORBIDDEN for auditors and local authorities on lifecycle mutations, while they can read', async () => {
      const id = newId();
      await propose(id);
      for (const role of ['auditor', 'officer']) {
        expect(code(await propose(newId(), {}, tokens[role]))).toBe('FORBIDDEN');
        expect(code(await step('acceptRecommendation', { id, reason: 'x' }, tokens[role]))).toBe(
          'FORBIDDEN',
        );
        expect(code(await step('withdrawRecommendation', { id, reason: 'x' }, tokens[role]))).toBe(
          'FORBIDDEN',
        );
        expect(
          (
            await gql(
              'query($id: ID!) { recommendation(id: $id) { version } }',
              { id },
              tokens[role],
            )
          ).data?.recommendation,
        ).toEqual({ version: 1 });
      }
    });

    it('limits depth, cost, malformed input and body size', async () => {
      // A wrongly typed variable is refused before the query runs, as any invalid document.
      expect(
        code(await gql('query($v: Int) { recommendations(first: $v) { totalCount } }', { v: 'x' })),
      ).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(code(await gql('{ recommendations( }'))).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(
        code(
          await gql(
            `{ ${['a', 'b', 'c', 'd', 'e'].map((alias) => `${alias}: recommendations(first: 100) { nodes { id history { type } } }`).join(' ')} }`,
          ),
        ),
      ).toBe('GRAPHQL_VALIDATION_FAILED');
      const huge = await postUnread(
        `${server.url}/graphql`,
        JSON.stringify({
          query: `{ recommendationStageCounts { count } }`,
          padding: 'x'.repeat(2 * 1024 * 1024),
        }),
        { 'content-type': 'application/json', authorization: `Bearer ${tokens.board}` },
      );
      expect(huge.status).toBe(413);
      expect((JSON.parse(huge.body) as GraphQLResponse).errors?.[0].extensions.code).toBe(
        'PAYLOAD_TOO_LARGE',
      );
      // Found by the reliability suite: a query that is JSON (or a number, coerced to one) was
      // taken for a parsed document and failed as an internal error.
      for (const query of [5, '5', true, '{"kind":"Document","definitions":[{}]}', {}]) {
        const refused = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.board}` },
          body: JSON.stringify({ query }),
        });
        expect(refused.status).toBe(400);
        expect(((await refused.json()) as GraphQLResponse).errors?.[0].extensions.code).toBe(
          'BAD_REQUEST',
        );
      }
      // A subscription over HTTP (it needs WebSocket) and an ISO 8601 form Date cannot read were
      // internal errors too.
      expect(code(await gql('subscription { eventRecorded { type } }'))).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
      const basic = await gql(
        'mutation { rejectRecommendation(input: { id: "CSC-SWIS", reason: "x", occurredAt: "20240101" }) { id } }',
      );
      expect(basic.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'occurredAt',
      });
      // A request to no route answers with a code, like the other plain HTTP refusals.
      const put = await fetch(`${server.url}/graphql`, { method: 'PUT', body: '{}' });
      expect(put.status).toBe(404);
      expect(await put.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });
  });

  describe('retries and races', () => {
    it('a retried commandId returns the original result and writes once, also when concurrent', async () => {
      const id = newId();
      await propose(id);
      const accept = () =>
        step('acceptRecommendation', { id, reason: 'ok', commandId: `accept-${id}` });
      const first = await accept();
      const retries = await Promise.all(Array.from({ length: 5 }, accept));
      for (const retry of retries) expect(retry.data).toEqual(first.data);
      expect((await read(id)).version).toBe(2);
    });

    it('a commandId used again for another request answers IDEMPOTENCY_CONFLICT, writing nothing', async () => {
      const id = newId();
      const commandId = `propose-${id}`;
      const first = await propose(id, { commandId });
      expect(first.data?.proposeRecommendation).toEqual({ id, stage: 'PROPOSED', version: 1 });
      const changed = await propose(id, { commandId, title: 'Another title' });
      expect(changed.data).toBeNull();
      expect(changed.errors?.[0]).toMatchObject({
        message: expect.stringContaining(`Command ${commandId}`),
        extensions: { code: 'IDEMPOTENCY_CONFLICT', commandId },
      });
      // The same request again is still a retry, answered as the first time.
      expect((await propose(id, { commandId })).data).toEqual(first.data);
      expect(await read(id)).toMatchObject({ title: `Recommendation ${id}`, version: 1 });
    });

    it('two writers with the same expectedVersion: one wins, the other gets VERSION_CONFLICT', async () => {
      const id = newId();
      await propose(id);
      const [a, b] = await Promise.all([
        step('acceptRecommendation', { id, reason: 'a', expectedVersion: 1 }),
        step('withdrawRecommendation', { id, reason: 'b', expectedVersion: 1 }),
      ]);
      expect([code(a), code(b)].filter((c) => c === 'VERSION_CONFLICT')).toHaveLength(1);
      expect((await read(id)).version).toBe(2);
    });

    it('without expectedVersion, the later writer is applied after the first, never lost', async () => {
      const id = newId();
      await propose(id);
      const [accepted, withdrawn] = await Promise.all([
        step('acceptRecommendation', { id, reason: 'a' }),
        step('withdrawRecommendation', { id, reason: 'b' }),
      ]);
      const history = ((await read(id)).history as { type: string }[]).map((entry) => entry.type);
      if (!accepted.errors) expect(history).toContain('RecommendationAccepted');
      if (!withdrawn.errors) expect(history).toContain('RecommendationWithdrawn');
      // Both apply (accept, then withdraw) or withdraw wins first and accept is refused as a transition.
      // (Any other code is listed: one under load on PostgreSQL was not, and is not known.)
      expect(
        [code(accepted), code(withdrawn)].filter(
          (c) => c !== undefined && c !== 'INVALID_TRANSITION',
        ),
      ).toEqual([]);
      expect(history.length).toBe(1 + [accepted, withdrawn].filter((r) => !r.errors).length);
    });

    it('20 concurrent proposals all land and are counted at once', async () => {
      const before = await gql('{ recommendationStageCounts { stage count } }');
      const proposedBefore = (
        before.data?.recommendationStageCounts as { stage: string; count: number }[]
      ).find((c) => c.stage === 'PROPOSED')!.count;
      const results = await Promise.all(Array.from({ length: 20 }, () => propose(newId())));
      expect(results.every((result) => !result.errors)).toBe(true);
      const after = await gql('{ recommendationStageCounts { stage count } }');
      expect(
        (after.data?.recommendationStageCounts as { stage: string; count: number }[]).find(
          (c) => c.stage === 'PROPOSED',
        )!.count,
      ).toBe(proposedBefore + 20);
    });
  });

  describe('operations', () => {
    it('echoes request ids and records the correlation id on events', async () => {
      const id = newId();
      const response = await gql(
        PROPOSE,
        { input: { id, title: 't', theme: 'Implementation', sourceId: 'ircsc-final-report-2022' } },
        tokens.board,
        {
          'x-request-id': 'req-123',
          'x-correlation-id': 'corr-456',
        },
      );
      expect(response.headers.get('x-request-id')).toBe('req-123');
      expect((await read(id)).history[0].correlationId).toBe('corr-456');
    });

    it('says only ok in public; the store head and projection lag to admins only', async () => {
      const response = await fetch(`${server.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      const detail = (token: string | null) =>
        fetch(`${server.url}/health/detail`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
      expect((await detail(null)).status).toBe(401);
      for (const token of [tokens.board, tokens.auditor, tokens.officer]) {
        expect((await detail(token)).status).toBe(403);
      }
      const answer = await detail(tokens.admin);
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as Record<string, any>;
      expect(body).toMatchObject({
        status: 'ok',
        store: { status: 'ok', kind: E2E_EVENT_STORE },
        projections: [
          { name: 'recommendations', lag: 0, running: true },
          { name: 'programmes', lag: 0, running: true },
          { name: 'area-rollouts', lag: 0, running: true },
          { name: 'rollout-history', lag: 0, running: true },
          { name: 'audit-trail', lag: 0, running: true },
          { name: 'accounts', lag: 0, running: true },
        ],
      });
      expect(body.store.headPosition).toBeGreaterThan(26);
    });

    it('keeps everything across a restart and does not seed twice', async () => {
      const before = await read('CSC-FRAMEWORK');
      const counts = (await gql('{ recommendationStageCounts { stage count } }')).data;
      await stop();
      await start();
      expect(await read('CSC-FRAMEWORK')).toEqual(before);
      expect((await gql('{ recommendationStageCounts { stage count } }')).data).toEqual(counts);
    });
  });
});
