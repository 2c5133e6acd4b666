import {
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import { randomUUID } from 'crypto';
import { PassThrough, Readable } from 'stream';

interface StoredEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  created: Date;
  position: Position;
}

interface Live {
  owner: object;
  stream: PassThrough;
  filter?: Filter;
  after: Position | null;
}

const compare = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;

/**
 * A stand-in for the part of `EventStoreDBClient` the adapter uses, so the contract runs
 * against the adapter's own logic on every `npm test` (no server can be installed here). It
 * models the server as read in its source (EventStore/EventStore, AllReader.cs and the gRPC
 * services), not as measured: events written by gRPC appends each have one position whose
 * commit and prepare parts are both the event's log position; reading `$all` forwards from a
 * position includes the event there, backwards excludes it; a subscription starts after its
 * position; appends to one stream are atomic and checked against the expected revision; a
 * missing stream reads as StreamNotFound; an append over 1 MiB in all is refused; the server
 * writes events of its own (`$stats-...`) in between. What it cannot show is whether the real
 * server behaves so: run the suite against one for that (EVENTSTOREDB_URL).
 */
export class InMemoryEventStoreDb {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly live = new Set<Live>();
  private logPosition = 4096n;
  private appends = 0;

  constructor(
    private readonly options: {
      maxAppendSize?: number;
      /** Subscriptions include the event at their start position (to test the adapter copes). */
      subscriptionsIncludeStart?: boolean;
    } = {},
  ) {
    this.write('$settings', '$settings', '{}');
  }

  /** A client of this server, as the adapter sees it; dispose ends only its subscriptions. */
  client(): EventStoreDBClient {
    const owner = {};
    let disposed = false;
    const open = (): void => {
      if (disposed) throw new Error('The client is disposed');
    };
    return {
      appendToStream: (name: string, events: EventData | EventData[], options = {}) => {
        open();
        return this.appendToStream(name, Array.isArray(events) ? events : [events], options);
      },
      readStream: (name: string, options = {}) => (open(), this.readStream(name, options)),
      readAll: (options = {}) => (open(), this.readAll(options)),
      subscribeToAll: (options = {}) => (open(), this.subscribeToAll(owner, options)),
      dispose: () => {
        disposed = true;
        for (const live of [...this.live]) {
          if (live.owner !== owner) continue;
          this.live.delete(live);
          live.stream.end();
        }
        return Promise.resolve();
      },
    } as unknown as EventStoreDBClient;
  }

  /** Fails every live subscription as a lost connection would. */
  dropSubscriptions(): void {
    for (const live of [...this.live]) {
      this.live.delete(live);
      live.stream.emit('error', new UnavailableError());
    }
  }

