import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { expectCutOffOnRevoke, LiveSocket } from './support/live-socket';
import { TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SUBSCRIBE = `subscription($filter: LiveEventFilterInput) {
  eventRecorded(filter: $filter) { streamId type position actor { name role } }
}`;

interface Received {
  events: { streamId: string; type: string }[];
  errors: unknown[];
  stop: () => void;
}

/** GraphQL subscriptions over WebSocket (graphql-transport-ws), token in connection_init. */
describe('live events over WebSocket', () => {
  const server = new TrackerServer('live');
  const clients: Client[] = [];
  let board: string;
  let lambeth: string;

  const subscribe = (
    token: string | null,
    filter: Record<string, string> = {},
  ): Promise<Received> => {
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
    });
    clients.push(client);
    const received: Received = { events: [], errors: [], stop: () => undefined };
    return new Promise((resolve) => {
      received.stop = client.subscribe(
        { query: SUBSCRIBE, variables: { filter } },
        {
          next: (message) => {
            if (message.errors) received.errors.push(...message.errors);
            const event = (
              message.data as { eventRecorded?: { streamId: string; type: string } } | undefined
            )?.eventRecorded;
            if (event) received.events.push(event);
          },
          error: (error) => received.errors.push(error),
          complete: () => undefined,
        },
      );
      client.on('closed', () => resolve(received));
      resolve(received);
    });
  };
  const until = async (check: () => boolean | Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 200 && !(await check()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Subscriptions are live once the server counts them (/health/detail reports liveSubscribers). */
  const listening = (count: number): Promise<void> =>
    until(async () => (await server.healthDetail()).body.liveSubscribers! >= count);

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
    lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
  });
  afterAll(async () => {
    await Promise.all(clients.map(async (client) => client.dispose()));
    await server.dispose();
  });

  it('delivers new events from mutations, filtered, and only its own area to a local authority', async () => {
    const forRecommendation = await subscribe(board, { recommendationId: 'E2E-LIVE-1' });
    const forLambeth = await subscribe(lambeth);
    const everything = await subscribe(board);
    await listening(3);

    const proposed = await server.gql(
      `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
      {
        input: {
          id: 'E2E-LIVE-1',
          title: 'Live',
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
        },
      },
      board,
    );
    expect(proposed.errors).toBeUndefined();
    const reported = await server.gql(
      `mutation($input: ReportMilestoneInput!) { reportMilestone(input: $input) { version } }`,
      {
        input: {
          programmeId: 'social-workers-in-schools',
          areaCode: LAMBETH,
          milestoneKey: 'schools-recruited',
          achievedOn: '2020-10-01',
        },
      },
      lambeth,
    );
    expect(reported.errors).toBeUndefined();

    await until(() => everything.events.length >= 2 && forLambeth.events.length >= 1);
    expect(everything.events.map((event) => event.type)).toEqual([
      'RecommendationProposed',
      'MilestoneAchieved',
    ]);
    expect(forRecommendation.events).toEqual([
      expect.objectContaining({
        streamId: 'recommendation-E2E-LIVE-1',
        type: 'RecommendationProposed',
      }),
    ]);
    expect(forLambeth.events).toEqual([
      expect.objectContaining({
        streamId: `rollout-social-workers-in-schools.${LAMBETH}`,
        type: 'MilestoneAchieved',
      }),
    ]);
    for (const received of [forRecommendation, forLambeth, everything])
      expect(received.errors).toEqual([]);
  });

  it('refuses a subscriber without a token at connection_init', async () => {
    const anonymous = await subscribe(null);
    await until(() => anonymous.errors.length > 0);
    expect(anonymous.errors).toEqual([
      expect.objectContaining({ code: 4403, reason: 'Forbidden: a bearer token is required' }),
    ]);
  });

  it('cuts off a subscriber within a few seconds of its token being revoked', async () => {
    const token = server.createToken('AUDITOR', 'Short Lived');
    const socket = await LiveSocket.open(server);
    try {
      expect(await socket.initialise({ authorization: `Bearer ${token}` })).toBe(true);
      socket.subscribe('1');
      const propose = async (id: string): Promise<void> => {
        const input = {
          id,
          title: 'Live',
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
        };
        const response = await server.gql(
          `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
          { input },
          board,
        );
        expect(response.errors).toBeUndefined();
      };
      await until(async () => {
        await propose(`E2E-REVOKE-${Date.now()}`); // until the subscription is live
        return socket.about('1').length > 0;
      });
      expect(socket.about('1')[0].type).toBe('next');

      await expectCutOffOnRevoke(server, token, socket);
      const heard = socket.about('1').length;
      await propose('E2E-REVOKE-AFTER');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(socket.about('1')).toHaveLength(heard);
    } finally {
      socket.close();
    }
  });
});
