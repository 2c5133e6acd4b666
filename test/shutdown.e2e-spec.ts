import { connect, type Socket } from 'net';
import { join } from 'path';
import { TrackerServer } from './support/tracker-server';

/** Long enough for the grace period given to requests under way, well short of a hang. */
const EXITS_WITHIN_MS = 15_000;

const opened = (socket: Socket): Promise<Socket> =>
  new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket)).once('error', reject);
  });

/**
 * SIGTERM stops the server whatever its clients leave open. Node stops timing out unfinished
 * requests once its server closes, so connections that never complete one, or a WebSocket
 * client that never answers the close, used to hold the shutdown: forever, or 30 s.
 */
describe('the server stops on SIGTERM', () => {
  let server: TrackerServer;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    server = new TrackerServer('shutdown');
    await server.start();
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server.dispose();
  });

  const stopsOnSigterm = async (): Promise<void> => {
    const exit = await Promise.race([
      server.kill('SIGTERM'),
      new Promise((resolve) => setTimeout(() => resolve('still running'), EXITS_WITHIN_MS).unref()),
    ]);
    // Nest runs the shutdown hooks, then lets the signal end the process.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
  };

  it(
    'with connections open that send nothing, or half a request',
    async () => {
      const { port } = new URL(server.url);
      // Opened ahead and not used yet, as browsers do.
      const idle = await opened(connect(Number(port), '127.0.0.1'));
      const halfSent = await opened(connect(Number(port), '127.0.0.1'));
      sockets.push(idle, halfSent);
      for (const socket of sockets) socket.on('error', () => undefined);
      halfSent.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{');
      // Answered on another connection, by when the half request has arrived.
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      await stopsOnSigterm();
    },
    EXITS_WITHIN_MS + 5000,
  );

  it(
    'with a WebSocket client that never answers the close',
    async () => {
      const { port } = new URL(server.url);
      const socket = await opened(connect(Number(port), '127.0.0.1'));
      sockets.push(socket);
      socket.on('error', () => undefined);
      const upgraded = new Promise<void>((resolve) =>
        socket.on('data', (data) => {
          if (data.toString().startsWith('HTTP/1.1 101')) resolve();
        }),
      );
      socket.write(
        [
          'GET /graphql HTTP/1.1',
          'Host: 127.0.0.1',
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          'Sec-WebSocket-Protocol: graphql-transport-ws',
          '',
          '',
        ].join('\r\n'),
      );
      // Upgraded, then silent, as a frozen page: the server's close frame goes unanswered.
      await upgraded;
      await stopsOnSigterm();
    },
    EXITS_WITHIN_MS + 5000,
  );
});

/** Requests that each leave two lines of request log behind (Fastify's, at level debug). */
const request = async (server: TrackerServer, count: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let sent = 0; sent < count; sent += 100) {
    const batch = Array.from({ length: Math.min(100, count - sent) }, () =>
      fetch(`${server.url}/health`).then((response) => response.status),
    );
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
};

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still running'> =>
  Promise.race([
    promise,
    new Promise<'still running'>((resolve) =>
      setTimeout(() => resolve('still running'), ms).unref(),
    ),
  ]);

/**
 * A supervisor or log shipper that goes away closes the server's standard output. sonic-boom's
 * synchronous flush retried the failed write forever, so a server stopped with logs backed up
 * neither served nor exited.
 */
describe('a server that loses its log reader', () => {
  let server: TrackerServer;

  beforeEach(async () => {
    server = new TrackerServer('log-reader', { LOG_LEVEL: 'debug' });
    await server.start();
  });
  afterEach(() => server.dispose());

  it('still stops on SIGTERM, with logs backed up when the reader went', async () => {
    await server.loseLogReader(async () => {
      expect(new Set(await request(server, 3000))).toEqual(new Set([200]));
    });
    expect(await within(server.kill('SIGTERM'), 10_000)).toEqual({ code: null, signal: 'SIGTERM' });
  }, 40_000);

  it('goes on serving once it has gone, and then stops', async () => {
    await server.loseLogReader(() => request(server, 1000).then(() => undefined));
    expect(new Set(await request(server, 2000))).toEqual(new Set([200]));
    // The lines it could not write are counted for operators.
    const { body } = await server.healthDetail();
    expect(body.droppedLogLines).toBeGreaterThan(0);
    expect(await within(server.kill('SIGTERM'), 10_000)).toEqual({ code: null, signal: 'SIGTERM' });
  }, 40_000);
});

/** However a stage of the shutdown is held, the process ends at the deadline (SIGALRM). */
describe('the shutdown deadline', () => {
  const stuck = join(__dirname, 'support', 'stuck-shutdown.js');

  for (const hold of ['sync', 'async'] as const) {
    it(`ends a shutdown held by ${hold === 'sync' ? 'a synchronous loop' : 'a promise that never settles'}`, async () => {
      const server = new TrackerServer('deadline', {
        SHUTDOWN_TIMEOUT_SECONDS: '2',
        STUCK_SHUTDOWN: hold,
        NODE_OPTIONS: `--require ${stuck}`,
      });
      try {
        await server.start();
        const started = Date.now();
        const exit = await within(server.kill('SIGTERM'), 8000);
        expect(exit).toEqual({ code: null, signal: 'SIGALRM' });
        // Not before the deadline: it is the deadline that ended it.
        expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      } finally {
        await server.dispose();
      }
    }, 40_000);
  }
});
