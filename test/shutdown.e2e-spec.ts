import { connect, type Socket } from 'net';
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
