import { EventEmitter } from 'events';
import { Actor, Role } from '@app/kernel';
import {
  CLOSE_FORBIDDEN,
  CLOSE_INIT_TIMEOUT,
  initialiseLiveConnection,
  LiveConnection,
  LiveConnections,
  LiveLimits,
} from './live-connections';
import type { TokenRegister } from './token-register';

/**
 * A WebSocket that records how it was closed and the messages that reached the GraphQL layer
 * (its listeners), and tells them.
 */
class FakeSocket extends EventEmitter {
  closedWith: [number, string] | null = null;
  readonly handedOn: string[] = [];
  constructor(readonly protocol = 'graphql-transport-ws') {
    super();
    this.on('message', (data: Buffer) => this.handedOn.push(String(data)));
  }
  close(code: number, reason: string): void {
    this.closedWith ??= [code, reason];
    this.emit('close');
  }
  message(message: object): void {
    this.emit('message', Buffer.from(JSON.stringify(message)));
  }
  init(payload: object = {}): void {
    this.message({ type: 'connection_init', payload });
  }
  readonly sent: string[] = [];
  send(data: string): void {
    this.sent.push(data);
  }
  /** The types of the messages that reached the GraphQL layer. */
  handedOnTypes(): string[] {
    return this.handedOn.map((data) => (JSON.parse(data) as { type: string }).type);
  }
}

const actor = (id: string): Actor => ({ id, name: id, role: Role.AUDITOR, organisation: null });

/**
 * Tokens `rt_<id>`, active while their id is in `active`, acting as their account (`owners`)
 * or as themselves; counts the batched checks.
 */
class FakeTokens {
  readonly active = new Set<string>();
  readonly owners = new Map<string, string>();
  batches: string[][] = [];
  authenticate(token: string): Promise<Actor | null> {
    const id = token.replace(/^rt_/, '');
    return Promise.resolve(this.active.has(id) ? actor(this.owners.get(id) ?? id) : null);
  }
  activeAmong(ids: readonly string[]): Promise<Set<string>> {
    this.batches.push([...ids]);
    return Promise.resolve(new Set(ids.filter((id) => this.active.has(id))));
  }
}

const LIMITS: LiveLimits = {
  subscriptionsPerConnection: 2,
  subscriptionsPerToken: 3,
  connectionInitTimeoutMs: 1000,
  recheckIntervalMs: 500,
};