  private async appendToStream(
    name: string,
    events: EventData[],
    options: { expectedRevision?: AppendExpectedRevision },
  ): Promise<AppendResult> {
    await new Promise((resolve) => setImmediate(resolve));
    const expected = options.expectedRevision ?? 'any';
    const existing = this.streams.get(name) ?? [];
    const current = existing.length > 0 ? existing[existing.length - 1].revision : null;
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === null) ||
      (expected === 'stream_exists' && current !== null) ||
      (typeof expected === 'bigint' && current === expected);
    if (!holds) {
      throw new WrongExpectedVersionError(undefined, {
        streamName: name,
        expected,
        current: current ?? 'no_stream',
      });
    }
    const encoded = events.map((event) => ({
      id: event.id.toLowerCase(),
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: event.metadata === undefined ? '' : JSON.stringify(event.metadata),
    }));
    const size = encoded.reduce(
      (sum, e) => sum + Buffer.byteLength(e.data) + Buffer.byteLength(e.metadata) + e.type.length,
      0,
    );
    const maxAppendSize = this.options.maxAppendSize ?? 1024 * 1024;
    if (size > maxAppendSize) throw MaxAppendSizeExceededError.fromMaxAppendSize(maxAppendSize);
    let last: StoredEvent | undefined;
    for (const event of encoded) {
      last = this.write(name, event.type, event.data, event.metadata, event.id);
    }
    if (++this.appends % 7 === 0) this.write('$stats-127.0.0.1:2113', '$statsCollected', '{}');
    return { success: true, nextExpectedRevision: last!.revision, position: last!.position };
  }

  private write(
    streamId: string,
    type: string,
    data: string,
    metadata = '',
    id: string = randomUUID(),
  ): StoredEvent {
    const stream = this.streams.get(streamId) ?? [];
    const position = { commit: this.logPosition, prepare: this.logPosition };
    const event: StoredEvent = {
      streamId,
      id,
      revision: BigInt(stream.length),
      type,
      data,
      metadata,
      created: new Date(),
      position,
    };
    this.logPosition += BigInt(64 + Buffer.byteLength(data) + Buffer.byteLength(metadata));
    stream.push(event);
    this.streams.set(streamId, stream);
    this.log.push(event);
    for (const live of this.live) this.offer(live, event);
    return event;
  }

  private readStream(
    name: string,
    options: { fromRevision?: ReadRevision; maxCount?: number | bigint; direction?: string },
  ): Readable & { cancel(): Promise<void> } {
    const stream = this.streams.get(name);
    if (!stream) {
      return cancellable(
        new Readable({
          objectMode: true,
          read() {
            this.destroy(new StreamNotFoundError(undefined, name));
          },
        }),
      );
    }
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? (options.direction === 'backwards' ? 'end' : 'start');
    const selected =
      options.direction === 'backwards'
        ? stream.filter((e) => from === 'end' || (from !== 'start' && e.revision <= from)).reverse()
        : stream.filter((e) => from === 'start' || (from !== 'end' && e.revision >= from));
    return cancellable(Readable.from(selected.slice(0, max).map(resolved)));
  }

  private readAll(options: {
    fromPosition?: ReadPosition;
    maxCount?: number | bigint;
    direction?: string;
  }): Readable & { cancel(): Promise<void> } {
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const selected = backwards
      ? this.log
          // Backwards from a position excludes the event there.
          .filter((e) => from === 'end' || (from !== 'start' && compare(e.position, from) < 0))
          .reverse()
      : // Forwards from a position includes the event there.
        this.log.filter(
          (e) => from === 'start' || (from !== 'end' && compare(e.position, from) >= 0),
        );
    return cancellable(Readable.from(selected.slice(0, max).map(resolved)));
  }

  private subscribeToAll(
    owner: object,
    options: {
      fromPosition?: ReadPosition;
      filter?: Filter;
    },
  ): PassThrough & { unsubscribe(): Promise<void> } {
    const stream = new PassThrough({ objectMode: true });
    const from = options.fromPosition ?? 'start';
    const live: Live = {
      owner,
      stream,
      filter: options.filter,
      after: from === 'start' ? null : from === 'end' ? this.log.at(-1)!.position : from,
    };
    const subscription = Object.assign(stream, {
      unsubscribe: () => {
        this.live.delete(live);
        stream.end();
        return Promise.resolve();
      },
    });
    setImmediate(() => {
      if (stream.writableEnded) return;
      for (const event of this.log) this.offer(live, event);
      this.live.add(live);
    });
    return subscription;
  }

  private offer(live: Live, event: StoredEvent): void {
    // A subscription starts after its position.
    const first = this.options.subscriptionsIncludeStart ? 0 : 1;
    if (live.after && compare(event.position, live.after) < first) return;
    const filter = live.filter;
    if (filter && 'prefixes' in filter) {
      if (!filter.prefixes.some((prefix) => event.streamId.startsWith(prefix))) return;
    } else if (filter && 'regex' in filter) {
      if (!new RegExp(filter.regex).test(event.streamId)) return;
    }
    live.stream.write(resolved(event));
  }
}

function resolved(event: StoredEvent): AllStreamResolvedEvent {
  return {
    event: {
      streamId: event.streamId,
      id: event.id,
      isJson: true,
      revision: event.revision,
      type: event.type,
      created: event.created,
      data: JSON.parse(event.data) as Record<string, unknown>,
      metadata: event.metadata
        ? (JSON.parse(event.metadata) as Record<string, unknown>)
        : undefined,
      position: event.position,
    },
    commitPosition: event.position.commit,
  };
}

function cancellable(stream: Readable): Readable & { cancel(): Promise<void> } {
  return Object.assign(stream, {
    cancel: () => {
      stream.destroy();
      return Promise.resolve();
    },
  });
}
