import { accessSync, constants, mkdirSync } from 'fs';
import { isIP } from 'net';
import { resolve } from 'path';
import type { SessionLifetimes, SignInLimitSettings } from '@app/access';
import type { WebhookSettingsConfig } from '@app/webhooks';

export type Environment = 'development' | 'production' | 'test';

export interface TrackerConfig {
  environment: Environment;
  host: string;
  port: number;
  /** Holds the SQLite files: events, read models and access tokens. */
  dataDir: string;
  logLevel: string;
  /** GraphiQL is served in development only. */
  graphiql: boolean;
  /** The schema is described (introspection) to signed-in clients; off by default in production. */
  introspection: boolean;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Largest CSV file accepted by an import over HTTP, in bytes (streamed, never held whole). */
  importLimitBytes: number;
  /** Seed the shipped data when the server starts on an empty store. */
  seedOnFirstStart: boolean;
  /** Test environments only: "now" pinned to this instant (CLOCK_FIXED_AT), e.g. for overdue milestones. */
  fixedNow: Date | null;
  /** Where events are stored (EVENT_STORE). */
  eventStore: EventStoreConfig;
  /** Where the read models live (READ_MODELS): SQLite under dataDir, or a PostgreSQL schema. */
  readModels: ReadModelConfig;
  /** Where the bearer tokens live: in PostgreSQL with the read models, else SQLite under dataDir. */
  tokens: TokenStoreConfig;
  /** Seconds between two seals of the audit trail written by the server; 0: none. */
  sealIntervalSeconds: number;
  /** Seconds a shutdown may take from its signal before the process is ended regardless. */
  shutdownTimeoutSeconds: number;
  /** Time a client has to send a whole HTTP request, body included (a trickled one is cut). */
  requestTimeoutMs: number;
  /**
   * Which proxies in front may name the client (X-Forwarded-For) and the scheme
   * (X-Forwarded-Proto): how many hops, or their addresses; false, none (the socket's address).
   */
  trustProxy: number | string[] | false;
  /** The public site (libs/site). */
  site: SiteConfig;
  /** How long a signed-in page's session lasts, idle and in all. */
  sessions: SessionLifetimes;
  /** Sign-in with an OpenID Connect provider (OIDC_ISSUER...), when configured. */
  oidc: OidcConfig | null;
  /** Email sign-in: how long a link works, and how many attempts are allowed. */
  signIn: { linkLifetimeMs: number; limits: SignInLimitSettings };
  /** Outgoing mail: through SMTP_URL when set, else written to the log; from MAIL_FROM. */
  mail: { smtpUrl: string | null; from: string };
  /** Digests of milestones mailed to people (libs/reminders). */
  reminders: {
    /** Seconds between two looks for digests due, by the server; 0: none (the CLI sends them). */
    intervalSeconds: number;
    /** How long a process's claim on a digest it is sending holds before another may take it over. */
    claimSeconds: number;
  };
  /** How webhooks are delivered. */
  webhooks: WebhookSettingsConfig;
  /** Bounds on GraphQL subscriptions over WebSocket. */
  live: {
    subscriptionsPerConnection: number;
    /** Over all of one token's connections to this process. */
    subscriptionsPerToken: number;
    /** Time a new WebSocket has to send connection_init before it is closed (4408). */
    connectionInitTimeoutMs: number;
  };
}

export interface SiteConfig {
  /** Where the public reaches the site (PUBLIC_URL), for canonical links; else the request's host. */
  publicUrl: string | null;
  /** GOV.UK's "GDS Transport" typeface (GOVUK_TRANSPORT_FONT=on): allowed on gov.uk domains only. */
  transportFont: boolean;
  /** Whom people without an account should write to (SUPPORT_EMAIL), shown when sign-in refuses them. */
  supportEmail: string | null;
  /** The OpenID Connect provider's origin (OIDC_ISSUER's), where signing out may lead. */
  singleSignOnOrigin: string | null;
}

/** The single sign-on people's organisations already run, as an OpenID Connect provider. */
export interface OidcConfig {
  /** The issuer's URL, as its discovery document states it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider in people's words, on the sign-in button ("DfE Sign-in"). */
  name: string;
}

export type EventStoreKind = 'sqlite' | 'postgres' | 'eventstoredb';

/** The configured event store: `events.sqlite` under DATA_DIR, a PostgreSQL schema, or EventStoreDB. */
export type EventStoreConfig =
  | { kind: 'sqlite' }
  | { kind: 'postgres'; connectionString: string; schema: string }
  | { kind: 'eventstoredb'; connectionString: string };

