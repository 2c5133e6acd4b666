import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ROOT, TrackerServer } from '../support/tracker-server';
import {
  ACCESS_MATRIX,
  Caller,
  CALLERS,
  HISTORY_MATRIX,
  renderAccessMatrix,
  renderHistoryMatrix,
  Sight,
} from './access-matrix';
import { codes, createProgramme, eventCount, LAMBETH, SOUTHWARK } from './support';

const DOC = join(ROOT, 'docs/RELIABILITY.md');
const MATRICES = [
  { name: 'access-matrix', render: renderAccessMatrix },
  { name: 'history-matrix', render: renderHistoryMatrix },
];
const PROGRAMME = 'rel-access';
/** A webhook id never registered: an admin is told NOT_FOUND, anyone else FORBIDDEN. */
const NO_WEBHOOK = '00000000-0000-4000-8000-000000000000';
/** An account that does not exist: an admin is told NOT_FOUND, every other role FORBIDDEN. */
const NO_ACCOUNT = '00000000-0000-4000-8000-00000000acc0';
/** A grant allocation never recorded: the board is told NOT_FOUND, every other role FORBIDDEN. */
const NO_ALLOCATION = 'no-such-allocation';
/** Table whitespace and dash runs as Prettier may align them. */
const normalise = (text: string) => text.replace(/-{3,}/g, '---').replace(/\s+/g, ' ').trim();

