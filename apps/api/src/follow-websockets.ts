import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { LiveConnections, LiveSocket } from '@app/access';

type WebSocketHandler = (this: unknown, socket: LiveSocket, request: FastifyRequest) => unknown;

/**
 * Hands every GraphQL WebSocket to LiveConnections as it opens, before Mercurius reads from it;
 * one in a subprotocol Mercurius does not speak is closed there (4406), never handed on.
 * Mercurius keeps its WebSocket server in a plugin of its own, out of reach, but a route hook
 * of the root sees its route (`wsHandler`, from @fastify/websocket) and wraps it. To be called
 * before `app.init()`, which registers Mercurius.
 */
export function followWebSockets(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    const options = route as { wsHandler?: WebSocketHandler };
    const handler = options.wsHandler;
    if (!handler) return;
    options.wsHandler = function (socket, request) {
      if (!app.get(LiveConnections).follow(socket, request.headers.authorization)) return;
      return handler.call(this, socket, request);
    };
  });
}
