import { seededRandom } from '@app/kernel';
import { BAD_VALUES, HUGE, type Json } from './bad-values';
import { fuzzedServer, LAMBETH, SEED, SIZES, SOUTHWARK, storedEvents } from './support';

/** The server's body limit here, small so oversized bodies are cheap to send. */
const BODY_LIMIT = 64 * 1024;
const PROGRAMME = 'rel-bad';
const RECOMMENDATION = 'REL-BAD';

type Input = Record<string, Json>;

/** Every mutation with a valid input (the n-th case's own ids); the fuzzer spoils one field. */
const MUTATIONS: Record<string, (n: number) => Input> = {
  proposeRecommendation: (n) => ({
    id: `REL-FUZZ-${n}`,
    title: 'A fuzzed recommendation',
    theme: 'Unlocking the potential of family networks',
    summary: 'Summary',
    owner: 'DfE',
    sourceId: 'ircsc-final-report-2022',
    occurredAt: '2022-05-23T00:00:00Z',
  }),
  acceptRecommendation: () => ({
    id: RECOMMENDATION,
    decision: 'ACCEPTED_IN_FULL',
    reason: 'Government response',
    occurredAt: '2023-02-02T10:00:00Z',
    evidence: ['https://www.gov.uk/'],
  }),
  fundRecommendation: () => ({
    id: RECOMMENDATION,
    fundingSource: 'DfE',
    amountPence: 100_000,
    periodStart: '2023-04-01',
    periodEnd: '2024-03-31',
  }),
  startPilot: () => ({
    id: RECOMMENDATION,
    startDate: '2024-01-01',
    plannedEndDate: '2025-01-01',
    areas: [LAMBETH],
  }),
  rollOutRecommendation: () => ({
    id: RECOMMENDATION,
    rolloutDate: '2025-06-01',
    scope: 'AREAS',
    areas: [LAMBETH, SOUTHWARK],
  }),
  rejectRecommendation: () => ({ id: RECOMMENDATION, reason: 'Not pursued' }),
  withdrawRecommendation: () => ({ id: RECOMMENDATION, reason: 'Superseded' }),
  createProgramme: (n) => ({
    id: `rel-fuzz-${n}`,
    name: 'A fuzzed programme',
    recommendations: ['CSC-SWIS'],
    milestones: [{ key: 'first', title: 'First', targetDate: '2026-01-31', description: 'x' }],
  }),
  setMilestoneTarget: () => ({
    programmeId: PROGRAMME,
    milestoneKey: 'schools-recruited',
    targetDate: '2026-02-28',
    areaCode: LAMBETH,
    reason: 'Moved',
  }),
  enrolArea: () => ({
    programmeId: PROGRAMME,
    areaCode: 'E09000001',
    enrolledOn: '2024-09-01',
    pilot: true,
    wave: '1',
  }),
  reportMilestone: () => ({
    programmeId: PROGRAMME,
    areaCode: LAMBETH,
    milestoneKey: 'social-workers-in-post',
    achievedOn: '2024-10-01',
    note: 'Done',
    evidence: ['https://www.gov.uk/'],
  }),
  correctMilestone: () => ({
    programmeId: PROGRAMME,
    areaCode: LAMBETH,
    milestoneKey: 'social-workers-in-post',
    achievedOn: '2024-10-02',
    withdraw: false,
    reason: 'Typo',
  }),
  reportStatus: (n) => ({
    programmeId: PROGRAMME,
    areaCode: SOUTHWARK,
    rag: 'AMBER',
    commentary: `Report ${n}`,
    periodStart: '2024-01-01',
    periodEnd: '2024-03-31',
  }),
  withdrawArea: () => ({
    programmeId: PROGRAMME,
    areaCode: 'E09000002',
    withdrawnOn: '2024-12-01',
    reason: 'Left',
  }),
  recordAreaSuccession: () => ({
    areaCode: 'E10000006',
    successors: ['E06000063', 'E06000064'],
    effectiveFrom: '2023-04-01',
    reason: 'Reorganisation',
  }),
  allocateGrant: (n) => ({
    programmeId: PROGRAMME,
    allocationId: `rel-fuzz-${n}`,
    areaCode: LAMBETH,
    amountPence: 100_000,
    periodStart: '2024-04-01',
    periodEnd: '2025-03-31',
    sourceUrl: 'https://www.gov.uk/',
    allocatedOn: '2024-03-01',
    fundingSource: 'DfE',
    grantName: 'Grant',
  }),
  correctGrantAllocation: () => ({
    programmeId: PROGRAMME,
    allocationId: 'rel-bad-grant',
    amountPence: 200_000,
    reason: 'Revised',
  }),
  withdrawGrantAllocation: () => ({
    programmeId: PROGRAMME,
    allocationId: 'rel-bad-grant',
    reason: 'Recorded in error',
  }),
};