/**
 * SQLite serves one process; a PostgreSQL schema is shared by every API process on the
 * database, each projection run by one of them at a time.
 */
export type ReadModelConfig =
  { kind: 'sqlite' } | { kind: 'postgres'; connectionString: string; schema: string };

/**
 * `access.sqlite` under DATA_DIR, or a table in DATABASE_SCHEMA that every API process on the
 * database shares (never in the read models' schema, which `tracker rebuild` replaces).
 */
export type TokenStoreConfig =
  { kind: 'sqlite' } | { kind: 'postgres'; connectionString: string; schema: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ENVIRONMENTS: readonly Environment[] = ['development', 'production', 'test'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks the configuration from the environment, reporting every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TrackerConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!allowed.includes(raw as T)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };

  const environment = oneOf<Environment>('NODE_ENV', 'development', ENVIRONMENTS);
  const eventStore = eventStoreOf(env, oneOf, problems);
  const readModels = readModelsOf(env, eventStore, oneOf, problems);
  const oidc = oidcOf(env, problems);
  const config: TrackerConfig = {
    environment,
    host: env.HOST || '127.0.0.1',
    port: integer('PORT', 3000, 0, 65535),
    dataDir: resolve(env.DATA_DIR || './data'),
    logLevel: oneOf('LOG_LEVEL', environment === 'test' ? 'warn' : 'info', LOG_LEVELS),
    graphiql: environment === 'development',
    introspection:
      oneOf('INTROSPECTION', environment === 'production' ? 'off' : 'on', ['on', 'off']) === 'on',
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    importLimitBytes: integer('IMPORT_LIMIT_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    seedOnFirstStart: oneOf('SEED_ON_FIRST_START', 'true', ['true', 'false']) === 'true',
    fixedNow: fixedNowOf(env.CLOCK_FIXED_AT, environment, problems),
    eventStore,
    readModels,
    tokens: tokenStoreOf(env, eventStore, readModels, problems),
    sealIntervalSeconds: integer('SEAL_INTERVAL_SECONDS', 300, 0, 7 * 24 * 60 * 60),
    shutdownTimeoutSeconds: integer('SHUTDOWN_TIMEOUT_SECONDS', 30, 1, 3600),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    trustProxy: trustProxyOf(env.TRUST_PROXY, problems),
    site: {
      publicUrl: publicUrlOf(env.PUBLIC_URL, problems),
      transportFont: oneOf('GOVUK_TRANSPORT_FONT', 'off', ['on', 'off']) === 'on',
      supportEmail: supportEmailOf(env.SUPPORT_EMAIL, problems),
      singleSignOnOrigin: oidc ? new URL(oidc.issuer).origin : null,
    },
    sessions: {
      idleMs: integer('SESSION_IDLE_SECONDS', 30 * 60, 10, 24 * 60 * 60) * 1000,
      maxMs: integer('SESSION_MAX_HOURS', 12, 1, 7 * 24) * 60 * 60 * 1000,
    },
    oidc,
    signIn: {
      linkLifetimeMs: integer('SIGN_IN_LINK_SECONDS', 15 * 60, 10, 24 * 60 * 60) * 1000,
      limits: {
        perEmail: integer('SIGN_IN_LIMIT_PER_EMAIL', 5, 1, 1000),
        perAddress: integer('SIGN_IN_LIMIT_PER_ADDRESS', 20, 1, 100_000),
        windowSeconds: integer('SIGN_IN_LIMIT_MINUTES', 15, 1, 24 * 60) * 60,
      },
    },
    mail: {
      smtpUrl: smtpUrlOf(env.SMTP_URL, problems),
      from: mailFromOf(env.MAIL_FROM, problems),
    },
    reminders: {
      intervalSeconds: integer('REMINDERS_INTERVAL_SECONDS', 300, 0, 24 * 60 * 60),
      claimSeconds: integer('REMINDERS_CLAIM_SECONDS', 1800, 1, 24 * 60 * 60),
    },
    webhooks: {
      // Tests and local development deliver to a receiver on the same machine.
      loopbackAllowed: environment !== 'production',
      retryBaseMs: integer('WEBHOOK_RETRY_BASE_MS', 5000, 10, 3_600_000),
    },
    live: {
      subscriptionsPerConnection: integer('SOCKET_SUBSCRIPTIONS', 20, 1, 10_000),
      subscriptionsPerToken: integer('TOKEN_SUBSCRIPTIONS', 100, 1, 100_000),
      connectionInitTimeoutMs: integer('WS_INIT_TIMEOUT_MS', 5000, 100, 300_000),
    },
  };
  if (problems.length === 0) checkDataDir(config.dataDir, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** An IP address, or a CIDR block of them (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrBlock(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: a count of proxies (1 to 10) or their addresses, comma-separated. Never "all":
 * a client could then name any address it liked and pass the sign-in limits per address.
 */
function trustProxyOf(raw: string | undefined, problems: string[]): number | string[] | false {
  if (!raw) return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops >= 1 && hops <= 10) return hops;
  } else {
    const addresses = raw.split(',').map((part) => part.trim());
    if (addresses.every(isAddressOrBlock)) return addresses;
  }
  problems.push(
    `TRUST_PROXY must be how many proxies are in front (1 to 10) or their addresses, comma-separated (got "${raw}")`,
  );
  return false;
}

/** An http(s) origin, perhaps with a path, without the trailing slash. */
function publicUrlOf(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    problems.push(`PUBLIC_URL must be an http or https URL without query (got "${raw}")`);
    return null;
  }
  return url.href.replace(/\/$/, '');
}

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
/** Loopback hosts, where a provider may answer over plain HTTP (development and tests). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET all set, or none (sign-in by email only). */
function oidcOf(env: NodeJS.ProcessEnv, problems: string[]): OidcConfig | null {
  const set = OIDC_REQUIRED.filter((name) => env[name]);
  if (set.length === 0) return null;
  if (set.length < OIDC_REQUIRED.length) {
    const missing = OIDC_REQUIRED.filter((name) => !env[name]);
    problems.push(
      `${missing.join(' and ')} must be set with ${set.join(' and ')}: OpenID Connect sign-in needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET`,
    );
    return null;
  }
  const issuer = env.OIDC_ISSUER!;
  const url = URL.canParse(issuer) ? new URL(issuer) : null;
  const secure =
    url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!url || !secure || url.search || url.hash) {
    problems.push(
      `OIDC_ISSUER must be an https URL without query (http only on localhost) (got "${issuer}")`,
    );
    return null;
  }
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET!,
    name: env.OIDC_NAME?.trim() || "your organisation's single sign-on",
  };
}

