import { escapeIdentifier, escapeLiteral, type Pool, type PoolClient } from 'pg';
import { inLockedTransaction } from './transaction';

/** The names of one store's objects: its tables quoted for SQL, its locks as SQL keys. */
export interface StoreTables {
  schema: string;
  events: string;
  /** The seal record: append-only, kept apart from the events (see EventStore.recordSeal). */
  sealRecord: string;
  migrations: string;
  /** LISTEN/NOTIFY channel on which appends announce their commits (unquoted). */
  channel: string;
  /** Advisory lock key serialising the store's append transactions (an SQL expression). */
  appendLockKey: string;
  /** Advisory lock key serialising migrations of the schema (an SQL expression). */
  migrationLockKey: string;
}

/** Longest channel name PostgreSQL keeps whole (NAMEDATALEN - 1 bytes). */
const MAX_CHANNEL_BYTES = 63;

const lockKey = (name: string): string => `hashtextextended(${escapeLiteral(name)}, 0)`;

/**
 * Advisory lock key (an SQL expression) serialising DDL in `schema`: the store's migrations and
 * other tables kept in the same schema (the access tokens) take it alike, so their
 * `CREATE SCHEMA IF NOT EXISTS` never race.
 */
export const schemaMigrationLockKey = (schema: string): string => lockKey(`${schema} migrations`);

export function storeTables(schema: string): StoreTables {
  const quoted = escapeIdentifier(schema);
  const channel = `${schema}.events`;
  if (Buffer.byteLength(channel) > MAX_CHANNEL_BYTES) {
    throw new Error(`The schema name ${schema} is too long for a notification channel`);
  }
  return {
    schema,
    events: `${quoted}.events`,
    sealRecord: `${quoted}.seal_record`,
    migrations: `${quoted}.schema_migrations`,
    channel,
    appendLockKey: lockKey(`${schema}.events append`),
    migrationLockKey: schemaMigrationLockKey(schema),
  };
}

interface Migration {
  version: number;
  description: string;
  sql(tables: StoreTables): string;
}

/** Applied in order, each once; never edit one that has shipped, add the next. */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'events',
    // `json`, not `jsonb`: it keeps the text as written, so every value round-trips exactly
    // (jsonb refuses "\u0000"). Event ids are text: any string, as in the SQLite store.
    // Positions are handed out under the append lock (see postgres-append-batch.ts), hence
    // no sequence.
    sql: ({ events }) => `
      CREATE TABLE ${events} (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        version integer NOT NULL,
        event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        data json NOT NULL,
        metadata json NOT NULL,
        recorded_at timestamptz NOT NULL,
        UNIQUE (stream_id, version)
      )`,
  },
  {
    version: 2,
    description: 'seal record',
    // A table of its own that refuses every change but an insert: deleting events (or seals)
    // leaves it whole, and removing its rows takes dropping its triggers, which needs the
    // table's owner. Entries may repeat a version: a seal written again after one was removed
    // is then told from the one recorded first.
    sql: ({ schema, sealRecord }) => {
      const guard = `${escapeIdentifier(schema)}.seal_record_append_only`;
      return `
        CREATE TABLE ${sealRecord} (
          entry bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          version integer NOT NULL,
          hash text NOT NULL,
          position bigint NOT NULL,
          recorded_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE FUNCTION ${guard}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'The seal record is append-only: % refused', TG_OP;
        END $$;
        CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON ${sealRecord}
          FOR EACH ROW EXECUTE FUNCTION ${guard}();
        CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON ${sealRecord}
          FOR EACH STATEMENT EXECUTE FUNCTION ${guard}();`;
    },
  },
];

const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings the schema up to date. Each migration runs in its own transaction under the
 * migration lock, so processes opening the store at once take turns and the later ones find
 * it applied. An up-to-date schema is only read: opening it needs no right to change it.
 */
export async function migrate(pool: Pool, tables: StoreTables): Promise<void> {
  if (checkVersion(await appliedVersion(pool, tables)) === LATEST) return;
  for (const migration of MIGRATIONS) {
    await inLockedTransaction(pool, tables.migrationLockKey, (client) =>
      apply(client, tables, migration),
    );
  }
}

async function apply(client: PoolClient, tables: StoreTables, migration: Migration): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(tables.schema)}`);
  await client.query(`CREATE TABLE IF NOT EXISTS ${tables.migrations} (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  if (checkVersion(await appliedVersion(client, tables)) >= migration.version) return;
  await client.query(migration.sql(tables));
  await client.query(`INSERT INTO ${tables.migrations} (version, description) VALUES ($1, $2)`, [
    migration.version,
    migration.description,
  ]);
}

/** The last migration applied to the schema; 0 when it has none (or no such schema). */
async function appliedVersion(db: Pool | PoolClient, tables: StoreTables): Promise<number> {
  const exists = await db.query<{ table: string | null }>('SELECT to_regclass($1) AS table', [
    tables.migrations,
  ]);
  if (exists.rows[0].table === null) return 0;
  const { rows } = await db.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${tables.migrations}`,
  );
  return rows[0].version ?? 0;
}

function checkVersion(version: number): number {
  if (version > LATEST) {
    throw new Error(
      `The event store schema is version ${version}; this build knows only up to ${LATEST}`,
    );
  }
  return version;
}
