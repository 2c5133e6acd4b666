import { join } from 'path';
import {
  PostgresSecurityLog,
  PostgresSignInLinks,
  PostgresTokenRegister,
  PostgresWebSessions,
  SecurityLog,
  SignInLimits,
  SignInLinks,
  SqliteSecurityLog,
  SqliteSignInLinks,
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
import type { TrackerConfig } from './config';

/** The embedded store's file under DATA_DIR. */
export const sqliteEventsFile = (dataDir: string): string => join(dataDir, 'events.sqlite');

/** The file of the tokens, sessions, sign-in links, limits and security log, with SQLite. */
const accessFile = (dataDir: string): string => join(dataDir, 'access.sqlite');

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
    ? new SqliteTokenRegister(accessFile(config.dataDir))
    : PostgresTokenRegister.open(settings);
}

/** Opens the web sessions where the tokens are: every process that accepts a token knows its sessions. */
export async function openWebSessions(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens' | 'sessions'>,
): Promise<WebSessions> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? new SqliteWebSessions(accessFile(config.dataDir), config.sessions)
    : PostgresWebSessions.open(settings, config.sessions);
}

/** Opens the sign-in links where the sessions are: a link mailed by one process works on all. */
export async function openSignInLinks(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens' | 'signIn'>,
): Promise<SignInLinks> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? new SqliteSignInLinks(accessFile(config.dataDir), config.signIn.linkLifetimeMs)
    : PostgresSignInLinks.open(settings, config.signIn.linkLifetimeMs);
}

/** Opens the limits on sign-in attempts where the sessions are, counted by every process. */
export async function openSignInLimits(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens' | 'signIn'>,
): Promise<SignInLimits> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? SignInLimits.sqlite(accessFile(config.dataDir), config.signIn.limits)
    : SignInLimits.postgres(settings, config.signIn.limits);
}

/** Opens the security log where the sessions are, so it holds every process's sign-ins. */
export async function openSecurityLog(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
): Promise<SecurityLog> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? new SqliteSecurityLog(accessFile(config.dataDir))
    : PostgresSecurityLog.open(settings);
}