/** One address, for people to write to: no name part, nothing to inject into a page's link. */
const EMAIL_ADDRESS = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;

function supportEmailOf(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  if (!EMAIL_ADDRESS.test(raw) || raw.length > 254) {
    problems.push(
      `SUPPORT_EMAIL must be an email address, such as help@example.gov.uk (got "${raw}")`,
    );
    return null;
  }
  return raw;
}

/** An smtp:// or smtps:// URL, perhaps with a user and password (never echoed back). */
function smtpUrlOf(raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  if (!URL.canParse(raw) || !['smtp:', 'smtps:'].includes(new URL(raw).protocol)) {
    problems.push(
      `SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587 (got "${redacted(raw)}")`,
    );
    return null;
  }
  return raw;
}

const DEFAULT_MAIL_FROM = 'Reform Tracker <no-reply@localhost>';
/** An address, bare or with a name: `Reform Tracker <no-reply@example.gov.uk>`. */
const MAIL_FROM = /^(?:[^<>@\r\n]+<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

function mailFromOf(raw: string | undefined, problems: string[]): string {
  if (!raw) return DEFAULT_MAIL_FROM;
  if (!MAIL_FROM.test(raw.trim())) {
    problems.push(
      `MAIL_FROM must be an email address, perhaps with a name: Name <address@example.org> (got "${raw}")`,
    );
    return DEFAULT_MAIL_FROM;
  }
  return raw.trim();
}

const EVENT_STORE_KINDS: readonly EventStoreKind[] = ['sqlite', 'postgres', 'eventstoredb'];
/** A plain identifier: `<schema>.events` must fit PostgreSQL's 63-byte notification channel names. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,55}$/;
/** The 6.x client's schemes, and KurrentDB's names for them (translated by the adapter). */
const EVENTSTOREDB_URL = /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/[^\s/?#]+/;

/** EVENT_STORE and the variables the chosen store needs (DATABASE_URL, EVENTSTOREDB_URL). */
function eventStoreOf(
  env: NodeJS.ProcessEnv,
  oneOf: <T extends string>(name: string, fallback: T, allowed: readonly T[]) => T,
  problems: string[],
): EventStoreConfig {
  const kind = oneOf<EventStoreKind>('EVENT_STORE', 'sqlite', EVENT_STORE_KINDS);
  switch (kind) {
    case 'sqlite':
      return { kind };
    case 'postgres': {
      const url = databaseUrl(env, 'EVENT_STORE=postgres', problems);
      const schema = env.DATABASE_SCHEMA || 'public';
      checkSchemaName('DATABASE_SCHEMA', schema, problems);
      return { kind, connectionString: url, schema };
    }
    case 'eventstoredb': {
      const url = env.EVENTSTOREDB_URL ?? '';
      if (!url) {
        problems.push(
          'EVENTSTOREDB_URL is required with EVENT_STORE=eventstoredb (esdb://host:2113?tls=false)',
        );
      } else if (!EVENTSTOREDB_URL.test(url)) {
        problems.push(
          `EVENTSTOREDB_URL must be an esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover:// connection string (got "${redacted(url)}")`,
        );
      }
      return { kind, connectionString: url };
    }
  }
}

const READ_MODEL_KINDS: readonly ReadModelConfig['kind'][] = ['sqlite', 'postgres'];

/** READ_MODELS: in SQLite beside SQLite events, otherwise by default in PostgreSQL (READ_MODEL_SCHEMA). */
function readModelsOf(
  env: NodeJS.ProcessEnv,
  eventStore: EventStoreConfig,
  oneOf: <T extends string>(name: string, fallback: T, allowed: readonly T[]) => T,
  problems: string[],
): ReadModelConfig {
  const defaultKind = eventStore.kind === 'sqlite' ? 'sqlite' : 'postgres';
  const kind = oneOf('READ_MODELS', defaultKind, READ_MODEL_KINDS);
  if (kind === 'sqlite') return { kind };
  const connectionString =
    eventStore.kind === 'postgres'
      ? eventStore.connectionString
      : databaseUrl(
          env,
          env.READ_MODELS
            ? 'READ_MODELS=postgres'
            : 'EVENT_STORE=eventstoredb, for its read models (READ_MODELS=sqlite keeps them in DATA_DIR)',
          problems,
        );
  const base = env.DATABASE_SCHEMA || 'public';
  const schema = env.READ_MODEL_SCHEMA || `${base}_read_models`;
  // A name derived from a bad DATABASE_SCHEMA is that one's problem, reported once.
  if (env.READ_MODEL_SCHEMA || SCHEMA_NAME.test(base))
    checkSchemaName('READ_MODEL_SCHEMA', schema, problems);
  return { kind, connectionString, schema };
}

/**
 * Tokens follow the read models: processes sharing those must accept the same tokens. They go
 * in DATABASE_SCHEMA, checked here unless the event store has checked it already.
 */
function tokenStoreOf(
  env: NodeJS.ProcessEnv,
  eventStore: EventStoreConfig,
  readModels: ReadModelConfig,
  problems: string[],
): TokenStoreConfig {
  if (readModels.kind === 'sqlite') return { kind: 'sqlite' };
  if (eventStore.kind === 'postgres') {
    return {
      kind: 'postgres',
      connectionString: readModels.connectionString,
      schema: eventStore.schema,
    };
  }
  const schema = env.DATABASE_SCHEMA || 'public';
  checkSchemaName('DATABASE_SCHEMA', schema, problems);
  return { kind: 'postgres', connectionString: readModels.connectionString, schema };
}

function databaseUrl(env: NodeJS.ProcessEnv, neededBy: string, problems: string[]): string {
  const url = env.DATABASE_URL ?? '';
  if (!url) {
    problems.push(`DATABASE_URL is required with ${neededBy} (postgresql://...)`);
  } else if (!isPostgresUrl(url)) {
    problems.push(
      `DATABASE_URL must be a postgres:// or postgresql:// URL (got "${redacted(url)}")`,
    );
  }
  return url;
}

function checkSchemaName(name: string, schema: string, problems: string[]): void {
  if (!SCHEMA_NAME.test(schema)) {
    problems.push(
      `${name} must be letters, digits and underscores, not starting with a digit, at most 56 characters (got "${schema}")`,
    );
  }
}

function isPostgresUrl(raw: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(raw).protocol);
  } catch {
    return false;
  }
}

/** A URL fit for an error message: any password in it masked. */
function redacted(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}

/** A pinned clock would make every recorded date a lie outside tests, so only NODE_ENV=test takes one. */
function fixedNowOf(
  raw: string | undefined,
  environment: Environment,
  problems: string[],
): Date | null {
  if (!raw) return null;
  if (environment !== 'test') {
    problems.push('CLOCK_FIXED_AT is accepted only with NODE_ENV=test');
    return null;
  }
  const instant = new Date(raw);
  if (Number.isNaN(instant.getTime())) {
    problems.push(`CLOCK_FIXED_AT must be an ISO 8601 instant (got "${raw}")`);
    return null;
  }
  return instant;
}

function checkDataDir(dataDir: string, problems: string[]): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    problems.push(`DATA_DIR ${dataDir} cannot be created or written: ${(error as Error).message}`);
  }
}