/** A call of each operation, for an area; mutations with the n-th call's own ids. */
function call(name: string, area: string, n: number): { query: string; variables: object } {
  const mutation = (input: object, fields = '__typename') => ({
    query: `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${fields} } }`,
    variables: { input: { ...input, commandId: `access-${name}-${n}` } },
  });
  const recommendation = `REL-ACCESS-${n}`;
  switch (name) {
    case 'areaRollout':
      return {
        query: `{ areaRollout(programmeId: "${PROGRAMME}", areaCode: "${area}") { version } }`,
        variables: {},
      };
    case 'auditTrail':
      return { query: '{ auditTrail(first: 5) { totalCount } }', variables: {} };
    case 'localAuthorities':
      return { query: '{ localAuthorities(region: "London") { areaCode } }', variables: {} };
    case 'overdueMilestones':
      return { query: '{ overdueMilestones(first: 5) { totalCount } }', variables: {} };
    case 'movedTargets':
      return { query: '{ movedTargets(first: 5) { totalCount } }', variables: {} };
    case 'programme':
      return { query: `{ programme(id: "${PROGRAMME}") { id } }`, variables: {} };
    case 'programmes':
      return { query: '{ programmes { id } }', variables: {} };
    case 'recommendation':
      return { query: '{ recommendation(id: "CSC-SWIS") { id } }', variables: {} };
    case 'recommendationStageCounts':
      return { query: '{ recommendationStageCounts { count } }', variables: {} };
    case 'recommendations':
      return { query: '{ recommendations(first: 5) { totalCount } }', variables: {} };
    case 'source':
      return { query: '{ source(id: "ircsc-final-report-2022") { id } }', variables: {} };
    case 'sources':
      return { query: '{ sources { id } }', variables: {} };
    case 'verifyAuditTrail':
      return { query: '{ verifyAuditTrail { ok } }', variables: {} };
    case 'whoAmI':
      return { query: '{ whoAmI { role } }', variables: {} };
    case 'proposeRecommendation':
      return mutation({
        id: recommendation,
        title: 'Access check',
        theme: 'Unlocking the potential of family networks',
        sourceId: 'ircsc-final-report-2022',
      });
    case 'acceptRecommendation':
    case 'rejectRecommendation':
    case 'withdrawRecommendation':
      return mutation({ id: 'REL-ACCESS-BASE', reason: 'Access check' });
    case 'fundRecommendation':
      return mutation({ id: 'REL-ACCESS-BASE', fundingSource: 'DfE' });
    case 'startPilot':
      return mutation({ id: 'REL-ACCESS-BASE', startDate: '2024-01-01', areas: [area] });
    case 'rollOutRecommendation':
      return mutation({
        id: 'REL-ACCESS-BASE',
        rolloutDate: '2025-01-01',
        scope: 'AREAS',
        areas: [area],
      });
    case 'addSource':
      return mutation({
        id: `rel-access-${n}`,
        kind: 'INQUIRY',
        title: 'Access check',
        publisher: 'Reliability suite',
        publishedOn: '2024-01-01',
        themes: ['Access'],
      });
    case 'correctSource':
      // A source never added: the board is told NOT_FOUND, every other role FORBIDDEN.
      return mutation({
        id: 'rel-access-no-source',
        title: 'Access check',
        reason: 'Access check',
      });
    case 'recordGovernmentResponse':
      return mutation({
        id: 'REL-ACCESS-BASE',
        decision: 'NOTED',
        respondedOn: new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }),
        evidenceUrl: 'https://example.org/access-check',
      });
    case 'linkRecommendations':
      return mutation({ id: 'REL-ACCESS-BASE', relation: 'RELATED_TO', otherId: 'CSC-SWIS' });
    case 'createProgramme':
      return mutation({
        id: `rel-access-${n}`,
        name: 'Access check',
        recommendations: ['CSC-SWIS'],
        milestones: [{ key: 'first', title: 'First' }],
      });
    case 'setMilestoneTarget':
      return mutation({
        programmeId: PROGRAMME,
        milestoneKey: 'schools-recruited',
        targetDate: `2026-02-${String((n % 27) + 1).padStart(2, '0')}`,
        areaCode: area,
        reason: 'Access check',
      });
    case 'recordProgrammeFact':
      return mutation({
        programmeId: PROGRAMME,
        on: new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }),
        text: `Access check ${n}`,
        url: 'https://example.org/access-check',
      });
    case 'correctProgrammeFact':
      // A fact never recorded: the board is told NOT_FOUND, every other role FORBIDDEN.
      return mutation({ programmeId: PROGRAMME, number: 999, text: 'Access check' });
    case 'recordNationalMilestone':
      return mutation({
        programmeId: PROGRAMME,
        key: `access-check-${n}`,
        title: 'Access check',
        on: new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }),
        url: 'https://example.org/access-check',
      });
    case 'correctNationalMilestone':
      return mutation({ programmeId: PROGRAMME, key: 'never-reached', title: 'Access check' });
    case 'enrolArea':
      return mutation({ programmeId: PROGRAMME, areaCode: area, enrolledOn: '2020-01-01' });
    case 'withdrawArea':
      return mutation({ programmeId: PROGRAMME, areaCode: 'E09000001', reason: 'Access check' });
    case 'reportMilestone':
      return mutation({
        programmeId: PROGRAMME,
        areaCode: area,
        milestoneKey: 'schools-recruited',
        achievedOn: '2024-01-10',
      });
    case 'correctMilestone':
      return mutation({
        programmeId: PROGRAMME,
        areaCode: area,
        milestoneKey: 'schools-recruited',
        achievedOn: '2024-01-11',
        reason: 'Access check',
      });
    case 'reportStatus':
      return mutation({
        programmeId: PROGRAMME,
        areaCode: area,
        rag: 'GREEN',
        commentary: 'Access check',
        periodStart: '2024-01-01',
        periodEnd: '2024-03-31',
      });
    case 'recordAreaSuccession':
      return mutation({
        areaCode: 'E10000006',
        successors: ['E06000063', 'E06000064'],
        effectiveFrom: '2023-04-01',
        reason: 'Access check',
      });
    case 'webhooks':
      return { query: '{ webhooks { id } }', variables: {} };
    case 'webhookDeliveries':
      return {
        query: `{ webhookDeliveries(webhookId: "${NO_WEBHOOK}") { totalCount } }`,
        variables: {},
      };
    case 'registerWebhook':
      // A loopback port nobody listens on: deliveries are refused at once, nothing leaves the machine.
      return mutation(
        {
          url: 'https://127.0.0.1:9/access-check',
          eventTypes: ['MilestoneAchieved'],
          description: 'Access check',
        },
        'secret',
      );
    case 'changeWebhook':
      return mutation({ id: NO_WEBHOOK, description: 'Access check' });
    case 'removeWebhook':
      return mutation({ id: NO_WEBHOOK });
    case 'accounts':
      return { query: '{ accounts { id } }', variables: {} };
    case 'addAccount':
      return mutation({
        email: `access-check-${n}@example.gov.uk`,
        name: 'Access check',
        organisation: 'Access check',
        role: 'AUDITOR',
      });
    case 'changeAccount':
      return mutation({ accountId: NO_ACCOUNT, name: 'Access check', reason: 'Access check' });
    case 'deactivateAccount':
    case 'reactivateAccount':
    case 'endAccountSessions':
      return {
        query: `mutation($input: AccountInput!) { ${name}(input: $input) { __typename } }`,
        variables: {
          input: {
            accountId: NO_ACCOUNT,
            reason: 'Access check',
            commandId: `access-${name}-${n}`,
          },
        },
      };
    case 'evaluations':
      return { query: '{ evaluations { id } }', variables: {} };
    case 'recordEvaluation':
      return mutation({
        id: `rel-access-${n}`,
        subject: { kind: 'PROGRAMME', id: PROGRAMME },
        publishedOn: '2024-01-01',
        evaluator: 'Access check',
        finding: 'MIXED',
        url: 'https://example.org/access-check',
        summary: 'Access check',
      });
    case 'correctEvaluation':
      // The shipped SWIS result, corrected to a summary of the call's own, so each call changes it.
      return mutation({ id: 'swis-trial-result', summary: `Access check ${n}` });
    case 'grantAllocations':
      return { query: `{ grantAllocations(areaCode: "${area}") { amount } }`, variables: {} };
    case 'fundingByRegion':
      return { query: '{ fundingByRegion { total } }', variables: {} };
    case 'allocateGrant':
      return mutation({
        programmeId: PROGRAMME,
        areaCode: area,
        amountPence: 100,
        periodStart: `2024-04-${String((n % 27) + 1).padStart(2, '0')}`,
        periodEnd: '2025-03-31',
        sourceUrl: 'https://www.gov.uk/government/publications/access-check',
        allocatedOn: '2024-03-01',
        fundingSource: 'Department for Education',
      });
    case 'correctGrantAllocation':
      return mutation({
        programmeId: PROGRAMME,
        allocationId: NO_ALLOCATION,
        amountPence: n,
        reason: 'Access check',
      });
    case 'withdrawGrantAllocation':
      return mutation({
        programmeId: PROGRAMME,
        allocationId: NO_ALLOCATION,
        reason: 'Access check',
      });
    default:
      throw new Error(`no call for ${name}: add it here and to the matrix`);
  }
}

