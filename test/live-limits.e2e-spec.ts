import { connect } from 'net';
import { LiveSocket, liveSubscribers, until, within } from './support/live-socket';
import { TrackerServer } from './support/tracker-server';

/** What a connection may hold: WebSockets and their subscriptions, and HTTP requests. */
describe('limits on live connections', () => {
  const server = new TrackerServer('live-limits', {
    WS_INIT_TIMEOUT_MS: '1000',
    SOCKET_SUBSCRIPTIONS: '3',
    TOKEN_SUBSCRIPTIONS: '5',
    REQUEST_TIMEOUT_MS: '2000',
  });
  const sockets: LiveSocket[] = [];
  let board: string;

  const open = async (headers: Record<string, string> = {}): Promise<LiveSocket> => {
    const socket = await LiveSocket.open(server, headers);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.dispose();
  });

  it('closes a WebSocket that sends no connection_init in time (4408)', async () => {
    const silent = await open();
    expect(await within(silent.closed, 5000)).toEqual({
      code: 4408,
      reason: 'Connection initialisation timeout',
    });
  });

  it('closes WebSockets without a valid token at connection_init, never acknowledged (4403)', async () => {
    const attempts = [
      {},
      { authorization: 'Bearer rt_00000000-0000-0000-0000-000000000000.made-up' },
      { authorization: board }, // not a bearer token
    ];
    for (const payload of attempts) {
      const socket = await open();
      expect(await within(socket.initialise(payload), 5000)).toBe(false);
      expect((await socket.closed).code).toBe(4403);
      expect(socket.messages).toEqual([]);
    }
    // A token in the upgrade request's header is as good as one in the payload.
    const withHeader = await open({ authorization: `Bearer ${board}` });
    expect(await within(withHeader.initialise(), 5000)).toBe(true);
    withHeader.close();
  });

  it('limits the subscriptions of a connection and of a token, and gives places back as they end', async () => {
    /** Subscribes and waits for the outcome: 'live', or the refusal's code and message. */
    const subscribe = async (socket: LiveSocket, id: string): Promise<string> => {
      const count = await liveSubscribers(server);
      socket.subscribe(id);
      let live = false;
      await until(
        async () => socket.about(id).length > 0 || (live = (await liveSubscribers(server)) > count),
      );
      if (live) return 'live';
      const [error] = socket.about(id)[0]?.payload ?? [];
      return `${error?.extensions?.code}: ${error?.message}`;
    };
    const perConnection = `LIMIT_EXCEEDED: Too many live subscriptions: at most 3 per connection; end one to open another`;
    const perToken = `LIMIT_EXCEEDED: Too many live subscriptions: at most 5 per token; end one to open another`;
    const [first, second, third] = [await open(), await open(), await open()];
    for (const socket of [first, second, third])
      expect(await socket.initialise({ authorization: `Bearer ${board}` })).toBe(true);

    for (const id of ['1', '2', '3']) expect(await subscribe(first, id)).toBe('live');
    expect(await subscribe(first, '4')).toBe(perConnection);
    for (const id of ['1', '2']) expect(await subscribe(second, id)).toBe('live');
    expect(await subscribe(second, '3')).toBe(perToken);

    // Ending one gives its place back to the token, and closing a connection all of its own.
    const held = await liveSubscribers(server);
    first.send({ id: '1', type: 'complete' });
    await until(async () => (await liveSubscribers(server)) === held - 1);
    expect(await subscribe(second, '4')).toBe('live');
    expect(await subscribe(second, '5')).toBe(perConnection);
    first.close();
    await until(async () => (await liveSubscribers(server)) === held - 2);
    for (const id of ['1', '2']) expect(await subscribe(third, id)).toBe('live');
    expect(await subscribe(third, '3')).toBe(perToken);
  });

  it('answers 408 and closes a request whose body trickles in past the request timeout', async () => {
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(
      'POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{',
    );
    const trickle = setInterval(() => socket.write(' '), 500);
    const started = Date.now();
    try {
      expect(await within(closed, 10_000)).not.toBe('timed out');
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