const typeOf = (name: string): string => `${name[0].toUpperCase()}${name.slice(1)}Input`;

const KINDS = Object.keys(BAD_VALUES);

/** Every path to a leaf (or list) of an input: `source.name`, `milestones.0.key`, `areas`. */
function paths(value: Json, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const own = prefix.length ? [prefix] : [];
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => paths(item, [...prefix, String(index)]))
    : Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]));
  return [...own, ...children];
}

function spoil(input: Input, path: string[], value: Json | undefined): Input {
  const copy = structuredClone(input) as Record<string, Json>;
  let node: Record<string, Json> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const ENVELOPE = ['commandId', 'expectedVersion', 'occurredAt', 'reason', 'evidence'];

interface Case {
  kind: string;
  /** A mutation's command id, to tell which events a case wrote; null when the fuzz removed it. */
  commandId: string | null;
  send(): Promise<{ status: number; body: string }>;
  /** What was sent, for a failure's message. */
  label?: () => string;
}

describe('reliability: generated bad input', () => {
  const { server, token, figures } = fuzzedServer(
    'bad input',
    { BODY_LIMIT_BYTES: String(BODY_LIMIT) },
    PROGRAMME,
  );

  beforeAll(async () => {
    const proposed = await server.gql(
      `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
      { input: MUTATIONS.proposeRecommendation(0) },
      token(),
    );
    expect(proposed.errors).toBeUndefined();
  });

  const post = async (
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
    method = 'POST',
    query = '',
  ): Promise<{ status: number; body: string }> => {
    const response = await fetch(`${server.url}/graphql${query}`, {
      method,
      headers: { authorization: `Bearer ${token()}`, ...headers },
      ...(method === 'GET' ? {} : { body }),
    });
    return { status: response.status, body: await response.text() };
  };

  function generate(random: () => number, n: number): Case {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const roll = random();
    if (roll < 0.7) {
      // A mutation with one field spoiled, sent in variables.
      const name = pick(Object.keys(MUTATIONS));
      const commandId = `fuzz-${n}`;
      const input: Input = { ...MUTATIONS[name](n), commandId };
      const fields = [
        ...paths(input),
        ...ENVELOPE.filter((key) => !(key in input)).map((key) => [key]),
      ];
      const path = pick(fields);
      const kind = pick(KINDS);
      const value = kind === 'missing' ? undefined : pick(BAD_VALUES[kind]);
      const spoiled = spoil(input, path, value);
      const sentId = spoiled.commandId;
      return {
        kind: `mutation:${kind}`,
        commandId: typeof sentId === 'string' ? sentId : null,
        label: () => `${name} ${path.join('.')} ${JSON.stringify(value)?.slice(0, 100)}`,
        send: () =>
          post(
            JSON.stringify({
              query: `mutation($input: ${typeOf(name)}!) { ${name}(input: $input) { __typename } }`,
              variables: { input: spoiled },
            }),
          ),
      };
    }
    if (roll < 0.78) {
      // A mutation with a bad literal inline in the document.
      const name = pick(Object.keys(MUTATIONS));
      const literal = pick([
        '12',
        '"x"',
        'null',
        '[]',
        '{}',
        'TRUE',
        '$undefined',
        '"\\uD800"',
        '1e999',
      ]);
      return {
        kind: 'mutation:literal',
        commandId: null,
        send: () =>
          post(JSON.stringify({ query: `mutation { ${name}(input: ${literal}) { __typename } }` })),
      };
    }
    if (roll < 0.88) {
      // A query with bad arguments.
      const value = pick([
        ...BAD_VALUES.badDate,
        ...BAD_VALUES.unknownCode,
        ...BAD_VALUES.unicode,
        ...HUGE,
      ]);
      const int = pick([-1, 0, 2 ** 31, 1e6, 1.5, 'x', null]);
      const query = pick([
        `query($v: String) { recommendation(id: "CSC-SWIS", asOf: $v) { id } }`,
        `query($v: ID) { recommendation(id: $v) { id } }`,
        `query($v: String) { recommendationStageCounts(validAt: $v) { count } }`,
        `query($v: ID) { areaRollout(programmeId: "${PROGRAMME}", areaCode: $v) { version } }`,
        `query($v: ID) { programme(id: $v) { id } }`,
        `query($v: String) { localAuthorities(region: $v) { areaCode } }`,
        `query($v: String) { overdueMilestones(region: $v, first: 5) { totalCount } }`,
        `query($v: String) { auditTrail(filter: { recordedFrom: $v }, first: 5) { totalCount } }`,
        `query($v: ID) { auditTrail(filter: { areaCode: $v }) { totalCount } }`,
        `query($v: String) { auditTrail(after: $v) { totalCount } }`,
        `query($v: String) { recommendations(after: $v, filter: { theme: $v }) { totalCount } }`,
        `query($i: Int) { recommendations(first: $i) { totalCount } }`,
        `query($i: Int) { overdueMilestones(first: $i) { totalCount } }`,
        `query($v: String) { programme(id: "${PROGRAMME}") { rollout(asOf: $v, validAt: $v) { today } } }`,
      ]);
      return {
        kind: 'query:arguments',
        commandId: null,
        send: () => post(JSON.stringify({ query, variables: { v: value, i: int } })),
      };
    }
    if (roll < 0.93) {
      // Deep or costly documents, and broken syntax.
      const depth = 9 + Math.floor(random() * 30);
      const deep = `{ __schema { types { ${'fields { type { '.repeat(depth)}name${' } }'.repeat(depth)} } } }`;
      const aliases = 1000 + Math.floor(random() * 3000);
      const query = pick([
        deep,
        `{ recommendations(first: 100) { nodes { history { actor { name } } } } ${'x: '.repeat(0)}}`,
        `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: whoAmI { name }`).join(' ')} }`,
        'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }',
        '{ recommendations( }',
        `{ ${'{'.repeat(depth)} }`,
        '{ unknownField }',
        '{ whoAmI { name } } { whoAmI { name } }',
        'subscription { eventRecorded { type } }',
        `{ programme(id: "${PROGRAMME}") { rollout { areas { timeline { type } } } } }`,
        String.fromCharCode(...Array.from({ length: 200 }, () => 32 + Math.floor(random() * 95))),
      ]);
      return {
        kind: 'query:document',
        commandId: null,
        send: () => post(JSON.stringify({ query })),
        label: () => query.slice(0, 300),
      };
    }
    // The request itself: malformed, oversized, wrongly typed, wrong method.
    const mutation = `mutation($input: ReportStatusInput!) { reportStatus(input: $input) { version } }`;
    const valid = JSON.stringify({
      query: mutation,
      variables: { input: { ...MUTATIONS.reportStatus(n), commandId: `fuzz-${n}` } },
    });
    const raw = pick([
      () => post(valid.slice(0, Math.floor(random() * valid.length))),
      () => post(`${valid}garbage`),
      () => post("{'query': '{ whoAmI { name } }'}"),
      () => post('{"query": NaN}'),
      () => post(''),
      () => post('[]'),
      () => post('"just a string"'),
      () => post('{"query": 5}'),
      () => post('{"query": "5"}'),
      () => post('{"query": "{ whoAmI { name } }", "variables": 5}'),
      () => post('{"query": "{ whoAmI { name } }", "operationName": 7}'),
      () => post(valid, { 'content-type': 'text/plain' }),
      () => post(valid, { 'content-type': 'application/xml' }),
      () => post(valid, { 'content-type': 'application/json; charset=latin1' }),
      () =>
        post(
          JSON.stringify({
            query: mutation,
            variables: {
              input: { ...MUTATIONS.reportStatus(n), commentary: 'x'.repeat(BODY_LIMIT + 1) },
            },
          }),
        ),
      () =>
        post(JSON.stringify({ query: '{ whoAmI { name } }', padding: 'y'.repeat(BODY_LIMIT * 4) })),
      () => post('', {}, 'GET', `?query=${encodeURIComponent(mutation)}`),
      () => post('', {}, 'GET', '?query=a&query=b'),
      () =>
        post('', {}, 'GET', `?query=${encodeURIComponent('{ whoAmI { name } }')}&variables=nope`),
      () => post(valid, { 'content-type': 'application/json' }, 'PUT'),
      () => post(valid, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    ]);
    return { kind: 'request', commandId: `fuzz-${n}`, send: raw };
  }

  it(`${SIZES.badInputs} generated bad inputs: no 5xx, no crash, every error with a code, nothing written on refusal`, async () => {
    const random = seededRandom(SEED + 4);
    const byCode: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    const failures: string[] = [];
    let accepted = 0;
    let written = 0;
    const batch = 100;
    for (let start = 0; start < SIZES.badInputs; start += batch) {
      const cases = Array.from({ length: Math.min(batch, SIZES.badInputs - start) }, (_, i) =>
        generate(random, start + i),
      );
      const head = (await storedEvents(server)).length;
      const succeeded = new Set<string>();
      let succeededWithoutId = 0;
      const queue = [...cases.keys()];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
            const current = cases[index];
            byKind[current.kind] = (byKind[current.kind] ?? 0) + 1;
            let answer: { status: number; body: string };
            try {
              answer = await current.send();
            } catch (error) {
              failures.push(`${current.kind}: request failed: ${(error as Error).message}`);
              continue;
            }
            byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;
            if (answer.status >= 500)
              failures.push(
                `${current.kind}: status ${answer.status} ${answer.body.slice(0, 300)}`,
              );
            let body: {
              data?: unknown;
              errors?: { extensions?: { code?: string } }[];
              error?: { code?: string };
            };
            try {
              body = JSON.parse(answer.body) as typeof body;
            } catch {
              if (answer.status >= 400) {
                failures.push(
                  `${current.kind}: ${answer.status} without a JSON body: ${answer.body.slice(0, 200)}`,
                );
              }
              continue;
            }
            // GraphQL answers carry `errors`; plain HTTP refusals `{ error: { code } }`.
            const errors =
              body.errors ?? (body.error ? [{ extensions: { code: body.error.code } }] : []);
            if (answer.status >= 400 && errors.length === 0) {
              failures.push(
                `${current.kind}: ${answer.status} without errors: ${answer.body.slice(0, 200)}`,
              );
            }
            for (const error of errors) {
              const code = error.extensions?.code;
              byCode[code ?? 'none'] = (byCode[code ?? 'none'] ?? 0) + 1;
              if (!code)
                failures.push(`${current.kind}: error without a code: ${JSON.stringify(error)}`);
              if (code === 'INTERNAL_SERVER_ERROR') {
                failures.push(`${current.kind}: internal error: ${current.label?.() ?? ''}`);
              }
            }
            if (answer.status === 200 && errors.length === 0) {
              if (current.kind === 'mutation:hostileText') {
                failures.push(`hostile text accepted: ${current.label?.() ?? ''}`);
              }
              accepted++;
              if (current.commandId) succeeded.add(current.commandId);
              else succeededWithoutId++;
            }
          }
        }),
      );
      const fresh = (await storedEvents(server)).slice(head);
      written += fresh.length;
      const unattributed = fresh.filter(
        (event) => !event.commandId || !succeeded.has(event.commandId),
      );
      const unattributedCommands = new Set(unattributed.map((event) => event.commandId)).size;
      if (unattributedCommands > succeededWithoutId) {
        failures.push(
          `batch at ${start}: ${unattributed.length} events written by refused requests: ${JSON.stringify(unattributed.slice(0, 3))}`,
        );
      }
      expect(server.alive).toBe(true);
      const health = await server.healthDetail();
      // The detail names what is unhealthy, should it fail.
      expect({ status: health.status, body: health.status === 200 ? 'ok' : health.body }).toEqual({
        status: 200,
        body: 'ok',
      });
    }
    figures.cases = SIZES.badInputs;
    figures.byKind = byKind;
    figures.byStatus = byStatus;
    figures.errorCodes = byCode;
    figures.answeredWithoutErrors = accepted;
    figures.eventsWritten = written;
    figures.failures = failures.length;
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
