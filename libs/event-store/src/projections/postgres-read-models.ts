import { Client, escapeIdentifier, escapeLiteral, Pool, types, type PoolClient } from 'pg';
import { inTransaction } from '../postgres/transaction';
import type { Projection } from './projection';
import {
  ReadModelDatabase,
  type ProjectionLease,
  type ReadModelRebuild,
} from './read-model-database';
import { setUpCheckpoints, type ReadModelSql, type SqlValue } from './read-model-sql';

export interface PostgresReadModelOptions {
  /** e.g. postgresql://user@host:5432/database */
  connectionString: string;
  /** Schema of the read models, created if missing. */
  schema: string;
  /** Most connections of the pool (default 10). */
  poolSize?: number;
}

/** Counts and positions are BIGINT; read models never come near 2^53. */
const INT8_OID = 20;
const numbers = {
  getTypeParser: ((oid: number, format: 'text' | 'binary' = 'text'): unknown =>
    oid === INT8_OID ? Number : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/** `?` placeholders as PostgreSQL's `$1, $2…` (read-model SQL never has `?` in literals). */
const numbered = new Map<string, string>();
function postgresText(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

/** A pool or one of its connections (inside a transaction). */
/**
 * PostgreSQL text cannot hold U+0000, which events may (SQLite and EventStoreDB keep it): a
 * read model shows it as U+FFFD rather than fail on it and stop following the events. The
 * events themselves keep it (JSON escapes it).
 */
function storable(params: readonly SqlValue[]): SqlValue[] {
  return params.map((value) =>
    typeof value === 'string' && value.includes('\u0000')
      ? value.replaceAll('\u0000', '\uFFFD')
      : value,
  );
}

class PostgresSql implements ReadModelSql {
  readonly dialect = 'postgres' as const;

  constructor(private readonly client: Pool | PoolClient) {}

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.client.query(postgresText(sql), storable(params))).rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.client.query(postgresText(sql), storable(params))).rowCount ?? 0;
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }
}

interface LeaseConnection {
  client: Client;
  /** Settles when the connection is lost, and the leases with it. */
  lost: Promise<void>;
}

/** A notification channel (at most 63 bytes) and advisory-lock keys, named after the schema. */
const channelOf = (schema: string): string => `${schema.slice(0, 50)}.read_models`;
const lockKey = (schema: string, what: string): string =>
  `hashtextextended(${escapeLiteral(`${schema} ${what}`)}, 0)`;

/**
 * Read models in a PostgreSQL schema, shared by every API process on the same database.
 *
 * Each projection runs in one process at a time: the one holding its lease, a session-level
 * advisory lock on a connection kept for the purpose. When that process dies its connection
 * closes, the lock goes with it, and another process takes it on its next try. Each commit
 * notifies the others (`<schema>.read_models`, payload `name:position`), so a process that does
 * not run a projection still learns at once that a write it took is readable.
 *
 * `tracker rebuild` builds a new schema beside this one and renames the two in one
 * transaction; leaders then find their checkpoints moved and carry on from the new ones.
 */
export class PostgresReadModelDatabase extends ReadModelDatabase {
  readonly sql: PostgresSql;
  protected override readonly sharedBetweenProcesses = true;
  private listener: Client | null = null;
  private leases: Promise<LeaseConnection> | null = null;
  private leaseClient: Client | null = null;
  private leaseQueries: Promise<unknown> = Promise.resolve();
  private readonly held = new Set<string>();

  private constructor(
    private readonly options: PostgresReadModelOptions,
    private readonly pool: Pool,
  ) {
    super();
    this.sql = new PostgresSql(pool);
  }

  get location(): string {
    return this.options.schema;
  }

