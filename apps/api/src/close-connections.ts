import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Socket } from 'net';

/** How long requests under way have to finish once the server closes, before it cuts them. */
export const CLOSE_GRACE_MS = 5000;

/**
 * Bounds the HTTP close. Fastify stops accepting connections, ends idle keep-alive ones and asks
 * WebSocket clients to close, then waits for every other connection to end. But Node stops
 * enforcing its header and request timeouts once its server closes, so a connection that never
 * completes a request (opened ahead by a browser or a client and not used yet, or a request
 * half sent) holds the close, and the shutdown, forever; a WebSocket client that does not answer
 * the close holds it 30 s. After a grace period for the requests under way, whatever is still
 * open is cut.
 */
export function cutConnectionsOnClose(
  app: NestFastifyApplication,
  graceMs = CLOSE_GRACE_MS,
  logger = new Logger('Shutdown'),
): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Every socket, HTTP or upgraded to WebSocket, so that none is missed when the time is up.
  const sockets = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  fastify.addHook('preClose', (done) => {
    const timer = setTimeout(() => {
      logger.warn({
        msg: 'connections still open after the grace period are cut',
        connections: sockets.size,
        graceMs,
      });
      for (const socket of sockets) socket.destroy();
    }, graceMs).unref();
    fastify.server.once('close', () => clearTimeout(timer));
    done();
  });
}
