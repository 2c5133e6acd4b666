import { LiveSocket, liveSubscribers, Message, until, within } from './support/live-socket';
import { TrackerServer } from './support/tracker-server';

/**
 * The graphql-transport-ws protocol as a client sees it on the wire: what the server answers,
 * and the code it closes with when the client breaks a rule.
 */
describe('the graphql-transport-ws protocol', () => {
  const server = new TrackerServer('live-protocol');
  const sockets: LiveSocket[] = [];
  let board: string;

  const open = async (subprotocol?: string): Promise<LiveSocket> => {
    const socket = await LiveSocket.open(server, {}, subprotocol);
    sockets.push(socket);
    return socket;
  };
  /** A socket whose connection_init with the board token was acknowledged. */
  const initialised = async (subprotocol?: string): Promise<LiveSocket> => {
    const socket = await open(subprotocol);
    expect(await socket.initialise({ authorization: `Bearer ${board}` })).toBe(true);
    return socket;
  };
  const closedWith = (socket: LiveSocket) => within(socket.closed, 5000);
  /** Waits until the server runs `count` subscriptions, and says how many it runs. */
  const subscribersReach = async (count: number): Promise<number> => {
    await until(async () => (await liveSubscribers(server)) === count);
    return liveSubscribers(server);
  };

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.dispose();
  });

  it('closes a socket that reuses the id of a running subscription (4409), leaving no subscriber behind', async () => {
    const before = await liveSubscribers(server);
    const socket = await initialised();
    socket.subscribe('twice');
    expect(await subscribersReach(before + 1)).toBe(before + 1);
    socket.subscribe('twice');
    expect(await closedWith(socket)).toEqual({
      code: 4409,
      reason: 'Subscriber for twice already exists',
    });
    expect(await subscribersReach(before)).toBe(before);
  });

  it('answers a ping with a pong, stops a subscription on the client’s complete, and frees its id', async () => {
    const before = await liveSubscribers(server);
    const socket = await initialised();
    socket.send({ type: 'ping' });
    await until(() => socket.messages.some((message) => message.type === 'pong'));
    expect(socket.messages.map((message) => message.type)).toEqual(['connection_ack', 'pong']);

    socket.subscribe('1');
    expect(await subscribersReach(before + 1)).toBe(before + 1);
    socket.send({ id: '1', type: 'complete' });
    expect(await subscribersReach(before)).toBe(before);
    socket.subscribe('1'); // its id is free again
    expect(await subscribersReach(before + 1)).toBe(before + 1);

    // A refused operation ends with the server's error: its id is free again too.
    socket.subscribe('2', 'subscription { nothingOfTheKind }');
    await until(() => socket.about('2').length > 0);
    socket.subscribe('2', 'subscription { nothingOfTheKind }');
    await until(() => socket.about('2').length > 1);
    expect(socket.about('2').map((message: Message) => message.type)).toEqual(['error', 'error']);
    socket.close();
    expect(await subscribersReach(before)).toBe(before);
  });

  it('closes a socket that subscribes before its connection is acknowledged (4401), starting nothing', async () => {
    const before = await liveSubscribers(server);
    const socket = await open();
    socket.subscribe('1');
    expect(await closedWith(socket)).toEqual({ code: 4401, reason: 'Unauthorized' });
    expect(socket.messages).toEqual([]);
    expect(await liveSubscribers(server)).toBe(before);
  });

  it('closes a socket that sends connection_init twice (4429)', async () => {
    const socket = await initialised();
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${board}` } });
    expect(await closedWith(socket)).toEqual({
      code: 4429,
      reason: 'Too many initialisation requests',
    });
  });

  it('closes a socket that sends a message the protocol does not know (4400), naming what is wrong', async () => {
    const cases: [string, string | RegExp][] = [
      ['{"type":', /JSON/],
      ['[]', 'Message is expected to be an object, but got array'],
      ['{"id":"1"}', "Message is missing the 'type' property"],
      ['{"type":"start","id":"1"}', `Invalid message 'type' property "start"`],
      ['{"type":"next","id":"1","payload":{}}', 'Unexpected message of type next from a client'],
      [
        '{"type":"subscribe","payload":{"query":"subscription { eventRecorded { type } }"}}',
        `"subscribe" message expects the 'id' property to be a string, but got undefined`,
      ],
      [
        '{"type":"subscribe","id":"1","payload":{"query":42}}',
        `"subscribe" message payload expects the 'query' property to be a string, but got number`,
      ],
    ];
    for (const [message, reason] of cases) {
      const socket = await initialised();
      socket.ws.send(message);
      const closed = await closedWith(socket);
      expect(closed).toEqual({ code: 4400, reason: expect.stringMatching(reason) });
    }
  });

  it('closes a socket of a subprotocol it does not speak (4406)', async () => {
    const socket = await open('graphql-sse');
    expect(await closedWith(socket)).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
  });

  it('holds the legacy graphql-ws subprotocol to unique ids too (4409)', async () => {
    const before = await liveSubscribers(server);
    const socket = await initialised('graphql-ws');
    const start = {
      id: '1',
      type: 'start',
      payload: { query: 'subscription { eventRecorded { type } }' },
    };
    socket.send(start);
    expect(await subscribersReach(before + 1)).toBe(before + 1);
    socket.send(start);
    expect(await closedWith(socket)).toEqual({
      code: 4409,
      reason: 'Subscriber for 1 already exists',
    });
    expect(await subscribersReach(before)).toBe(before);
  });
});