  /** Creates the schema and the checkpoint table if missing, then listens for moves. */
  static async open(options: PostgresReadModelOptions): Promise<PostgresReadModelDatabase> {
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      // Unqualified names resolve in the schema by name: after a rebuild's rename, the new one.
      options: `-c search_path=${escapeIdentifier(options.schema)}`,
      types: numbers,
    });
    pool.on('error', () => undefined); // an idle connection lost: the pool replaces it
    const database = new PostgresReadModelDatabase(options, pool);
    try {
      await database.define(async (tx) => {
        await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(options.schema)}`);
        await setUpCheckpoints(tx);
      });
      await database.listen();
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  }

  /**
   * One transaction on one connection, READ COMMITTED. Commits take the schema's lock shared,
   * so they run side by side but never across a rebuild's rename, which takes it alone.
   */
  transaction<T>(work: (tx: ReadModelSql) => Promise<T>): Promise<T> {
    return this.inTransaction(
      `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock_shared(${this.schemaLock})`,
      work,
    );
  }

  /** Creating tables, renaming schemas: one process at a time, and no commit meanwhile. */
  override define<T>(work: (tx: ReadModelSql) => Promise<T>): Promise<T> {
    return this.inTransaction(`BEGIN; SELECT pg_advisory_xact_lock(${this.schemaLock})`, work);
  }

  private get schemaLock(): string {
    return lockKey(this.options.schema, 'schema');
  }

  private inTransaction<T>(begin: string, work: (tx: ReadModelSql) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, begin, (client) => work(new PostgresSql(client)));
  }

  protected override async announce(
    tx: ReadModelSql,
    name: string,
    position: number,
  ): Promise<void> {
    await tx.run('SELECT pg_notify(?, ?)', [channelOf(this.options.schema), `${name}:${position}`]);
  }

  async lease(name: string): Promise<ProjectionLease | null> {
    if (this.held.has(name)) return null;
    const leases = await this.leaseConnection();
    const { rows } = await this.onLeaseConnection(leases, (client) =>
      client.query<{ acquired: boolean }>(
        `SELECT pg_try_advisory_lock(${lockKey(this.options.schema, `projection ${name}`)}) AS acquired`,
      ),
    );
    if (!rows[0].acquired) return null;
    this.held.add(name);
    return {
      lost: leases.lost,
      release: async () => {
        this.held.delete(name);
        if (this.leaseClient !== leases.client) return; // gone with its connection
        await this.onLeaseConnection(leases, (client) =>
          client.query(
            `SELECT pg_advisory_unlock(${lockKey(this.options.schema, `projection ${name}`)})`,
          ),
        );
      },
    };
  }

  /**
   * The connection whose session holds this process's leases; a lost one loses them all.
   * One at a time: projections starting together share the one being opened.
   */
  private leaseConnection(): Promise<LeaseConnection> {
    this.leases ??= this.openLeaseConnection();
    return this.leases;
  }

  private async openLeaseConnection(): Promise<LeaseConnection> {
    const client = new Client({ connectionString: this.options.connectionString });
    let markLost = (): void => undefined;
    const connection: LeaseConnection = {
      client,
      lost: new Promise<void>((resolve) => (markLost = resolve)),
    };
    this.leaseClient = client;
    const drop = (): void => {
      if (this.leaseClient === client) [this.leases, this.leaseClient] = [null, null];
      markLost();
      client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    try {
      await client.connect();
    } catch (error) {
      drop();
      throw error;
    }
    return connection;
  }

  /** Queries on the lease connection one after another (a connection runs one at a time). */
  private onLeaseConnection<T>(
    leases: LeaseConnection,
    query: (client: Client) => Promise<T>,
  ): Promise<T> {
    const result = this.leaseQueries.then(() => query(leases.client));
    this.leaseQueries = result.catch(() => undefined);
    return result;
  }

  /** Hears every commit's move, and every swap, from all processes. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.connectionString });
    const drop = (): void => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      // Polling in `reached` bridges the gap until the next try.
      setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', ({ payload = '' }) => {
      const split = payload.lastIndexOf(':');
      if (payload === 'swapped') this.forgetHeard();
      else if (split > 0) this.hear(payload.slice(0, split), Number(payload.slice(split + 1)));
    });
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN ${escapeIdentifier(channelOf(this.options.schema))}`);
  }

  /** A new schema beside this one, built and then renamed into its place. */
  async startRebuild(projections: readonly Projection[]): Promise<ReadModelRebuild> {
    const live = this.options.schema;
    const next = `${live.slice(0, 40)}_r${Date.now().toString(36)}`;
    const target = await PostgresReadModelDatabase.open({
      ...this.options,
      schema: next,
      poolSize: 2,
    });
    for (const projection of projections) await target.define((tx) => projection.setup(tx));
    const [from, to] = [escapeIdentifier(live), escapeIdentifier(next)];
    return {
      target,
      name: next,
      copy: (copied) =>
        this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ', async (tx) => {
          // One snapshot for every table copied: the rows agree with their checkpoints.
          for (const projection of copied) {
            for (const table of projection.tables)
              await tx.exec(`INSERT INTO ${to}.${table} SELECT * FROM ${from}.${table}`);
            await tx.run(
              `INSERT INTO ${to}.projection_checkpoints SELECT * FROM ${from}.projection_checkpoints WHERE name = ?`,
              [projection.name],
            );
          }
        }),
      publish: async () => {
        await target.close();
        const retired = `${live.slice(0, 40)}_o${Date.now().toString(36)}`;
        await this.define(async (tx) => {
          await tx.exec(`ALTER SCHEMA ${from} RENAME TO ${escapeIdentifier(retired)}`);
          await tx.exec(`ALTER SCHEMA ${to} RENAME TO ${from}`);
          await tx.run('SELECT pg_notify(?, ?)', [channelOf(live), 'swapped']);
        });
        await this.sql.exec(`DROP SCHEMA ${escapeIdentifier(retired)} CASCADE`);
      },
      abandon: async () => {
        await target.close();
        await this.sql.exec(`DROP SCHEMA IF EXISTS ${to} CASCADE`);
      },
    };
  }

  /** Rebuilds are published by renaming schemas, which every process sees at once. */
  watch(): void {}

  async close(): Promise<void> {
    const [listener, leases] = [this.listener, this.leases];
    [this.listener, this.leases, this.leaseClient] = [null, null, null];
    await listener?.end().catch(() => undefined);
    await leases?.then((connection) => connection.client.end()).catch(() => undefined);
    await this.pool.end();
  }
}