describe('live connections', () => {
  let tokens: FakeTokens;
  let connections: LiveConnections;
  beforeEach(() => {
    tokens = new FakeTokens();
    tokens.active.add('a').add('b');
    connections = new LiveConnections(tokens as unknown as TokenRegister, LIMITS);
  });

  const opened = (header?: string): FakeSocket => {
    const socket = new FakeSocket();
    connections.follow(socket, header);
    return socket;
  };
  /** A socket initialised with the token `rt_<id>`, and its connection. */
  const initialised = async (id: string): Promise<[FakeSocket, LiveConnection]> => {
    const socket = opened();
    socket.init({ authorization: `Bearer rt_${id}` });
    const { liveConnection } = await initialiseLiveConnection(socket);
    return [socket, liveConnection!];
  };
  /** A subscription that can be ended like an iterator; `ended` as the live feed would call it. */
  const subscription = (connection: LiveConnection): AsyncIterator<never> => {
    let end = (): void => undefined;
    const iterator = connection.openSubscription((ended) => {
      end = ended;
      return {
        next: () => Promise.resolve({ done: true, value: undefined as never }),
        return: () => {
          end();
          return Promise.resolve({ done: true, value: undefined as never });
        },
      };
    });
    return iterator;
  };

  it('closes a socket that sends no connection_init in time (4408), not one that does', () => {
    jest.useFakeTimers();
    try {
      const silent = opened();
      const talking = opened();
      talking.init();
      jest.advanceTimersByTime(LIMITS.connectionInitTimeoutMs);
      expect(silent.closedWith).toEqual([CLOSE_INIT_TIMEOUT, 'Connection initialisation timeout']);
      expect(talking.closedWith).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('takes the token from connection_init or else the upgrade header, and closes a socket without a valid one (4403)', async () => {
    const [, fromPayload] = await initialised('a');
    expect(fromPayload.actor?.id).toBe('a');

    const withHeader = opened('Bearer rt_b');
    withHeader.init();
    expect(await initialiseLiveConnection(withHeader)).toEqual({
      authorization: 'Bearer rt_b',
      liveConnection: expect.objectContaining({ actor: actor('b') }),
    });

    for (const payload of [{}, { authorization: 'Bearer rt_nobody' }, { authorization: 'rt_a' }]) {
      const refused = opened();
      refused.init(payload);
      expect(await initialiseLiveConnection(refused)).toEqual({});
      expect(refused.closedWith?.[0]).toBe(CLOSE_FORBIDDEN);
    }
    const unfollowed = new FakeSocket();
    expect(await initialiseLiveConnection(unfollowed)).toEqual({});
    expect(unfollowed.closedWith?.[0]).toBe(CLOSE_FORBIDDEN);
  });

  it('limits subscriptions per connection and per token, and gives places back as they end or their socket closes', async () => {
    const [firstSocket, first] = await initialised('a');
    const [, second] = await initialised('a');
    const [, other] = await initialised('b');
    const running = [subscription(first), subscription(first)];
    expect(() => subscription(first)).toThrow(/at most 2 per connection/);
    subscription(second);
    expect(() => subscription(second)).toThrow(/at most 3 per token/);
    subscription(other); // another token's places are its own

    await running[0].return!();
    await running[0].return!(); // gives its place back once only
    subscription(second);
    expect(() => subscription(second)).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', details: { limit: 2 } }),
    );

    firstSocket.close(1000, '');
    expect(first.subscriptions).toBe(0);
    const [, third] = await initialised('a');
    subscription(third);
    expect(() => subscription(third)).toThrow(/at most 3 per token/);
  });

  it('rechecks the tokens of all open connections in one batch, and closes those revoked (4403)', async () => {
    const [a1] = await initialised('a');
    const [a2] = await initialised('a');
    const [b] = await initialised('b');
    opened(); // not initialised yet: nothing to check
    await connections.recheck();
    expect(tokens.batches).toEqual([['a', 'b']]);
    expect([a1, a2, b].map((socket) => socket.closedWith)).toEqual([null, null, null]);

    tokens.active.delete('a');
    await connections.recheck();
    const revoked = [CLOSE_FORBIDDEN, 'Forbidden: the bearer token was revoked'];
    expect([a1, a2, b].map((socket) => socket.closedWith)).toEqual([revoked, revoked, null]);
    await connections.recheck();
    expect(tokens.batches.at(-1)).toEqual(['b']);
  });

  it("follows an account's tokens by token, not by the account they act as", async () => {
    tokens.active.add('c').add('d');
    tokens.owners.set('c', 'account-1').set('d', 'account-1');
    const [c, viaC] = await initialised('c');
    const [d] = await initialised('d');
    expect(viaC.actor?.id).toBe('account-1');
    await connections.recheck();
    expect(tokens.batches).toEqual([['c', 'd']]);
    tokens.active.delete('c'); // revoked, expired, or its account deactivated
    await connections.recheck();
    expect(c.closedWith?.[0]).toBe(CLOSE_FORBIDDEN);
    expect(d.closedWith).toBeNull();
  });

  it('hands the GraphQL layer only what the protocol allows, closing with its code otherwise', async () => {
    const subscribe = (socket: FakeSocket, id: string): void =>
      socket.message({ id, type: 'subscribe', payload: { query: 'subscription { a }' } });

    const early = opened();
    early.init({ authorization: 'Bearer rt_a' }); // not yet acknowledged: the token is being checked
    subscribe(early, '1');
    expect(early.closedWith).toEqual([4401, 'Unauthorized']);
    expect(early.handedOnTypes()).toEqual(['connection_init']);

    const [socket] = await initialised('a');
    subscribe(socket, '1');
    subscribe(socket, '2');
    socket.message({ id: '2', type: 'complete' }); // the client's: '2' may be used again
    socket.send(JSON.stringify({ type: 'error', id: '1', payload: [{ message: 'no' }] })); // the server's
    subscribe(socket, '1');
    subscribe(socket, '2');
    expect(socket.closedWith).toBeNull();
    subscribe(socket, '2');
    expect(socket.closedWith).toEqual([4409, 'Subscriber for 2 already exists']);
    socket.message({ type: 'ping' }); // closing: nothing more reaches the GraphQL layer
    expect(socket.handedOnTypes()).toEqual([
      'connection_init',
      ...['subscribe', 'subscribe', 'complete', 'subscribe', 'subscribe'],
    ]);

    const [again] = await initialised('a');
    again.init();
    expect(again.closedWith).toEqual([4429, 'Too many initialisation requests']);

    const [garbled] = await initialised('a');
    garbled.emit('message', Buffer.from('{"type":'));
    expect(garbled.closedWith?.[0]).toBe(4400);
    expect(garbled.handedOn).toHaveLength(1);
  });

  it('closes a socket of an unknown subprotocol (4406), and holds the legacy one to unique ids', () => {
    for (const protocol of ['', 'graphql-sse']) {
      const socket = new FakeSocket(protocol);
      expect(connections.follow(socket, undefined)).toBe(false);
      expect(socket.closedWith).toEqual([4406, 'Subprotocol not acceptable']);
    }
    const legacy = new FakeSocket('graphql-ws');
    expect(connections.follow(legacy, undefined)).toBe(true);
    legacy.emit('message', Buffer.from('not JSON')); // Mercurius answers it with an error message
    legacy.message({ id: '1', type: 'start', payload: { query: 'subscription { a }' } });
    legacy.message({ id: '1', type: 'stop' });
    legacy.message({ id: '1', type: 'start', payload: { query: 'subscription { a }' } });
    expect(legacy.closedWith).toBeNull();
    legacy.message({ id: '1', type: 'start', payload: { query: 'subscription { a }' } });
    expect(legacy.closedWith).toEqual([4409, 'Subscriber for 1 already exists']);
    expect(legacy.handedOn).toHaveLength(4);
  });

  it('asks nothing when no connection holds a token', async () => {
    opened();
    await connections.recheck();
    expect(tokens.batches).toEqual([]);
  });
});
