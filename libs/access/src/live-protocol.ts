import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, parseMessage } from 'graphql-ws';

/** The former protocol of subscriptions-transport-ws, which Mercurius also speaks. */
export const LEGACY_PROTOCOL = 'graphql-ws';
export const SUBPROTOCOLS: readonly string[] = [GRAPHQL_TRANSPORT_WS_PROTOCOL, LEGACY_PROTOCOL];

/** What the server knows of a connection when a message comes in. */
export interface ProtocolState {
  /** Its subprotocol, as agreed at the handshake. */
  protocol: string;
  /** Whether connection_init has come. */
  initialised: boolean;
  /** Whether its token was accepted (connection_ack follows). */
  acknowledged: boolean;
  /** The ids of its operations still running. */
  operations: ReadonlySet<string>;
}

/** A message from the client. */
export interface ClientMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/** A message let through to the GraphQL layer, or the close code and reason that refuse it. */
export type Judgement =
  | { accept: ClientMessage | null } // null: not understood here, left to Mercurius to answer
  | { refuse: CloseCode; reason: string };

/** The message types each subprotocol's client sends: to start and to stop an operation. */
const START = {
  [GRAPHQL_TRANSPORT_WS_PROTOCOL]: MessageType.Subscribe,
  [LEGACY_PROTOCOL]: 'start',
};
const STOP = { [GRAPHQL_TRANSPORT_WS_PROTOCOL]: MessageType.Complete, [LEGACY_PROTOCOL]: 'stop' };
const FROM_CLIENT: ReadonlySet<string> = new Set([
  MessageType.ConnectionInit,
  MessageType.Ping,
  MessageType.Pong,
  MessageType.Subscribe,
  MessageType.Complete,
]);

/**
 * What the graphql-transport-ws protocol says of a message from the client, before Mercurius
 * handles it (Mercurius answers a bad message with an error message and carries on, starts a
 * second subscription for an id in use and loses the first, and initialises twice). The legacy
 * protocol defines no close codes: its messages are left to Mercurius, except that an id in use
 * is refused there too, as it would otherwise start a second subscription.
 */
export function judgeMessage(state: ProtocolState, data: string): Judgement {
  if (state.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) return judgeLegacy(state, data);
  let message: ClientMessage;
  try {
    message = parseMessage(data);
  } catch (error) {
    return { refuse: CloseCode.BadRequest, reason: closeReason((error as Error).message) };
  }
  if (!FROM_CLIENT.has(message.type)) {
    return {
      refuse: CloseCode.BadRequest,
      reason: closeReason(`Unexpected message of type ${message.type} from a client`),
    };
  }
  if (message.type === 'connection_init' && state.initialised) {
    return {
      refuse: CloseCode.TooManyInitialisationRequests,
      reason: 'Too many initialisation requests',
    };
  }
  if (message.type === 'subscribe' && !state.acknowledged) {
    return { refuse: CloseCode.Unauthorized, reason: 'Unauthorized' };
  }
  return refuseIdInUse(state, message) ?? { accept: message };
}

function judgeLegacy(state: ProtocolState, data: string): Judgement {
  let message: unknown = null;
  try {
    message = JSON.parse(data);
  } catch {
    // Mercurius answers it
  }
  if (typeof message !== 'object' || message === null) return { accept: null };
  return refuseIdInUse(state, message as ClientMessage) ?? { accept: message as ClientMessage };
}

function refuseIdInUse(state: ProtocolState, message: ClientMessage): Judgement | null {
  const id = startedBy(state.protocol, message);
  if (id === undefined || !state.operations.has(id)) return null;
  return {
    refuse: CloseCode.SubscriberAlreadyExists,
    reason: closeReason(`Subscriber for ${id} already exists`),
  };
}

/** The id of the operation `message` starts, if it starts one. */
export function startedBy(protocol: string, message: ClientMessage): string | undefined {
  return message.type === START[protocol as keyof typeof START] ? idOf(message) : undefined;
}

/** The id of the operation `message` stops, if it is the client's stop. */
export function stoppedBy(protocol: string, message: ClientMessage): string | undefined {
  return message.type === STOP[protocol as keyof typeof STOP] ? idOf(message) : undefined;
}

/** Mercurius keys operations by the id as sent; the legacy protocol does not say it is a string. */
const idOf = (message: ClientMessage): string | undefined =>
  message.id == null ? undefined : String(message.id);

/**
 * The id of the operation the server's message ends (its complete or error), if any. Only
 * messages that can be one are parsed: every event sent is not.
 */
export function endedBy(sent: unknown): string | undefined {
  if (typeof sent !== 'string') return undefined;
  if (!sent.includes('"type":"complete"') && !sent.includes('"type":"error"')) return undefined;
  const message = JSON.parse(sent) as ClientMessage;
  return message.type === 'complete' || message.type === 'error' ? idOf(message) : undefined;
}

/** A WebSocket close reason is at most 123 bytes (a character cut in two is one of 3 bytes). */
export function closeReason(reason: string): string {
  const bytes = Buffer.from(reason);
  return bytes.length <= 123 ? reason : `${bytes.subarray(0, 100).toString()}…`;
}
