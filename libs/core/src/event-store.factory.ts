import { join } from 'path';
import {
  type AccountActors,
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
import { DigestsSent, PostgresDigestsSent, SqliteDigestsSent } from '@app/reminders';
import { PostgresWebhookStore, SqliteWebhookStore, type WebhookStore } from '@app/webhooks';
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

/**
 * Opens a store kept where the tokens are: in `access.sqlite` under DATA_DIR, or in the tokens'
 * PostgreSQL schema beside the read models, so every process on them shares it.
 */
function openBesideTokens<T>(
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
  sqlite: (filename: string) => T,
  postgres: (settings: { connectionString: string; schema: string }) => Promise<T>,
): Promise<T> {
  const settings = config.tokens;
  return settings.kind === 'sqlite'
    ? Promise.resolve(sqlite(join(config.dataDir, 'access.sqlite')))
    : postgres(settings);
}

/** Opens the token register; an account's token acts as `accounts` says the account is now. */
export const openTokenRegister = (
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
  accounts: AccountActors,
): Promise<TokenRegister> =>
  openBesideTokens<TokenRegister>(
    config,
    (file) => new SqliteTokenRegister(file, accounts),
    (settings) => PostgresTokenRegister.open(settings, accounts),
  );

/** Opens the record of digests sent where the tokens are: every process sees every claim. */
export const openDigestsSent = (
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
): Promise<DigestsSent> =>
  openBesideTokens<DigestsSent>(
    config,
    (file) => new SqliteDigestsSent(file),
    (settings) => PostgresDigestsSent.open(settings),
  );

/** Opens the web sessions where the tokens are: every process that accepts a token knows its sessions. */
export const openWebSessions = (
  config: Pick<TrackerConfig, 'dataDir' | 'tokens' | 'sessions'>,
): Promise<WebSessions> =>
  openBesideTokens<WebSessions>(
    config,
    (file) => new SqliteWebSessions(file, config.sessions),
    (settings) => PostgresWebSessions.open(settings, config.sessions),
  );

/** Opens the webhooks' secrets and delivery state: they must survive a rebuild of the read models. */
export const openWebhookStore = (
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
): Promise<WebhookStore> =>
  openBesideTokens<WebhookStore>(
    config,
    (file) => new SqliteWebhookStore(file),
    (settings) => PostgresWebhookStore.open(settings),
  );

/** Opens the sign-in links where the sessions are: a link mailed by one process works on all. */
export const openSignInLinks = (
  config: Pick<TrackerConfig, 'dataDir' | 'tokens' | 'signIn'>,
): Promise<SignInLinks> =>
  openBesideTokens<SignInLinks>(
    config,
    (file) => new SqliteSignInLinks(file, config.signIn.linkLifetimeMs),
    (settings) => PostgresSignInLinks.open(settings, config.signIn.linkLifetimeMs),
  );

/** Opens the limits on sign-in attempts where the sessions are, counted by every process. */
export const openSignInLimits = (
  config: Pick<TrackerConfig, 'dataDir' | 'tokens' | 'signIn'>,
): Promise<SignInLimits> =>
  openBesideTokens<SignInLimits>(
    config,
    (file) => SignInLimits.sqlite(file, config.signIn.limits),
    (settings) => SignInLimits.postgres(settings, config.signIn.limits),
  );

/** Opens the security log where the sessions are, so it holds every process's sign-ins. */
export const openSecurityLog = (
  config: Pick<TrackerConfig, 'dataDir' | 'tokens'>,
): Promise<SecurityLog> =>
  openBesideTokens<SecurityLog>(
    config,
    (file) => new SqliteSecurityLog(file),
    (settings) => PostgresSecurityLog.open(settings),
  );
