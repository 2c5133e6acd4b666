import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { Actor, DomainError, ErrorCode } from '@app/kernel';
import { CloseCode } from 'graphql-ws';
import { bearerTokenOf } from './access.guard';
import {
  closeReason,
  endedBy,
  judgeMessage,
  startedBy,
  stoppedBy,
  SUBPROTOCOLS,
} from './live-protocol';
import { tokenIdOf, TokenRegister } from './token-register';

/** graphql-transport-ws close codes: a refused or revoked token, and no connection_init in time. */
export const CLOSE_FORBIDDEN = CloseCode.Forbidden;
export const CLOSE_INIT_TIMEOUT = CloseCode.ConnectionInitialisationTimeout;

export interface LiveLimits {
  subscriptionsPerConnection: number;
  /** Over all the token's connections in this process. */
  subscriptionsPerToken: number;
  /** How long a new WebSocket has to send connection_init. */
  connectionInitTimeoutMs: number;
  /** How often the tokens of open connections are checked again (a revoked one is cut off). */
  recheckIntervalMs: number;
}

export const LIVE_LIMITS = Symbol('LIVE_LIMITS');

/** What is used of a WebSocket (`ws`): small enough to fake in tests. */
export interface LiveSocket {
  /** The subprotocol agreed at the handshake ('' if none). */
  readonly protocol: string;
  close(code: number, reason: string): void;
  emit(event: string | symbol, ...args: unknown[]): boolean;
  send(data: unknown, ...rest: unknown[]): void;
  on(event: 'close', listener: () => void): unknown;
}

/** One WebSocket: who it speaks for once initialised, and how many subscriptions it runs. */
export class LiveConnection {
  actor: Actor | null = null;
  /** The id of the token it was opened with (an account's token acts as the account's id). */
  tokenId: string | null = null;
  subscriptions = 0;
  /** The connection_init payload, once received. */
  initPayload: unknown = undefined;
  private readonly running = new Set<AsyncIterator<unknown>>();
  /** The ids of the client's operations that have not ended. */
  private readonly operations = new Set<string>();
  private closing = false;

  constructor(
    readonly socket: LiveSocket,
    /** The upgrade request's Authorization header, if any (clients that can set headers). */
    readonly headerAuthorization: string | undefined,
    private readonly registry: LiveConnections,
  ) {}

  /**
   * Starts a subscription if the limits allow, else refuses it (LIMIT_EXCEEDED). `start` gets
   * the function to call once its iterator has ended, which gives the place back; the iterator
   * is ended when the socket closes, should the GraphQL layer have lost it (Mercurius misses a
   * client's complete that comes while the subscription is starting).
   */
  openSubscription<I extends AsyncIterator<unknown>>(start: (ended: () => void) => I): I {
    const release = this.registry.admit(this);
    const iterator = start(() => {
      this.running.delete(iterator);
      release();
    });
    this.running.add(iterator);
    return iterator;
  }

  authenticate(token: string): Promise<Actor | null> {
    return this.registry.authenticate(token);
  }

  /**
   * Whether a message from the client is to reach the GraphQL layer: one the protocol refuses
   * closes the socket instead (see `judgeMessage`), and none gets through once it is closing.
   */
  receive(data: string): boolean {
    if (this.closing) return false;
    const judgement = judgeMessage(
      {
        protocol: this.socket.protocol,
        initialised: this.initPayload !== undefined,
        acknowledged: this.actor !== null,
        operations: this.operations,
      },
      data,
    );
    if ('refuse' in judgement) {
      this.close(judgement.refuse, judgement.reason);
      return false;
    }
    const message = judgement.accept;
    if (!message) return true;
    if (message.type === 'connection_init') this.initPayload ??= message.payload ?? null;
    const started = startedBy(this.socket.protocol, message);
    if (started !== undefined) this.operations.add(started);
    const stopped = stoppedBy(this.socket.protocol, message);
    if (stopped !== undefined) this.operations.delete(stopped);
    return true;
  }

  /** Notes a message the GraphQL layer sends: its complete or error frees the operation's id. */
  sent(data: unknown): void {
    const ended = endedBy(data);
    if (ended !== undefined) this.operations.delete(ended);
  }

  close(code: number, reason: string): void {
    this.closing = true;
    this.socket.close(code, closeReason(reason));
  }

  /** Ends every subscription still running (the socket has closed). */
  endAll(): void {
    for (const iterator of this.running) void iterator.return?.();
  }
}

/**
 * The server's open GraphQL WebSockets. A token is checked once per connection, at
 * connection_init (none, or a bad one: the socket is closed, never acknowledged), then again
 * every `recheckIntervalMs` for all open connections at once, in one query of the token register,
 * so that a revoked token stops listening within a second in every process at the cost of one
 * indexed query per process per tick, not one per event or per connection. It also bounds what
 * a connection holds: connection_init in time, and so many subscriptions per connection and per
 * token.
 */
