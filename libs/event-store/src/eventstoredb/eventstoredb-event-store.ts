import { expectedVersionHolds } from '../event-store.port';
import type {
  AllStreamResolvedEvent,
  EventData,
  EventStoreDBClient,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import { randomUUID } from 'crypto';
import { EventTooLargeError, WrongExpectedVersionError } from '../errors';
import type {
  AppendResult,
  CommitObserver,
  EventStore,
  EventSubscription,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
} from '../event-store.port';
import {
  clientConnectionString,
  IMPORTED_RECORDED_AT,
  isAfter,
  isStreamNotFound,
  isSystemEvent,
  normalisedEventId,
  positionAfter,
  redactedConnectionString,
  toExpectedRevision,
  toPortAppendError,
  toPortPosition,
  versionOfRevision,
} from './eventstoredb-mapping';
import { EventStoreDbSubscription } from './eventstoredb-subscription';
import {
  checkImportBatch,
  checkImportContinues,
  ImportRefusedError,
  type EventImport,
} from '../event-import';

type EsdbModule = typeof import('@eventstore/db-client');

export interface EventStoreDbEventStoreOptions {
  /** esdb://host:2113?tls=false, esdb+discover://..., or the same with kurrentdb:// */
  connectionString: string;
  /**
   * Put before every stream name on the server, and the only streams this instance sees
   * (reads, subscriptions, head). Empty by default; tests give each run its own.
   */
  namespace?: string;
  /** Largest event accepted: bytes of the JSON of its data plus its metadata (default 1 MiB). */
  maxEventBytes?: number;
  /** Events read per request when paging through `$all` (default 1000). */
  pageSize?: number;
  /** How long a subscription waits before subscribing again after a lost connection (ms). */
  retryDelayMs?: number;
  /** Told of every stream append written (each is a commit of its own here): the metrics. */
  onCommit?: CommitObserver;
}

interface PreparedAppend {
  streamId: string;
  name: string;
  expectedVersion: ExpectedVersion;
  events: EventData[];
  sizeBytes: number;
}

const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
/** Streams whose versions an appendMany reads at once before writing. */
const CHECK_CONCURRENCY = 16;

/**
 * The port on EventStoreDB / KurrentDB (`@eventstore/db-client` 6.x, gRPC). Streams map one to
 * one (behind an optional namespace); `$all` feeds readAll, subscribeAll and headPosition,
 * without the server's own events (`$` streams and types).
 *
 * - Positions are commit positions as numbers (see eventstoredb-mapping.ts): exact up to 2^53.
 * - subscribeAll filters by stream-name prefix on the server (`streamNameFilter`). readAll
 *   pages through `$all` and filters here: the 6.x client's `readAll` takes no filter.
 * - An append resolves once the server acknowledged it (written and indexed on the leader),
 *   then reads its last event back for the position and the server's `created` time, which is
 *   the events' recordedAt.
 * - appendMany is NOT atomic: the 6.x client has no multi-stream append (KurrentDB 25.1's
 *   multi-stream append came with its newer client). It checks every expected version first,
 *   refusing with nothing written if one is stale, then appends stream after stream in order;
 *   a failure part-way (a writer racing in between, the server going away) leaves the appends
 *   before it written. The imports that use it re-run idempotently (fixed command ids).
 * - Event ids must be UUIDs, and are unique per stream only: the server refuses nothing for an
 *   id used in another stream (an id repeated within one call is refused here).
 * - Imported events (importRecorded) keep their recordedAt in their metadata, under
 *   IMPORTED_RECORDED_AT, read back as their recordedAt; their positions are the server's.
 */
export class EventStoreDbEventStore implements EventStore, EventImport {
  /** The server assigns log positions; imported events keep their order only. */
  readonly importKeepsPositions = false;
  private readonly namespace: string;
  private readonly maxEventBytes: number;
  private readonly pageSize: number;
  private readonly retryDelayMs: number;
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** appendMany calls of this instance run one at a time, so they never interleave. */
  private manyTail: Promise<unknown> = Promise.resolve();
  private readonly onCommit?: CommitObserver;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly esdb: EsdbModule,
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions,
  ) {
    this.namespace = options.namespace ?? '';
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pageSize = Math.max(1, options.pageSize ?? 1000);
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.onCommit = options.onCommit;
  }

  /**
   * Connects and checks the server answers (reading the end of `$all`), so a wrong address
   * fails at boot with a clear message. The client is loaded here, not when this module is,
   * so the embedded store's processes never pay for gRPC.
   */
  static async open(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const esdb = await import('@eventstore/db-client');
    const client = esdb.EventStoreDBClient.connectionString(
      clientConnectionString(options.connectionString),
    );
    return EventStoreDbEventStore.withClient(client, options);
  }

  /**
   * The store on a client already made (open() makes one from the connection string; tests
   * pass a stand-in). Checks the server answers; disposes of the client if it does not.
   */
  static async withClient(
    client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions,
  ): Promise<EventStoreDbEventStore> {
    if (options.namespace?.startsWith('$')) {
      await client.dispose();
      throw new Error('An EventStoreDB namespace cannot start with $ (system streams)');
    }
    const esdb = await import('@eventstore/db-client');
    const store = new EventStoreDbEventStore(esdb, client, options);
    try {
      await drain(
        client.readAll({ direction: esdb.BACKWARDS, fromPosition: esdb.END, maxCount: 1 }),
      );
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw new Error(
        `EventStoreDB at ${redactedConnectionString(options.connectionString)} does not answer: ${(error as Error).message}`,
      );
    }
    return store;
  }

  append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.run(async () => {
      const [prepared] = this.prepare([{ streamId, events, expectedVersion }]);
      const revision = await this.write(prepared);
      return this.resultOf(prepared.name, revision);
    });
  }

  /**
   * Not atomic (see the class comment): every expected version is checked first, then the
   * streams are appended one after the other, so positions rise in the order given.
   */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.run(async () => {
      const prepared = this.prepare(appends);
      if (prepared.length === 0) return [];
      const turn = this.manyTail.then(async () => {
        const actual = await mapConcurrently(prepared, CHECK_CONCURRENCY, (append) =>
          this.currentVersion(append.name),
        );
        prepared.forEach((append, i) => {
          if (!expectedVersionHolds(append.expectedVersion, actual[i])) {
            throw new WrongExpectedVersionError(append.streamId, append.expectedVersion, actual[i]);
          }
        });
        const revisions: bigint[] = [];
        for (const append of prepared) revisions.push(await this.write(append));
        return mapConcurrently(prepared, CHECK_CONCURRENCY, (append, i) =>
          this.resultOf(append.name, revisions[i]),
        );
      });
      this.manyTail = turn.catch(() => undefined);
      return turn;
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.run(async () => {
      const { fromVersion = 1, maxCount } = options;
      if (maxCount !== undefined && maxCount <= 0) return [];
      const events = await this.readStreamEvents(this.namespace + streamId, {
        fromRevision: BigInt(Math.max(1, Math.floor(fromVersion)) - 1),
        maxCount: maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      return events.map((event) => this.toRecorded(event));
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.run(async () => {
      const { after = 0, maxCount = Number.POSITIVE_INFINITY, streamPrefix = '' } = options;
      const found: RecordedEvent[] = [];
      if (maxCount <= 0) return found;
      let cursor: Position | null = after > 0 ? positionAfter(after) : null;
      for (;;) {
        const read = this.client.readAll({
          fromPosition: cursor ?? this.esdb.START,
          maxCount: this.pageSize,
          direction: this.esdb.FORWARDS,
        });
        let seen = 0;
        for await (const resolved of read) {
          seen++;
          const position = resolved.event?.position;
          // Reads from a position include the event there: skip what was read already.
          if (!position || !isAfter(position, cursor)) continue;
          cursor = position;
          const event = this.convert(resolved, streamPrefix);
          if (event) found.push(event);
          if (found.length >= maxCount) {
            await read.cancel();
            return found;
          }
        }
        if (seen < this.pageSize) return found;
      }
    });
  }

  subscribeAll(options: SubscribeOptions = {}): EventSubscription {
    const { after = 0, batchSize = 500, streamPrefix = '' } = options;
    const prefix = this.namespace + streamPrefix;
    const subscription = new EventStoreDbSubscription(after > 0 ? positionAfter(after) : null, {
      subscribe: (from: ReadPosition, filter) =>
        this.client.subscribeToAll({ fromPosition: from, filter, resolveLinkTos: false }),
      // No prefix: every stream but the server's own ($...), by regex on the stream name.
      filter: prefix
        ? this.esdb.streamNameFilter({ prefixes: [prefix] })
        : this.esdb.streamNameFilter({ regex: '^[^$]' }),
      convert: (resolved) => this.convert(resolved, streamPrefix),
      batchSize: Math.max(1, batchSize),
      retryDelayMs: this.retryDelayMs,
      closed: (closed) => this.subscriptions.delete(closed),
    });
    if (this.closing) void subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  /** The position of the last event of this store's streams in `$all` (0 when none). */
  headPosition(): Promise<number> {
    return this.run(async () => {
      let cursor: ReadPosition = this.esdb.END;
      for (;;) {
        const read = this.client.readAll({
          fromPosition: cursor,
          maxCount: this.pageSize,
          direction: this.esdb.BACKWARDS,
        });
        let seen = 0;
        for await (const resolved of read) {
          seen++;
          const event = resolved.event;
          if (!event) continue;
          cursor = event.position;
          if (this.isOwn(event.streamId, event.type, '')) {
            await read.cancel();
            return toPortPosition(event.position);
          }
        }
        if (seen < this.pageSize) return 0;
      }
    });
  }

  /**
   * The server sets each event's `created` time, so an imported event's recordedAt travels in
   * its metadata (see toRecorded). Every stream's version is checked before anything is sent;
   * then each run of one stream's events is appended at its exact expected revision, so a
   * batch written again (after an interruption) is refused rather than stored twice. Not
   * atomic across streams: an interruption leaves a prefix of the batch written.
   */
  importRecorded(events: readonly RecordedEvent[]): Promise<void> {
    return this.run(async () => {
      checkImportBatch(events);
      if (events.length === 0) return;
      const runs = this.prepareImport(events);
      const streamIds = [...new Set(events.map((event) => event.streamId))];
      const versions = await mapConcurrently(streamIds, CHECK_CONCURRENCY, (streamId) =>
        this.currentVersion(this.namespace + streamId),
      );
      const versionOf = new Map(streamIds.map((streamId, i) => [streamId, versions[i]]));
      checkImportContinues(events, {
        head: null,
        versionOf: (streamId) => versionOf.get(streamId) ?? 0,
        // Ids are unique per stream only here: the version check already refuses a repeat.
        storedIds: new Set(),
      });
      for (const run of runs) await this.write(run);
    });
  }

  /** Ends the subscriptions, waits for the calls under way, then disconnects. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await Promise.allSettled([...this.inFlight]);
    await this.client.dispose();
  }

  /** Runs a call unless the store is closing, and keeps it until settled so close waits for it. */
  private run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('The event store is closed'));
    const call = work();
    this.inFlight.add(call);
    const forget = (): void => {
      this.inFlight.delete(call);
    };
    call.then(forget, forget);
    return call;
  }

  /** Checks a call's appends and encodes their events; throws before anything is sent. */
  private prepare(appends: StreamAppend[]): PreparedAppend[] {
    const streams = new Set(appends.map((append) => append.streamId));
    if (streams.size < appends.length) throw new Error('Each stream may be appended to once');
    const ids = new Set<string>();
    return appends.map(({ streamId, events, expectedVersion }) => {
      if (events.length === 0) throw new Error('An append needs at least one event');
      toExpectedRevision(expectedVersion); // refuses an impossible version now
      let sizeBytes = 0;
      const encoded = events.map((event) => {
        const size =
          Buffer.byteLength(JSON.stringify(event.data)) +
          Buffer.byteLength(JSON.stringify(event.metadata));
        if (size > this.maxEventBytes) {
          throw new EventTooLargeError(streamId, size, this.maxEventBytes);
        }
        sizeBytes += size;
        const id = event.eventId === undefined ? randomUUID() : normalisedEventId(event.eventId);
        if (ids.has(id)) throw new Error(`The event id ${id} appears twice`);
        ids.add(id);
        return this.esdb.jsonEvent({
          id,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
        });
      });
      return {
        streamId,
        name: this.namespace + streamId,
        expectedVersion,
        events: encoded,
        sizeBytes,
      };
    });
  }

  /**
   * An import batch as appends: one per run of consecutive events of a stream, split so that
   * none is over the size limit (the server's own limit is per append).
   */
  private prepareImport(events: readonly RecordedEvent[]): PreparedAppend[] {
    const runs: PreparedAppend[] = [];
    let run: PreparedAppend | undefined;
    for (const event of events) {
      const metadata = { ...event.metadata, [IMPORTED_RECORDED_AT]: event.recordedAt };
      const size =
        Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(metadata));
      if (size > this.maxEventBytes) {
        throw new EventTooLargeError(event.streamId, size, this.maxEventBytes);
      }
      if (run?.streamId !== event.streamId || run.sizeBytes + size > this.maxEventBytes) {
        run = {
          streamId: event.streamId,
          name: this.namespace + event.streamId,
          expectedVersion: event.version - 1,
          events: [],
          sizeBytes: 0,
        };
        runs.push(run);
      }
      const id = normalisedEventId(event.eventId);
      // The server hands ids back in lower case: any other would come back changed.
      if (id !== event.eventId) {
        throw new ImportRefusedError(`event id ${event.eventId} is not in lower case`, {
          eventId: event.eventId,
        });
      }
      run.sizeBytes += size;
      run.events.push(
        this.esdb.jsonEvent({
          id,
          type: event.type,
          data: event.data,
          metadata,
        }),
      );
    }
    return runs;
  }

  /** One single-stream append; resolves with the stream's last revision after it. */
  private async write(append: PreparedAppend): Promise<bigint> {
    try {
      const result = await this.client.appendToStream(append.name, append.events, {
        expectedRevision: toExpectedRevision(append.expectedVersion),
      });
      this.onCommit?.({ appends: 1, events: append.events.length });
      return result.nextExpectedRevision;
    } catch (error) {
      throw toPortAppendError(error, append);
    }
  }

  /** The result of an append, from its last event read back: position and recordedAt. */
  private async resultOf(name: string, revision: bigint): Promise<AppendResult> {
    const [last] = await this.readStreamEvents(name, { fromRevision: revision, maxCount: 1 });
    if (!last) throw new Error(`The event at revision ${revision} of ${name} cannot be read back`);
    const recorded = this.toRecorded(last);
    return {
      version: recorded.version,
      position: recorded.position,
      recordedAt: recorded.recordedAt,
    };
  }

  /** A stream's version now (0 when it does not exist). */
  private async currentVersion(name: string): Promise<number> {
    const [last] = await this.readStreamEvents(name, {
      fromRevision: this.esdb.END,
      direction: this.esdb.BACKWARDS,
      maxCount: 1,
    });
    return last ? versionOfRevision(last.revision) : 0;
  }

  private async readStreamEvents(
    name: string,
    options: Parameters<EventStoreDBClient['readStream']>[1],
  ): Promise<EsdbRecordedEvent[]> {
    const events: EsdbRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(name, options)) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  /** The port's event, or null for the server's own events and other prefixes. */
  private convert(resolved: AllStreamResolvedEvent, streamPrefix: string): RecordedEvent | null {
    const event = resolved.event;
    if (!event || !this.isOwn(event.streamId, event.type, streamPrefix)) return null;
    return this.toRecorded(event);
  }

  private isOwn(streamName: string, type: string, streamPrefix: string): boolean {
    return !isSystemEvent(streamName, type) && streamName.startsWith(this.namespace + streamPrefix);
  }

  private toRecorded(event: EsdbRecordedEvent): RecordedEvent {
    const where = `event ${event.id} of ${event.streamId}`;
    if (!event.isJson) throw new Error(`The ${where} is not JSON`);
    const position = event.position;
    if (!position) {
      throw new Error(`EventStoreDB did not give the position of the ${where} (it needs 22.6+)`);
    }
    if (position.commit !== position.prepare) {
      throw new Error(
        `The ${where} shares its commit position (a legacy explicit transaction): it has no position of its own`,
      );
    }
    const { [IMPORTED_RECORDED_AT]: importedRecordedAt, ...metadata } = (event.metadata ??
      {}) as Record<string, unknown>;
    return {
      eventId: event.id,
      streamId: event.streamId.slice(this.namespace.length),
      version: versionOfRevision(event.revision),
      position: toPortPosition(position),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata,
      recordedAt:
        typeof importedRecordedAt === 'string' ? importedRecordedAt : event.created.toISOString(),
    };
  }
}

/** Reads a stream of the client to its end, for its errors only. */
async function drain(read: StreamingRead<unknown>): Promise<void> {
  for await (const _ of read) {
    // nothing to keep
  }
}

/** `work` over every item, at most `limit` at a time; results in the items' order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
