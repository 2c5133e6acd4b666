import { createHmac } from 'crypto';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { SignedInClient } from './support/signed-in-client';
import { reportStatusThroughApi } from './support/status-report';
import { E2E_EVENT_STORE, errorCode, TrackerServer } from './support/tracker-server';

const PROGRAMME = 'social-workers-in-schools';
const MILESTONES = ['schools-recruited', 'social-workers-in-post', 'trial-data-returned'];
const CHOSEN = ['MilestoneAchieved', 'RecommendationProposed', 'RecommendationAccepted'];

/** One request as an endpoint received it. */
interface Received {
  id: string;
  timestamp: string;
  signature: string;
  raw: string;
  body: { id: string; type: string; streamId: string; version: number; actor: unknown };
  answered: number;
}

/**
 * A webhook endpoint on loopback: answers 500 to the first `failFirst` attempts of each event,
 * then 204; it can be stopped (connections refused) and started again on the same port.
 */
class Receiver {
  readonly received: Received[] = [];
  private readonly attempts = new Map<string, number>();
  private server: Server | null = null;
  port = 0;

  constructor(private readonly failFirst: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Ids answered with a 2xx. */
  get delivered(): Received[] {
    return this.received.filter((request) => request.answered < 300);
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = String(request.headers['webhook-id']);
        const tries = (this.attempts.get(id) ?? 0) + 1;
        this.attempts.set(id, tries);
        const answered = tries <= this.failFirst ? 500 : 204;
        this.received.push({
          id,
          timestamp: String(request.headers['webhook-timestamp']),
          signature: String(request.headers['webhook-signature']),
          raw,
          body: JSON.parse(raw) as Received['body'],
          answered,
        });
        response.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const signatureValid = (secret: string, request: Received): boolean => {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${request.id}.${request.timestamp}.${request.raw}`)
    .digest('base64');
  return request.signature === `v1,${expected}`;
};

const until = async (check: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('webhooks: signed deliveries, in order, retried through restarts', () => {
  const server = new TrackerServer('webhooks', { WEBHOOK_RETRY_BASE_MS: '100' });
  const flaky = new Receiver(2);
  const down = new Receiver(Number.POSITIVE_INFINITY);
  const tokens: Record<string, string> = {};
  let areas: string[] = [];

  const REGISTER = `mutation($input: RegisterWebhookInput!) {
    registerWebhook(input: $input) { secret webhook { id url eventTypes areaCodes programmeIds description removed } } }`;
  const DELIVERIES = `query($id: ID!, $first: Int, $after: String) {
    webhookDeliveries(webhookId: $id, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { eventId position streamId eventType outcome attempts statusCode lastError nextAttemptAt } } }`;

  const admin = (query: string, variables: Record<string, unknown> = {}) =>
    server.gql(query, variables, tokens.admin);
  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const answer = await server.gql(query, variables, token);
    expect(answer.errors).toBeUndefined();
    return answer.data!;
  };
  const propose = (id: string) =>
    ok(
      `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
      {
        input: {
          id,
          title: `Recommendation ${id}`,
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
        },
      },
      tokens.admin,
    );
  const accept = (id: string) =>
    ok(
      `mutation($input: AcceptRecommendationInput!) { acceptRecommendation(input: $input) { id } }`,
      { input: { id, decision: 'ACCEPTED_IN_PART', reason: 'Agreed by the board' } },
      tokens.admin,
    );
  const report = (areaCode: string, milestoneKey: string) =>
    ok(
      `mutation($input: ReportMilestoneInput!) { reportMilestone(input: $input) { version } }`,
      { input: { programmeId: PROGRAMME, areaCode, milestoneKey, achievedOn: '2025-06-01' } },
      tokens.board,
    );

  beforeAll(async () => {
    await Promise.all([server.start(), flaky.start(), down.start()]);
    tokens.admin = server.createToken('ADMIN', 'Ada Admin');
    tokens.board = server.createToken('BOARD_MEMBER', 'Bo Board');
    const rollout = await ok(
      `{ programme(id: "${PROGRAMME}") { rollout { areas { areaCode } } } }`,
      {},
      tokens.board,
    );
    areas = (rollout.programme.rollout.areas as { areaCode: string }[])
      .map((area) => area.areaCode)
      .slice(0, 3);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([server.dispose(), flaky.stop(), down.stop()]);
  });

  it('refuses a plain http address elsewhere, an unknown event type, and every role but ADMIN', async () => {
    const input = {
      url: 'http://hooks.example.org/',
      eventTypes: CHOSEN,
      description: 'Elsewhere',
    };
    const refused = await admin(REGISTER, { input });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(refused.errors?.[0].message).toContain('https:');
    const unknown = await admin(REGISTER, {
      input: { ...input, url: flaky.url, eventTypes: ['NoSuchEvent'] },
    });
    expect(unknown.errors?.[0].extensions).toMatchObject({ field: 'eventTypes', rule: 'known' });
    const asBoard = await server.gql(
      REGISTER,
      { input: { ...input, url: flaky.url } },
      tokens.board,
    );
    expect(errorCode(asBoard)).toBe('FORBIDDEN');
    expect(errorCode(await server.gql('{ webhooks { id } }', {}, tokens.board))).toBe('FORBIDDEN');
    expect((await admin('{ webhooks { id } }')).data?.webhooks).toEqual([]);
  });

  it('delivers every chosen event once registered, signed and in order, through a receiver down and an API restart, while a failing endpoint waits alone', async () => {
    const registered = async (url: string, description: string) => {
      const data = await ok(
        REGISTER,
        { input: { url, eventTypes: CHOSEN, description } },
        tokens.admin,
      );
      return data.registerWebhook as { secret: string; webhook: { id: string } };
    };
    const steady = await registered(flaky.url, 'Receiver that fails the first attempts');
    const failing = await registered(down.url, 'Receiver that always fails');
    expect(steady.secret).toMatch(/^whsec_/);
    expect((await admin('{ webhooks { id url } }')).data?.webhooks).toHaveLength(2);

    // Written while the receiver answers (after two failures of each event).
    await propose('WH-1');
    await accept('WH-1');
    for (const area of areas) await report(area, MILESTONES[0]);
    await reportStatusThroughApi(server, tokens.board, {
      programmeId: PROGRAMME,
      areaCode: areas[0],
      commentary: 'Not a chosen event type',
    });
    await until(() => flaky.delivered.length >= 2, 30_000);

    // The receiver goes away; events keep coming; the API restarts meanwhile.
    await flaky.stop();
    await propose('WH-2');
    for (const area of areas) await report(area, MILESTONES[1]);
    await server.stop();
    await server.start();
    await accept('WH-2');
    await flaky.start();
    for (const area of areas) await report(area, MILESTONES[2]);

    // Every chosen event written since the registration, by stream and version.
    const trail = await ok(
      `{ auditTrail(first: 100, newestFirst: true) { nodes { position streamId version type } } }`,
      {},
      tokens.admin,
    );
    const nodes = trail.auditTrail.nodes as {
      position: number;
      streamId: string;
      version: number;
      type: string;
    }[];
    const registeredAt = nodes.find((node) => node.streamId === `webhook-${steady.webhook.id}`)!;
    const expected = nodes
      .filter((node) => node.position > registeredAt.position && CHOSEN.includes(node.type))
      .map((node) => `${node.streamId}#${node.version}`)
      .sort();
    expect(expected).toHaveLength(2 + 3 + 1 + 1 + 3 + 3);

    const keyOf = (request: Received) => `${request.body.streamId}#${request.body.version}`;
    await until(() => new Set(flaky.delivered.map(keyOf)).size >= expected.length, 90_000);

    // Every chosen event, and only those, delivered; each under one id, whatever the retries.
    expect([...new Set(flaky.delivered.map(keyOf))].sort()).toEqual(expected);
    const ids = new Set(flaky.received.map((request) => request.id));
    expect(new Set(flaky.received.map(keyOf)).size).toBe(ids.size);
    expect(flaky.received.every((request) => request.body.id === request.id)).toBe(true);
    expect(flaky.received.some((request) => request.body.type === 'StatusReported')).toBe(false);
    // Who acted is told by role and organisation, not by name.
    expect(flaky.received[0].body.actor).toEqual({ role: 'ADMIN', organisation: null });
    expect(flaky.received[0].raw).not.toContain('Ada Admin');

    // Every request signed with the endpoint's secret, as Standard Webhooks verify it.
    expect(flaky.received.every((request) => signatureValid(steady.secret, request))).toBe(true);
    expect(down.received.every((request) => signatureValid(failing.secret, request))).toBe(true);
    expect(flaky.received.some((request) => signatureValid(failing.secret, request))).toBe(false);

    // Order per stream: no event was sent before every earlier one of its stream was delivered.
    const deliveredSoFar = new Set<string>();
    for (const request of flaky.received) {
      const { streamId, version } = request.body;
      const earlier = expected.filter((key) => {
        const [stream, v] = key.split('#');
        return stream === streamId && Number(v) < version;
      });
      expect(earlier.filter((key) => !deliveredSoFar.has(key))).toEqual([]);
      if (request.answered < 300) deliveredSoFar.add(keyOf(request));
    }
    // The receiver failed the first attempts of each: they were retried.
    expect(flaky.received.length).toBeGreaterThanOrEqual(expected.length * 3);

    // The failing endpoint is still on its first event, retrying; the other went on regardless.
    expect(down.received.length).toBeGreaterThan(1);
    expect(new Set(down.received.map((request) => request.id)).size).toBe(1);
    const failingLog = (await admin(DELIVERIES, { id: failing.webhook.id })).data
      ?.webhookDeliveries;
    expect(failingLog.totalCount).toBe(1);
    expect(failingLog.nodes[0]).toMatchObject({
      outcome: 'RETRYING',
      statusCode: 500,
      lastError: 'The endpoint answered 500, not a 2xx status',
    });
    expect(failingLog.nodes[0].attempts).toBeGreaterThan(1);
    expect(Date.parse(failingLog.nodes[0].nextAttemptAt)).toBeGreaterThan(Date.now() - 60_000);

    // The delivery log, newest first, a page at a time.
    await until(async () => {
      const answer = await admin(DELIVERIES, { id: steady.webhook.id, first: 100 });
      expect(answer.errors).toBeUndefined();
      const log = answer.data?.webhookDeliveries;
      return (
        log.totalCount === expected.length &&
        log.nodes.every((node: { outcome: string }) => node.outcome === 'DELIVERED')
      );
    }, 10_000);
    const first = (await admin(DELIVERIES, { id: steady.webhook.id, first: 5 })).data
      ?.webhookDeliveries;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await admin(DELIVERIES, { id: steady.webhook.id, first: 5, after: first.pageInfo.endCursor })
    ).data?.webhookDeliveries;
    expect(second.nodes[0].position).toBeLessThan(first.nodes[4].position);
    expect(first.nodes[4].attempts).toBeGreaterThanOrEqual(3);

    // The secrets are not in the events, which auditors read.
    const webhookEvents = await ok(
      `query($s: ID) { auditTrail(filter: { streamId: $s }) { nodes { type data } } }`,
      { s: `webhook-${steady.webhook.id}` },
      tokens.admin,
    );
    expect(webhookEvents.auditTrail.nodes).toHaveLength(1);
    expect(JSON.stringify(webhookEvents)).not.toContain('whsec_');
  }, 180_000);

  it('stops delivering to a removed webhook, and keeps its log', async () => {
    const listed = (await ok('{ webhooks { id url } }', {}, tokens.admin)).webhooks as {
      id: string;
      url: string;
    }[];
    const webhook = listed.find((hook) => hook.url === down.url)!;
    const removed = await admin(
      `mutation($input: RemoveWebhookInput!) { removeWebhook(input: $input) { id removed } }`,
      { input: { id: webhook.id, reason: 'The receiver is retired' } },
    );
    expect(removed.data?.removeWebhook).toEqual({ id: webhook.id, removed: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const attempts = down.received.length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(down.received.length).toBe(attempts);
    expect((await admin(DELIVERIES, { id: webhook.id })).data?.webhookDeliveries.totalCount).toBe(
      1,
    );
    expect((await admin('{ webhooks { id } }')).data?.webhooks).toHaveLength(1);
  });

  it('shows admins, and no one else, the webhooks and their delivery log', async () => {
    const page = await SignedInClient.signIn(server, server.createAccount('ADMIN', 'Ann Admin'));
    const list = await page.get('/admin/webhooks');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Receiver that fails the first attempts');
    expect(list.text).not.toContain('Receiver that always fails'); // removed
    const href = /href="(\/admin\/webhooks\/[0-9a-f-]{36})"/.exec(list.text)![1];

    const log = await page.get(href);
    expect(log.status).toBe(200);
    expect(log.text).toMatch(/id="delivery-count">\d+ deliveries, newest first/);
    expect(log.text).toContain('Milestone achieved');
    expect(log.text).toContain('Delivered');
    // 50 to a page: this log has fewer, so no link to older ones.
    expect(log.text).not.toContain('Older deliveries');

    const board = await SignedInClient.signIn(
      server,
      server.createAccount('BOARD_MEMBER', 'Ada Board'),
    );
    expect((await board.get('/admin/webhooks')).status).toBe(403);
    expect((await board.get(href)).status).toBe(403);
    expect((await page.get('/admin/webhooks/no-such-webhook')).status).toBe(404);
    // A page link not made here starts again from the newest.
    expect(await page.get(`${href}?after=nonsense`)).toMatchObject({ status: 303, location: href });
  });
});

const describeOnPostgres = E2E_EVENT_STORE === 'postgres' ? describe : describe.skip;

describeOnPostgres('webhooks on two API processes sharing PostgreSQL', () => {
  const first = new TrackerServer('webhooks-two', { WEBHOOK_RETRY_BASE_MS: '100' });
  let second: TrackerServer;
  const receiver = new Receiver(0);
  let admin = '';

  const propose = async (server: TrackerServer, id: string) => {
    const answer = await server.gql(
      `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
      {
        input: {
          id,
          title: `Recommendation ${id}`,
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
        },
      },
      admin,
    );
    expect(answer.errors).toBeUndefined();
  };
  const distinctIds = () => new Set(receiver.received.map((request) => request.id)).size;

  beforeAll(async () => {
    await Promise.all([first.start(), receiver.start()]);
    second = new TrackerServer('webhooks-two', {}, first, { ownDataDir: true });
    await second.start();
    admin = first.createToken('ADMIN', 'Ada Admin');
  }, 60_000);
  afterAll(async () => {
    await second.dispose();
    await Promise.all([first.dispose(), receiver.stop()]);
  });

  it('delivers each event from one process only, and goes on from the other when that one is killed', async () => {
    const registered = await second.gql(
      `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret } }`,
      {
        input: {
          url: receiver.url,
          eventTypes: ['RecommendationProposed'],
          description: 'Both processes',
        },
      },
      admin,
    );
    expect(registered.errors).toBeUndefined();
    for (let i = 1; i <= 10; i++) await propose(i % 2 ? first : second, `WH-TWO-${i}`);
    await until(() => distinctIds() >= 10, 30_000);
    // Both processes deliver nothing twice: one holds the delivery lease.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(10);

    // The first process, up before the second started, took the lease: it dies; the second
    // takes the lease over and delivers what comes next.
    await first.kill('SIGKILL');
    for (let i = 11; i <= 15; i++) await propose(second, `WH-TWO-${i}`);
    await until(() => distinctIds() >= 15, 30_000);
    expect(receiver.received.map((request) => request.body.streamId)).toEqual(
      expect.arrayContaining(
        Array.from({ length: 15 }, (_, i) => `recommendation-WH-TWO-${i + 1}`),
      ),
    );
  }, 120_000);
});
