import { join } from 'path';
import {
  PostgresTokenRegister,
  PostgresWebSessions,
  SqliteTokenRegister,
  SqliteWebSessions,
  TokenRegister,
  WebSessions,
} from '@app/access';
import {
  CommitObserver,
  EventStore,
  EventStoreDbEventStore,
  PostgresEventStore,
  PostgresReadModelDatabase,
  ReadModelDatabase,
  SqliteEventStore,
  SqliteReadModelDatabase,
} from '@app/event-store';
import { DigestsSent, PostgresDigestsSent, SqliteDigestsSent } from '@app/reminders';
import type { TrackerConfig } from './config';

/** The embedded store's file under DATA_DIR. */
export const sqliteEventsFile = (dataDir: string): string => join(dataDir, 'events.sqlite');

/**
 * Opens the configured event store (EVENT_STORE): the embedded SQLite file under DATA_DIR, a
 * PostgreSQL schema (migrated on open) or EventStoreDB. The server and the CLI both come
 * through here, so they always agree on where the events are.
 */
export async function openEventStore(
  config: Pick<TrackerConfig, 'dataDir' | 'eventStore'>,
  onCommit?: CommitObserver,
): Promise<EventStore> {
  const settings = config.eventStore;
  switch (settings.kind) {
    case 'sqlite':
      return new SqliteEventStore({ filename: sqliteEventsFile(config.dataDir), onCommit });
    case 'postgres':
      return PostgresEventStore.open({
        connectionString: settings.connectionString,
        schema: settings.schema,
        onCommit,
      });
    case 'eventstoredb':
      return EventStoreDbEventStore.open({ connectionString: settings.connectionString, onCommit });
  }
}

/** Opens the configured read models (READ_MODELS): a SQLite file under DATA_DIR or a PostgreSQL schema. */
export function openReadModels(
  config: Pick<TrackerConfig, 'dataDir' | 'readModels'>,
): Promise<ReadModelDatabase> {
  const settings = config.readModels;
  return settings.kind === 'sqlite'
    ? SqliteReadModelDatabase.open(join(config.dataDir, 'read-models.sqlite'))
    : PostgresReadModelDatabase.open(settings);
}

/** Opens the token register: `access.sqlite` under DATA_DIR, or PostgreSQL beside the read models. */
export async function openTokenRegister(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
): Promise<TokenRegister> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? new SqliteTokenRegister(join(config.dataDir, 'access.sqlite'))
    : PostgresTokenRegister.open(settings);
}

/** Opens the record of digests sent where the tokens are: every process sees every claim. */
export async function openDigestsSent(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
): Promise<DigestsSent> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? new SqliteDigestsSent(join(config.dataDir, 'access.sqlite'))
    : PostgresDigestsSent.open(settings);
}

/** Opens the web sessions where the tokens are: every process that accepts a token knows its sessions. */
export async function openWebSessions(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens' | 'sessions'>,
): Promise<WebSessions> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? new SqliteWebSessions(join(config.dataDir, 'access.sqlite'), config.sessions)
    : PostgresWebSessions.open(settings, config.sessions);
}
