import WebSocket from 'ws';
import type { TrackerServer } from './tracker-server';

export const EVENT_RECORDED = 'subscription { eventRecorded { streamId type } }';

export interface Message {
  type: string;
  id?: string;
  payload?: any;
}

/**
 * A WebSocket to /graphql spoken to in graphql-transport-ws by hand, so that a test sees what
 * a library client hides: whether the server acknowledged, and the code it closed with.
 */
export class LiveSocket {
  readonly messages: Message[] = [];
  /** The close code and reason, once closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.messages.push(JSON.parse(data.toString()) as Message));
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static open(
    server: TrackerServer,
    headers: Record<string, string> = {},
    subprotocol = 'graphql-transport-ws',
  ): Promise<LiveSocket> {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, subprotocol, {
      headers,
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new LiveSocket(ws)));
      ws.once('error', reject);
    });
  }

  send(message: Message): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Sends connection_init; true once acknowledged, false if the server closed instead. */
  async initialise(payload: Record<string, unknown> = {}): Promise<boolean> {
    this.send({ type: 'connection_init', payload });
    const acknowledged = new Promise<true>((resolve) => {
      const check = (): void => {
        if (this.messages.some((message) => message.type === 'connection_ack')) resolve(true);
      };
      this.ws.on('message', check);
    });
    return Promise.race([acknowledged, this.closed.then(() => false)]);
  }

  subscribe(id: string, query = EVENT_RECORDED): void {
    this.send({ id, type: 'subscribe', payload: { query } });
  }

  /** The messages about subscription `id` so far. */
  about(id: string): Message[] {
    return this.messages.filter((message) => message.id === id);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** `promise`'s value, or 'timed out' after `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms))),
  ]);
}

/** Waits (up to 10 s) for `check` to hold. */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many subscriptions the server runs now (GET /health/detail, as an admin). */
export async function liveSubscribers(server: TrackerServer): Promise<number> {
  return (await server.healthDetail()).body.liveSubscribers ?? 0;
}

/** Revokes `token` through `server`'s CLI: `socket` must be closed for it within 3 s. */
export async function expectCutOffOnRevoke(
  server: TrackerServer,
  token: string,
  socket: LiveSocket,
): Promise<void> {
  server.tracker('token', 'revoke', token.slice(3, 39));
  const revokedAt = Date.now();
  expect(await within(socket.closed, 5000)).toEqual({
    code: 4403,
    reason: 'Forbidden: the bearer token was revoked',
  });
  expect(Date.now() - revokedAt).toBeLessThan(3000);
}