@Injectable()
export class LiveConnections implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveConnections');
  private readonly connections = new Map<LiveSocket, LiveConnection>();
  private readonly subscriptionsByToken = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly tokens: TokenRegister,
    @Inject(LIVE_LIMITS) private readonly limits: LiveLimits,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.recheck(), this.limits.recheckIntervalMs).unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The actor a connection's token stands for, or null if unknown or revoked. */
  authenticate(token: string): Promise<Actor | null> {
    return this.tokens.authenticate(token);
  }

  /** A place for one more subscription of `connection`, or LIMIT_EXCEEDED; see `openSubscription`. */
  admit(connection: LiveConnection): () => void {
    const tokenId = connection.actor && connection.tokenId;
    if (!tokenId) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A bearer token is required');
    const { subscriptionsPerConnection, subscriptionsPerToken } = this.limits;
    if (connection.subscriptions >= subscriptionsPerConnection) {
      throw tooMany(`${subscriptionsPerConnection} per connection`, subscriptionsPerConnection);
    }
    const byToken = this.subscriptionsByToken.get(tokenId) ?? 0;
    if (byToken >= subscriptionsPerToken) {
      throw tooMany(`${subscriptionsPerToken} per token`, subscriptionsPerToken);
    }
    connection.subscriptions++;
    this.subscriptionsByToken.set(tokenId, byToken + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      connection.subscriptions--;
      const left = (this.subscriptionsByToken.get(tokenId) ?? 1) - 1;
      if (left > 0) this.subscriptionsByToken.set(tokenId, left);
      else this.subscriptionsByToken.delete(tokenId);
    };
  }

  /** Closes every connection whose token is no longer active; one query for all of them. */
  async recheck(): Promise<void> {
    if (this.checking) return; // a slow database: never two checks at once
    const held = [...this.connections.values()].filter(
      (connection) => connection.actor && connection.tokenId,
    );
    if (held.length === 0) return;
    this.checking = true;
    try {
      const active = await this.tokens.activeAmong([
        ...new Set(held.map((connection) => connection.tokenId!)),
      ]);
      for (const connection of held) {
        if (!active.has(connection.tokenId!)) {
          connection.actor = null;
          connection.close(CLOSE_FORBIDDEN, 'Forbidden: the bearer token was revoked');
        }
      }
    } catch (error) {
      // The database is unreachable: so is revoking; try again at the next tick.
      this.logger.warn({ msg: 'live connections not rechecked', error: (error as Error).message });
    } finally {
      this.checking = false;
    }
  }

  /**
   * Follows a WebSocket from its opening, before the GraphQL layer reads from it: it must speak
   * a subprotocol the server knows (else it is closed, and false returned: not to be served),
   * send connection_init in time, and keep to the protocol. `headerAuthorization`: its upgrade
   * request's Authorization header.
   */
  follow(socket: LiveSocket, headerAuthorization: string | undefined): boolean {
    if (!SUBPROTOCOLS.includes(socket.protocol)) {
      socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return false;
    }
    const connection = new LiveConnection(socket, headerAuthorization, this);
    this.connections.set(socket, connection);
    followed.set(socket, connection);
    const timeout = setTimeout(
      () => connection.close(CLOSE_INIT_TIMEOUT, 'Connection initialisation timeout'),
      this.limits.connectionInitTimeoutMs,
    );
    // Mercurius reads the socket's messages and sends its answers itself, with no hook in
    // between: the socket's own emit and send are wrapped, so that a message the protocol
    // refuses never reaches it, and an operation's id is free again once it has ended.
    const emit = socket.emit.bind(socket);
    socket.emit = (event, ...args) => {
      if (event !== 'message') return emit(event, ...args);
      if (!connection.receive(String(args[0]))) return false;
      if (connection.initPayload !== undefined) clearTimeout(timeout);
      return emit(event, ...args);
    };
    const send = socket.send.bind(socket);
    socket.send = (data, ...rest) => {
      connection.sent(data);
      send(data, ...rest);
    };
    socket.on('close', () => {
      clearTimeout(timeout);
      this.connections.delete(socket);
      connection.endAll();
    });
    return true;
  }
}

/** Each followed socket's connection, for the GraphQL layer, which hands over only the socket. */
const followed = new WeakMap<LiveSocket, LiveConnection>();

/**
 * At connection_init (Mercurius asks for the connection's context then): the context of a
 * connection whose token is valid (its authorization, and itself for the subscription limits).
 * Any other is closed, never acknowledged, and gets an empty context.
 */
export async function initialiseLiveConnection(
  socket: LiveSocket,
): Promise<{ authorization?: string; liveConnection?: LiveConnection }> {
  const connection = followed.get(socket);
  const authorization =
    connection && (authorizationIn(connection.initPayload) ?? connection.headerAuthorization);
  const token = bearerTokenOf(authorization);
  const actor = connection && token ? await connection.authenticate(token) : null;
  if (!connection || !actor) {
    (connection ?? socket).close(
      CLOSE_FORBIDDEN,
      token
        ? 'Forbidden: the bearer token is unknown or revoked'
        : 'Forbidden: a bearer token is required',
    );
    return {};
  }
  connection.actor = actor;
  connection.tokenId = tokenIdOf(token!);
  return { authorization, liveConnection: connection };
}

/** Browsers cannot set headers on a WebSocket: their token comes in the connection_init payload. */
function authorizationIn(payload: unknown): string | undefined {
  const value = (payload as { authorization?: unknown } | null | undefined)?.authorization;
  return typeof value === 'string' ? value : undefined;
}

function tooMany(limit: string, max: number): DomainError {
  return new DomainError(
    ErrorCode.LIMIT_EXCEEDED,
    `Too many live subscriptions: at most ${limit}; end one to open another`,
    { limit: max },
  );
}

/** The API's live connections, with their limits. */
@Module({})
export class LiveConnectionsModule {
  static forRoot(limits: LiveLimits): DynamicModule {
    return {
      module: LiveConnectionsModule,
      providers: [{ provide: LIVE_LIMITS, useValue: limits }, LiveConnections],
      exports: [LiveConnections],
    };
  }
}
