import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has defaults for everything', () => {
    expect(loadConfig({ DATA_DIR: dir })).toMatchObject({
      port: 3000,
      environment: 'development',
      graphiql: true,
      dataDir: dir,
      importLimitBytes: 64 * 1024 * 1024,
    });
  });

  it('creates a missing data directory', () => {
    const nested = join(dir, 'a', 'b');
    expect(loadConfig({ DATA_DIR: nested }).dataDir).toBe(nested);
  });

  it('reports every problem at once, by variable name', () => {
    let error: unknown;
    try {
      loadConfig({
        DATA_DIR: dir,
        PORT: 'eighty',
        NODE_ENV: 'staging',
        LOG_LEVEL: 'loud',
        EVENT_STORE: 'mongo',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'NODE_ENV', 'LOG_LEVEL', 'EVENT_STORE']) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  describe('event store', () => {
    const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadConfig({ DATA_DIR: dir, ...env });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };

    it('is the embedded SQLite store by default', () => {
      expect(loadConfig({ DATA_DIR: dir }).eventStore).toEqual({ kind: 'sqlite' });
    });

    it('takes PostgreSQL with DATABASE_URL, in the public schema unless DATABASE_SCHEMA names one', () => {
      const url = 'postgresql://tracker:secret@db:5432/tracker';
      expect(
        loadConfig({ DATA_DIR: dir, EVENT_STORE: 'postgres', DATABASE_URL: url }).eventStore,
      ).toEqual({ kind: 'postgres', connectionString: url, schema: 'public' });
      expect(
        loadConfig({
          DATA_DIR: dir,
          EVENT_STORE: 'postgres',
          DATABASE_URL: 'postgres://db/tracker',
          DATABASE_SCHEMA: 'reform_tracker',
        }).eventStore,
      ).toMatchObject({ schema: 'reform_tracker' });
    });

    it('takes EventStoreDB with an esdb:// or kurrentdb:// EVENTSTOREDB_URL', () => {
      for (const url of [
        'esdb://127.0.0.1:2113?tls=false',
        'esdb+discover://cluster.example:2113',
        'kurrentdb://admin:changeit@a:2113,b:2113,c:2113',
        'kurrentdb+discover://cluster.example:2113?tls=true',
      ]) {
        expect(
          loadConfig({
            DATA_DIR: dir,
            EVENT_STORE: 'eventstoredb',
            EVENTSTOREDB_URL: url,
            READ_MODELS: 'sqlite',
          }).eventStore,
        ).toEqual({ kind: 'eventstoredb', connectionString: url });
      }
    });

    it('requires the URL of the chosen store, naming the variable', () => {
      expect(problemsOf({ EVENT_STORE: 'postgres' })).toEqual([
        expect.stringMatching(/^DATABASE_URL is required with EVENT_STORE=postgres/),
      ]);
      expect(problemsOf({ EVENT_STORE: 'eventstoredb' })).toEqual([
        expect.stringMatching(/^EVENTSTOREDB_URL is required with EVENT_STORE=eventstoredb/),
        // Its read models live in PostgreSQL unless told otherwise.
        expect.stringMatching(
          /^DATABASE_URL is required with EVENT_STORE=eventstoredb, for its read models/,
        ),
      ]);
      // The other store's variables are not needed, nor checked.
      expect(problemsOf({ EVENT_STORE: 'sqlite', DATABASE_URL: 'mysql://x' })).toEqual([]);
    });

    it('refuses URLs of the wrong kind without echoing a password', () => {
      const [postgres] = problemsOf({
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'mysql://root:hunter2@db/tracker',
      });
      expect(postgres).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(postgres).toContain('mysql://root:***@db/tracker');
      expect(postgres).not.toContain('hunter2');
      expect(problemsOf({ EVENT_STORE: 'postgres', DATABASE_URL: 'not a url' })).toHaveLength(1);
      const [esdb] = problemsOf({
        EVENT_STORE: 'eventstoredb',
        EVENTSTOREDB_URL: 'http://admin:changeit@127.0.0.1:2113',
        READ_MODELS: 'sqlite',
      });
      expect(esdb).toMatch(/^EVENTSTOREDB_URL must be an esdb:\/\//);
      expect(esdb).not.toContain('changeit');
      expect(
        problemsOf({
          EVENT_STORE: 'eventstoredb',
          EVENTSTOREDB_URL: 'esdb://',
          READ_MODELS: 'sqlite',
        }),
      ).toHaveLength(1);
    });

    it('keeps the read models in SQLite beside SQLite events, otherwise in PostgreSQL (READ_MODELS)', () => {
      const url = 'postgresql://db/tracker';
      expect(loadConfig({ DATA_DIR: dir }).readModels).toEqual({ kind: 'sqlite' });
      expect(
        loadConfig({ DATA_DIR: dir, EVENT_STORE: 'postgres', DATABASE_URL: url }).readModels,
      ).toEqual({ kind: 'postgres', connectionString: url, schema: 'public_read_models' });
      expect(
        loadConfig({
          DATA_DIR: dir,
          EVENT_STORE: 'eventstoredb',
          EVENTSTOREDB_URL: 'esdb://a:2113',
          DATABASE_URL: url,
          READ_MODEL_SCHEMA: 'board',
        }).readModels,
      ).toEqual({ kind: 'postgres', connectionString: url, schema: 'board' });
      expect(
        loadConfig({
          DATA_DIR: dir,
          EVENT_STORE: 'postgres',
          DATABASE_URL: url,
          READ_MODELS: 'sqlite',
        }).readModels,
      ).toEqual({ kind: 'sqlite' });
      expect(problemsOf({ READ_MODELS: 'postgres' })).toEqual([
        expect.stringMatching(/^DATABASE_URL is required with READ_MODELS=postgres/),
      ]);
      expect(problemsOf({ READ_MODELS: 'mongo' })).toEqual([
        expect.stringMatching(/^READ_MODELS must be one of sqlite, postgres/),
      ]);
      expect(
        problemsOf({ READ_MODELS: 'postgres', DATABASE_URL: url, READ_MODEL_SCHEMA: 'a-b' }),
      ).toEqual([expect.stringMatching(/^READ_MODEL_SCHEMA must be/)]);
    });

    it('keeps the tokens with the read models, in DATABASE_SCHEMA when those are in PostgreSQL', () => {
      const url = 'postgresql://db/tracker';
      expect(loadConfig({ DATA_DIR: dir }).tokens).toEqual({ kind: 'sqlite' });
      expect(
        loadConfig({
          DATA_DIR: dir,
          EVENT_STORE: 'postgres',
          DATABASE_URL: url,
          DATABASE_SCHEMA: 'reform',
        }).tokens,
      ).toEqual({ kind: 'postgres', connectionString: url, schema: 'reform' });
      expect(
        loadConfig({ DATA_DIR: dir, READ_MODELS: 'postgres', DATABASE_URL: url }).tokens,
      ).toEqual({ kind: 'postgres', connectionString: url, schema: 'public' });
      expect(
        loadConfig({
          DATA_DIR: dir,
          EVENT_STORE: 'postgres',
          DATABASE_URL: url,
          READ_MODELS: 'sqlite',
        }).tokens,
      ).toEqual({ kind: 'sqlite' });
      expect(
        problemsOf({
          READ_MODELS: 'postgres',
          DATABASE_URL: url,
          DATABASE_SCHEMA: 'a-b',
          READ_MODEL_SCHEMA: 'board',
        }),
      ).toEqual([expect.stringMatching(/^DATABASE_SCHEMA must be/)]);
    });

    it('refuses a schema name that is not a plain identifier', () => {
      for (const schema of ['1st', 'reform-tracker', 'a"b', 'x'.repeat(57)]) {
        expect(
          problemsOf({
            EVENT_STORE: 'postgres',
            DATABASE_URL: 'postgresql://db/tracker',
            DATABASE_SCHEMA: schema,
          }),
        ).toEqual([expect.stringMatching(/^DATABASE_SCHEMA must be/)]);
      }
    });

    it('reports store problems together with the others', () => {
      expect(
        problemsOf({
          PORT: 'eighty',
          EVENT_STORE: 'postgres',
          DATABASE_URL: 'http://db',
          DATABASE_SCHEMA: '-',
        })
          .map((problem) => problem.split(' ')[0])
          .sort(),
      ).toEqual(['DATABASE_SCHEMA', 'DATABASE_URL', 'PORT']);
    });
  });

  it('seals every 300 seconds by default; 0 turns sealing off; refuses anything else', () => {
    expect(loadConfig({ DATA_DIR: dir }).sealIntervalSeconds).toBe(300);
    expect(loadConfig({ DATA_DIR: dir, SEAL_INTERVAL_SECONDS: '0' }).sealIntervalSeconds).toBe(0);
    for (const value of ['-1', '1.5', 'often', '604801']) {
      expect(() => loadConfig({ DATA_DIR: dir, SEAL_INTERVAL_SECONDS: value })).toThrow(
        /SEAL_INTERVAL_SECONDS must be a whole number from 0 to 604800/,
      );
    }
  });

  it('looks for digests due every 300 seconds, claims each for 1800, by default; 0 turns the looking off', () => {
    expect(loadConfig({ DATA_DIR: dir }).reminders).toEqual({
      intervalSeconds: 300,
      claimSeconds: 1800,
    });
    expect(
      loadConfig({
        DATA_DIR: dir,
        REMINDERS_INTERVAL_SECONDS: '0',
        REMINDERS_CLAIM_SECONDS: '5',
      }).reminders,
    ).toEqual({ intervalSeconds: 0, claimSeconds: 5 });
    expect(() => loadConfig({ DATA_DIR: dir, REMINDERS_INTERVAL_SECONDS: 'hourly' })).toThrow(
      /REMINDERS_INTERVAL_SECONDS must be a whole number from 0 to 86400/,
    );
    expect(() => loadConfig({ DATA_DIR: dir, REMINDERS_CLAIM_SECONDS: '0' })).toThrow(
      /REMINDERS_CLAIM_SECONDS must be a whole number from 1 to 86400/,
    );
  });

  it('trusts no proxy unless TRUST_PROXY names how many or which, and never every one', () => {
    expect(loadConfig({ DATA_DIR: dir }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(
      loadConfig({ DATA_DIR: dir, TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,fd00::/8' }).trustProxy,
    ).toEqual(['10.0.0.1', '10.1.0.0/16', 'fd00::/8']);
    for (const bad of ['true', '0', '11', '10.0.0.1/33', 'proxy.example', '10.0.0.1,', '::1/129']) {
      expect(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: bad })).toThrow(
        `TRUST_PROXY must be how many proxies are in front (1 to 10) or their addresses, comma-separated (got "${bad}")`,
      );
    }
  });

  it('bounds requests and WebSockets by default, within limits that can be moved', () => {
    expect(loadConfig({ DATA_DIR: dir })).toMatchObject({
      requestTimeoutMs: 120_000,
      live: {
        subscriptionsPerConnection: 20,
        subscriptionsPerToken: 100,
        connectionInitTimeoutMs: 5000,
      },
    });
    const moved = loadConfig({
      DATA_DIR: dir,
      REQUEST_TIMEOUT_MS: '2000',
      WS_INIT_TIMEOUT_MS: '1000',
      SOCKET_SUBSCRIPTIONS: '3',
      TOKEN_SUBSCRIPTIONS: '5',
    });
    expect(moved).toMatchObject({
      requestTimeoutMs: 2000,
      live: {
        subscriptionsPerConnection: 3,
        subscriptionsPerToken: 5,
        connectionInitTimeoutMs: 1000,
      },
    });
    // None of them can be turned off.
    for (const name of [
      'REQUEST_TIMEOUT_MS',
      'WS_INIT_TIMEOUT_MS',
      'SOCKET_SUBSCRIPTIONS',
      'TOKEN_SUBSCRIPTIONS',
    ])
      expect(() => loadConfig({ DATA_DIR: dir, [name]: '0' })).toThrow(
        new RegExp(`${name} must be`),
      );
  });

  it("reads how long a signed-in page's session lasts, idle and in all", () => {
    expect(loadConfig({ DATA_DIR: dir }).sessions).toEqual({
      idleMs: 30 * 60_000,
      maxMs: 12 * 3_600_000,
    });
    expect(
      loadConfig({ DATA_DIR: dir, SESSION_IDLE_SECONDS: '600', SESSION_MAX_HOURS: '8' }).sessions,
    ).toEqual({ idleMs: 600_000, maxMs: 8 * 3_600_000 });
    expect(() => loadConfig({ DATA_DIR: dir, SESSION_IDLE_SECONDS: '5' })).toThrow(
      'SESSION_IDLE_SECONDS must be a whole number from 10 to 86400 (got "5")',
    );
  });

  it('reads how long a sign-in link works and how many attempts are allowed', () => {
    expect(loadConfig({ DATA_DIR: dir }).signIn).toEqual({
      linkLifetimeMs: 15 * 60_000,
      limits: { perEmail: 5, perAddress: 20, windowSeconds: 15 * 60 },
    });
    expect(
      loadConfig({
        DATA_DIR: dir,
        SIGN_IN_LINK_SECONDS: '10',
        SIGN_IN_LIMIT_PER_EMAIL: '2',
        SIGN_IN_LIMIT_PER_ADDRESS: '3',
        SIGN_IN_LIMIT_MINUTES: '1',
      }).signIn,
    ).toEqual({
      linkLifetimeMs: 10_000,
      limits: { perEmail: 2, perAddress: 3, windowSeconds: 60 },
    });
    expect(() => loadConfig({ DATA_DIR: dir, SIGN_IN_LIMIT_PER_EMAIL: '0' })).toThrow(
      'SIGN_IN_LIMIT_PER_EMAIL must be a whole number from 1 to 1000 (got "0")',
    );
  });

  it('sends mail through SMTP_URL when set, else into the log, from MAIL_FROM', () => {
    expect(loadConfig({ DATA_DIR: dir }).mail).toEqual({
      smtpUrl: null,
      from: 'Reform Tracker <no-reply@localhost>',
    });
    expect(
      loadConfig({
        DATA_DIR: dir,
        SMTP_URL: 'smtps://mailer:secret@mail.example.org:465',
        MAIL_FROM: 'Reform Tracker <no-reply@tracker.example.gov.uk>',
      }).mail,
    ).toEqual({
      smtpUrl: 'smtps://mailer:secret@mail.example.org:465',
      from: 'Reform Tracker <no-reply@tracker.example.gov.uk>',
    });
    expect(() => loadConfig({ DATA_DIR: dir, SMTP_URL: 'http://mailer:secret@mail' })).toThrow(
      'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587 (got "http://mailer:***@mail")',
    );
    for (const from of ['no-reply', 'Tracker <no-reply>', 'a@b\nBcc: c@d'])
      expect(() => loadConfig({ DATA_DIR: dir, MAIL_FROM: from })).toThrow(/MAIL_FROM must be/);
  });

  it('builds canonical links from the request unless PUBLIC_URL is set; GDS Transport only when switched on', () => {
    expect(loadConfig({ DATA_DIR: dir }).site).toEqual({
      publicUrl: null,
      transportFont: false,
      supportEmail: null,
      singleSignOnOrigin: null,
    });
    expect(
      loadConfig({
        DATA_DIR: dir,
        PUBLIC_URL: 'https://reform-tracker.service.gov.uk/',
        GOVUK_TRANSPORT_FONT: 'on',
      }).site,
    ).toEqual({
      publicUrl: 'https://reform-tracker.service.gov.uk',
      transportFont: true,
      supportEmail: null,
      singleSignOnOrigin: null,
    });
    for (const value of ['reform-tracker.example', 'ftp://example.org', 'https://example.org/?a=1'])
      expect(() => loadConfig({ DATA_DIR: dir, PUBLIC_URL: value })).toThrow(/PUBLIC_URL must be/);
    expect(() => loadConfig({ DATA_DIR: dir, GOVUK_TRANSPORT_FONT: 'yes' })).toThrow(
      /GOVUK_TRANSPORT_FONT must be one of on, off/,
    );
  });

  it('shows SUPPORT_EMAIL to people refused at sign-in, when it is one address', () => {
    expect(
      loadConfig({ DATA_DIR: dir, SUPPORT_EMAIL: 'tracker-help@education.gov.uk' }).site
        .supportEmail,
    ).toBe('tracker-help@education.gov.uk');
    for (const value of ['help', 'Help <help@example.gov.uk>', 'a@b.uk, c@d.uk', 'a@b'])
      expect(() => loadConfig({ DATA_DIR: dir, SUPPORT_EMAIL: value })).toThrow(
        `SUPPORT_EMAIL must be an email address, such as help@example.gov.uk (got "${value}")`,
      );
  });

  describe('OpenID Connect', () => {
    const provider = {
      OIDC_ISSUER: 'https://oidc.signin.education.gov.uk',
      OIDC_CLIENT_ID: 'reform-tracker',
      OIDC_CLIENT_SECRET: 's3cret',
    };

    it('is off unless configured', () => {
      expect(loadConfig({ DATA_DIR: dir }).oidc).toBeNull();
      // The button's words alone turn nothing on.
      expect(loadConfig({ DATA_DIR: dir, OIDC_NAME: 'DfE Sign-in' }).oidc).toBeNull();
    });

    it("takes the issuer, the client and the button's words", () => {
      expect(loadConfig({ DATA_DIR: dir, ...provider, OIDC_NAME: ' DfE Sign-in ' }).oidc).toEqual({
        issuer: 'https://oidc.signin.education.gov.uk',
        clientId: 'reform-tracker',
        clientSecret: 's3cret',
        name: 'DfE Sign-in',
      });
      // Signing out sends people on to the provider, which the pages' policy must allow.
      expect(loadConfig({ DATA_DIR: dir, ...provider }).site.singleSignOnOrigin).toBe(
        'https://oidc.signin.education.gov.uk',
      );
      expect(loadConfig({ DATA_DIR: dir, ...provider }).oidc?.name).toBe(
        "your organisation's single sign-on",
      );
    });

    it('names what is missing when only some of the three are set', () => {
      expect(() =>
        loadConfig({ DATA_DIR: dir, OIDC_ISSUER: provider.OIDC_ISSUER, OIDC_CLIENT_ID: 'rt' }),
      ).toThrow(
        'OIDC_CLIENT_SECRET must be set with OIDC_ISSUER and OIDC_CLIENT_ID: OpenID Connect sign-in needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET',
      );
      expect(() => loadConfig({ DATA_DIR: dir, OIDC_CLIENT_SECRET: 'x' })).toThrow(
        /^Invalid configuration:\n {2}- OIDC_ISSUER and OIDC_CLIENT_ID must be set with OIDC_CLIENT_SECRET/,
      );
    });

    it('takes an issuer over HTTPS, or plain HTTP on this machine only', () => {
      const issuer = (OIDC_ISSUER: string) =>
        loadConfig({ DATA_DIR: dir, ...provider, OIDC_ISSUER }).oidc?.issuer;
      expect(issuer('http://127.0.0.1:4000/oidc')).toBe('http://127.0.0.1:4000/oidc');
      expect(issuer('http://localhost:4000')).toBe('http://localhost:4000');
      for (const value of [
        'http://idp.example.org',
        'oidc.signin.education.gov.uk',
        'https://idp.example.org/?tenant=1',
      ])
        expect(() => issuer(value)).toThrow(
          `OIDC_ISSUER must be an https URL without query (http only on localhost) (got "${value}")`,
        );
    });
  });

  it('describes the schema (INTROSPECTION) but in production, unless told otherwise', () => {
    const introspection = (env: NodeJS.ProcessEnv) =>
      loadConfig({ DATA_DIR: dir, ...env }).introspection;
    expect(introspection({})).toBe(true);
    expect(introspection({ NODE_ENV: 'test' })).toBe(true);
    expect(introspection({ NODE_ENV: 'production' })).toBe(false);
    expect(introspection({ NODE_ENV: 'production', INTROSPECTION: 'on' })).toBe(true);
    expect(introspection({ INTROSPECTION: 'off' })).toBe(false);
    expect(() => loadConfig({ DATA_DIR: dir, INTROSPECTION: 'yes' })).toThrow(
      /INTROSPECTION must be one of on, off/,
    );
  });

  it('refuses a data directory that cannot be created', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => loadConfig({ DATA_DIR: join(file, 'data') })).toThrow(/DATA_DIR/);
  });
});