describe('reliability: access matrix', () => {
  const server = new TrackerServer('rel-access', { SEAL_INTERVAL_SECONDS: '0' });
  const tokens: Partial<Record<Caller, string>> = {};
  let checks = 0;

  beforeAll(async () => {
    await server.start();
    tokens.BOARD_MEMBER = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.ADMIN = server.createToken('ADMIN', 'Ann Admin');
    tokens.AUDITOR = server.createToken('AUDITOR', 'Ed Auditor');
    tokens.LA_OWN = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
    tokens.LA_FOREIGN = tokens.LA_OWN;
    await createProgramme(server, tokens.ADMIN, PROGRAMME, [LAMBETH, SOUTHWARK, 'E09000001']);
    const base = await server.gql(
      `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
      {
        input: {
          id: 'REL-ACCESS-BASE',
          title: 'Access check',
          theme: 'Unlocking the potential of family networks',
          sourceId: 'ircsc-final-report-2022',
        },
      },
      tokens.ADMIN,
    );
    expect(base.errors).toBeUndefined();
  });
  afterAll(async () => {
    console.log(`reliability figures (access): ${JSON.stringify({ checks })}`);
    await server.dispose();
  });

  it.each(MATRICES)('docs/RELIABILITY.md shows the $name the tests check', ({ name, render }) => {
    const START = `<!-- ${name}:start -->`;
    const END = `<!-- ${name}:end -->`;
    const rendered = render();
    const doc = readFileSync(DOC, 'utf8');
    if (process.env.RELIABILITY_WRITE_DOCS === '1') {
      const start = doc.indexOf(START);
      const end = doc.indexOf(END);
      writeFileSync(
        DOC,
        `${doc.slice(0, start + START.length)}\n\n${rendered}\n\n${doc.slice(end)}`,
      );
      return;
    }
    expect(doc).toContain(START);
    const section = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END));
    expect(normalise(section)).toBe(normalise(rendered));
  });

  it('the matrix names every query and mutation of the schema', async () => {
    const schema = await server.gql(
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
      {},
      tokens.ADMIN,
    );
    const names = (kind: 'queryType' | 'mutationType') =>
      (schema.data?.__schema[kind].fields as { name: string }[]).map((field) => field.name).sort();
    const inMatrix = (kind: 'query' | 'mutation') =>
      Object.entries(ACCESS_MATRIX)
        .filter(([, row]) => row.kind === kind)
        .map(([name]) => name)
        .sort();
    expect(names('queryType')).toEqual(inMatrix('query'));
    expect(names('mutationType')).toEqual(inMatrix('mutation'));
  });

  it('every operation, every role, own and foreign area: allowed, or FORBIDDEN with nothing written', async () => {
    const mismatches: string[] = [];
    let n = 0;
    for (const [name, { outcomes }] of Object.entries(ACCESS_MATRIX)) {
      for (const caller of [...CALLERS, 'none' as const]) {
        const area = caller === 'LA_FOREIGN' ? SOUTHWARK : LAMBETH;
        const { query, variables } = call(name, area, n++);
        const before = await eventCount(server);
        const token = caller === 'none' ? null : tokens[caller]!;
        const response = await server.gql(query, variables as Record<string, unknown>, token);
        const got = codes(response);
        const written = (await eventCount(server)) - before;
        checks++;
        const expected = caller === 'none' ? 'UNAUTHENTICATED' : outcomes[caller];
        const label = `${name} as ${caller}`;
        if (response.status >= 500) mismatches.push(`${label}: status ${response.status}`);
        if (expected === 'allowed') {
          if (got.includes('FORBIDDEN') || got.includes('UNAUTHENTICATED')) {
            mismatches.push(`${label}: expected allowed, got ${got.join(', ')}`);
          }
        } else {
          if (got[0] !== expected)
            mismatches.push(`${label}: expected ${expected}, got ${got.join(', ') || 'success'}`);
          if (written !== 0) mismatches.push(`${label}: refused but wrote ${written} events`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('who did what and why: every path, every role, own and foreign area, as the history matrix says', async () => {
    const read = (path: string, area: string) => {
      switch (path) {
        case 'auditTrail':
          return `{ auditTrail(filter: { programmeId: "${PROGRAMME}", areaCode: "${area}" }, first: 100) { nodes { actor { id } reason metadata } } }`;
        case 'areaRollout.timeline':
          return `{ areaRollout(programmeId: "${PROGRAMME}", areaCode: "${area}") { timeline { actor { id } reason metadata } } }`;
        case 'recommendation.history':
          return '{ recommendation(id: "REL-ACCESS-BASE") { history { actor { id } reason metadata } } }';
        case 'source.history':
          return '{ source(id: "ircsc-final-report-2022") { history { actor { id } reason metadata } } }';
        default:
          throw new Error(`no read for ${path}: add it here and to the history matrix`);
      }
    };
    type Entry = { actor: unknown; reason: unknown; metadata: unknown };
    const sightOf = (entries: Entry[]): Sight | 'mixed' => {
      if (entries.length === 0) return 'not listed';
      if (entries.every((entry) => entry.actor !== null && entry.metadata !== null)) return 'full';
      const withheld = (entry: Entry) =>
        entry.actor === null && entry.reason === null && entry.metadata === null;
      return entries.every(withheld) ? 'what and when' : 'mixed';
    };
    const mismatches: string[] = [];
    for (const [path, sights] of Object.entries(HISTORY_MATRIX)) {
      for (const caller of CALLERS) {
        const area = caller === 'LA_FOREIGN' ? SOUTHWARK : LAMBETH;
        const response = await server.gql(read(path, area), {}, tokens[caller]);
        checks++;
        const data = response.data ?? {};
        const entries = (data.auditTrail?.nodes ??
          data.areaRollout?.timeline ??
          data.recommendation?.history ??
          data.source?.history) as Entry[] | undefined;
        const got = entries ? sightOf(entries) : `errors ${codes(response).join(', ')}`;
        if (got !== sights[caller])
          mismatches.push(`${path} as ${caller}: expected ${sights[caller]}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('without a token only /health answers, and says only ok', async () => {
    const health = await fetch(`${server.url}/health`);
    expect({ status: health.status, body: await health.json() }).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
    expect((await fetch(`${server.url}/health/detail`)).status).toBe(401);
    const exports = await fetch(`${server.url}/exports/rollout.csv?programme=${PROGRAMME}`);
    expect(exports.status).toBe(401);
    const audit = await fetch(`${server.url}/exports/audit?format=jsonl`);
    expect(audit.status).toBe(401);
    const imported = await fetch(`${server.url}/imports/milestones?programme=${PROGRAMME}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'areaCode,milestoneKey,achievedOn\n',
    });
    expect(imported.status).toBe(401);
  });
});
