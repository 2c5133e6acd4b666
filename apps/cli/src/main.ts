import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Argument, Command, CommanderError, Option } from 'commander';
import { randomUUID } from 'crypto';
import { createReadStream, createWriteStream, existsSync, WriteStream, writeFileSync } from 'fs';
import { once } from 'events';
import { basename } from 'path';
import {
  AccountActors,
  assertTokenScope,
  DEFAULT_TOKEN_DAYS,
  historyScopeOf,
  MAX_TOKEN_DAYS,
  SecurityLog,
  TOKEN_SIGNED_IN_AT,
  TokenRegister,
} from '@app/access';
import { LocalAuthorityRegister } from '@app/areas';
import { Actor, assertRole, DomainError, ErrorCode, InvalidInputError, Role } from '@app/kernel';
import {
  areaRolloutsProjection,
  MAY_REPORT_PROGRESS,
  MilestoneImport,
  programmesProjection,
  refusalMessage,
  RolloutExport,
  rolloutHistoryProjection,
} from '@app/rollout';
import {
  auditExportHeader,
  auditExportLine,
  auditFilterPredicate,
  auditTrailProjection,
} from '@app/audit';
import {
  recommendationsProjection,
  RegisterImport,
  registerRefusalMessage,
} from '@app/recommendations';
import { accountsProjection } from '@app/accounts';
import { sourcesProjection } from '@app/sources';
import { evaluationsProjection } from '@app/evaluations';
import { fundingProjection } from '@app/funding';
import {
  EVENT_STORE,
  EventStore,
  ReadModelDatabase,
  RecordedEvent,
  rebuildReadModels,
} from '@app/event-store';
import { ConfigError, CoreModule, loadConfig, seedShippedData } from '@app/core';
import { createLogger, nestLoggerOver } from '@app/platform';
import { accountOf, registerAccountCommands } from './accounts.command';
import { registerWebhookCommands } from './webhooks.command';
import { registerAreasCommand } from './areas.command';
import { registerMigrateStoreCommand } from './migrate-store.command';
import { registerRemindersCommand } from './reminders.command';
import { ProgressLine } from './progress';
import { replayPointOf, replayReadModel, replayStream } from './replay';
import { registerTamperEvidenceCommands } from './tamper-evidence.commands';

/** The CLI shares the server's configuration (DATA_DIR and the rest) and its core. */
async function withCore<T>(work: (core: INestApplicationContext) => Promise<T> | T): Promise<T> {
  const config = loadConfig();
  const core = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { runProjections: false }),
    {
      logger: nestLoggerOver(createLogger('warn', process.stderr)),
      // A store that cannot be opened is reported as any failure (see the end), not exited on.
      abortOnError: false,
    },
  );
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

/** The read models `rebuild` and `replay` accept, by name. */
const READ_MODELS = [
  recommendationsProjection,
  programmesProjection,
  areaRolloutsProjection,
  rolloutHistoryProjection,
  auditTrailProjection,
  accountsProjection,
  sourcesProjection,
  evaluationsProjection,
  fundingProjection,
].map((projection) => projection.name);

// Usage errors are thrown rather than exiting at once (see the end), and every subcommand
// inherits these settings: one line on stderr, then exit status 2.
const program = new Command('tracker')
  .description('Reform Tracker: tokens, seed data and operations')
  .exitOverride()
  .configureOutput({
    outputError: (message, write) => write(`tracker: ${message.replace(/^error: /, '')}`),
  });

const token = program.command('token').description('Bearer tokens for the API');

token
  .command('create')
  .description(
    'Issue a token; prints it alone on stdout (it is stored hashed and cannot be shown again)',
  )
  .option('--account <email>', 'the account the token acts as (its role and areas, as they are)')
  .addOption(
    new Option('--role <role>', 'what an operator token without an account may do').choices(
      Object.values(Role),
    ),
  )
  .option('--area <gss>', 'ONS GSS code of the area a LOCAL_AUTHORITY token speaks for')
  .requiredOption('--name <name>', 'what the token is for (an operator token: who holds it)')
  .option(
    '--expires-in-days <days>',
    `how long it lasts, 1 to ${MAX_TOKEN_DAYS} days`,
    (value) => Number(value),
    DEFAULT_TOKEN_DAYS,
  )
  .action(
    async (options: {
      account?: string;
      role?: Role;
      area?: string;
      name: string;
      expiresInDays: number;
    }) => {
      await withCore(async (core) => {
        const tokens = core.get(TokenRegister);
        const created = options.account
          ? await tokens.create({
              name: options.name,
              expiresInDays: options.expiresInDays,
              account: await activeAccountActor(core, options.account, options),
            })
          : await tokens.create({
              name: options.name,
              expiresInDays: options.expiresInDays,
              ...operatorScope(core, options),
            });
        const { token: secret, record } = created;
        await core.get(SecurityLog).record({
          kind: 'TOKEN_CREATED',
          method: 'cli',
          accountId: record.accountId,
          email: options.account?.trim().toLowerCase() ?? null,
          clientAddress: null,
          detail: `${record.name} (${record.id}), until ${record.expiresAt}`,
        });
        process.stdout.write(`${secret}\n`);
        process.stderr.write(
          `Created token ${record.id} for ${options.account ?? record.name} (${record.role}${record.areaCode ? ` ${record.areaCode}` : ''}), until ${record.expiresAt}\n`,
        );
      });
    },
  );

/** The actor of the active account with this email, which an account's token must not widen. */
async function activeAccountActor(
  core: INestApplicationContext,
  email: string,
  options: { role?: Role; area?: string },
): Promise<Actor> {
  if (options.role || options.area) {
    throw new InvalidInputError(
      'role',
      'notWithAccount',
      "An account's token acts with the account's role and areas: give --account or --role, not both",
    );
  }
  const account = await accountOf(core, email);
  const actor = await core.get(AccountActors).actorOf(account.id, TOKEN_SIGNED_IN_AT);
  if (!actor) {
    throw new DomainError(ErrorCode.FORBIDDEN, `The account ${email.trim()} is deactivated`, {
      field: 'account',
    });
  }
  return actor;
}

/** The role and area of an operator's token, checked (a local authority's area must be known). */
function operatorScope(
  core: INestApplicationContext,
  options: { role?: Role; area?: string },
): { role: Role; areaCode: string | null } {
  if (!options.role) {
    throw new InvalidInputError(
      'role',
      'required',
      'Give --account <email>, or --role for an operator token',
    );
  }
  const areas = core.get(LocalAuthorityRegister);
  assertTokenScope(options.role, options.area ?? null, (code) => areas.has(code));
  return { role: options.role, areaCode: options.area ?? null };
}

token
  .command('list')
  .description(
    'List tokens (never their secrets): id, role, area, status, name, owner, expiry, last use',
  )
  .option('--account <email>', "only this account's tokens")
  .action(async (options: { account?: string }) => {
    await withCore(async (core) => {
      const owner = options.account ? await accountOf(core, options.account) : undefined;
      const now = Date.now();
      for (const record of await core.get(TokenRegister).list(owner?.id)) {
        const status = record.revokedAt
          ? `revoked ${record.revokedAt}`
          : record.expiresAt && Date.parse(record.expiresAt) <= now
            ? 'expired'
            : 'active';
        process.stdout.write(
          `${[record.id, record.role, record.areaCode ?? '-', status, record.name, record.accountId ?? 'operator', record.expiresAt ?? 'never', record.lastUsedAt ?? 'never used'].join('\t')}\n`,
        );
      }
    });
  });

token
  .command('revoke <id>')
  .description('Revoke a token; it is refused from the next request on')
  .action(async (id: string) => {
    await withCore(async (core) => {
      const record = await core.get(TokenRegister).revoke(id);
      await core.get(SecurityLog).record({
        kind: 'TOKEN_REVOKED',
        method: 'cli',
        accountId: record.accountId,
        email: null,
        clientAddress: null,
        detail: `${record.name} (${record.id})`,
      });
      process.stderr.write(`Revoked token ${record.id} (${record.name})\n`);
    });
  });

program
  .command('seed')
  .description(
    'Load the shipped recommendations and programmes (safe to run again: writes only what is missing)',
  )
  .action(async () => {
    await withCore(async (core) => {
      const report = await seedShippedData(core);
      process.stderr.write(
        `Seeded ${report.sources} sources, ${report.recommendations} recommendations and ${report.programmes} programmes: ${report.eventsWritten} new events\n`,
      );
    });
  });

/** The actor a token stands for (from --token or TRACKER_TOKEN): the CLI enforces access as the API does. */
async function actorOf(core: INestApplicationContext, token: string | undefined): Promise<Actor> {
  const secret = token ?? process.env.TRACKER_TOKEN;
  if (!secret) {
    throw new DomainError(
      ErrorCode.UNAUTHENTICATED,
      'A token is required: --token or TRACKER_TOKEN',
    );
  }
  const { actor, expired } = await core.get(TokenRegister).check(secret);
  if (!actor) {
    throw new DomainError(
      ErrorCode.UNAUTHENTICATED,
      expired ? 'The token has expired' : 'The token is unknown or revoked',
    );
  }
  return actor;
}

program
  .command('import')
  .description('Bulk imports from CSV')
  .command('milestones <file>')
  .description(
    'Report milestones from a CSV file (areaCode,milestoneKey,achievedOn,evidenceUrl,note[,programmeId]): all rows or none; exit 1 if refused',
  )
  .option('--programme <id>', 'programme of the rows (else a programmeId column)')
  .option('--dry-run', 'report what would happen; write nothing')
  .option('--token <token>', 'bearer token (default: TRACKER_TOKEN)')
  .action(
    async (file: string, options: { programme?: string; dryRun?: boolean; token?: string }) => {
      if (!existsSync(file)) throw new InvalidInputError('file', 'exists', `No such file: ${file}`);
      await withCore(async (core) => {
        const actor = await actorOf(core, options.token);
        // The role at once, as the HTTP import's gate does; each row's area is the import's to check.
        assertRole(actor, MAY_REPORT_PROGRESS);
        const progress = new ProgressLine(options.dryRun ? 'checked' : 'read');
        const result = await core.get(MilestoneImport).run(createReadStream(file), actor, {
          programmeId: options.programme ?? null,
          dryRun: options.dryRun ?? false,
          source: basename(file),
          correlationId: `cli:${randomUUID()}`,
          onProgress: (rows) => progress.update(rows),
        });
        progress.done(result.rows);
        const { rowsDetail: _rows, errors, ...summary } = result;
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        for (const error of errors) {
          process.stderr.write(
            `row ${error.row} (line ${error.line})${error.column ? `, ${error.column}` : ''}: ${error.code}${error.rule ? ` ${error.rule}` : ''}: ${error.message}\n`,
          );
        }
        if (result.errorCount > errors.length) {
          process.stderr.write(`... and ${result.errorCount - errors.length} more errors\n`);
        }
        if (result.errorCount > 0) {
          process.stderr.write(`${refusalMessage(result)}\n`);
          process.exitCode = 1;
        }
      });
    },
  );

program
  .command('register')
  .description("The register's sources and recommendations")
  .command('import <files...>')
  .description(
    'Load sources and recommendations from CSV or JSON files (see README, "How to import a register"): all rows of all files or none; exit 1 if refused',
  )
  .option('--dry-run', "list each row's outcome; write nothing")
  .option('--token <token>', 'bearer token (default: TRACKER_TOKEN)')
  .action(async (files: string[], options: { dryRun?: boolean; token?: string }) => {
    const missing = files.find((file) => !existsSync(file));
    if (missing) throw new InvalidInputError('file', 'exists', `No such file: ${missing}`);
    await withCore(async (core) => {
      const actor = await actorOf(core, options.token);
      const result = await core.get(RegisterImport).run(actor, {
        files: files.map((file) => ({ name: basename(file), content: createReadStream(file) })),
        dryRun: options.dryRun ?? false,
        correlationId: `cli:${randomUUID()}`,
      });
      for (const row of result.rowsDetail ?? []) {
        process.stdout.write(
          `${row.file}:${row.line}: ${row.outcome} ${row.kind} ${row.id}${row.title ? ` (${row.title})` : ''}\n`,
        );
      }
      const { rowsDetail: _rows, errors, ...summary } = result;
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      for (const error of errors) {
        const where = `${error.file}:${error.line}${error.column ? `:${error.column}` : ''}`;
        process.stderr.write(
          `${where}: ${error.field ? `${error.field}: ` : ''}${error.code}${error.rule ? ` ${error.rule}` : ''}: ${error.message}\n`,
        );
      }
      if (result.errorCount > errors.length) {
        process.stderr.write(`... and ${result.errorCount - errors.length} more errors\n`);
      }
      if (result.errorCount > 0) {
        process.stderr.write(`${registerRefusalMessage(result)}\n`);
        process.exitCode = 1;
      }
    });
  });

const exportCommand = program.command('export').description('Exports as CSV or JSON lines');

exportCommand
  .command('rollout')
  .description("A programme's rollout, one row per area, stamped with the time it was taken")
  .requiredOption('--programme <id>', 'programme id')
  .option('--out <file>', 'write to this file (default: stdout)')
  .option('--token <token>', 'bearer token (default: TRACKER_TOKEN)')
  .action(async (options: { programme: string; out?: string; token?: string }) => {
    await withCore(async (core) => {
      await actorOf(core, options.token);
      // The CLI runs no projections: the export folds the programme's streams from the store.
      const file = await core.get(RolloutExport).rolloutCsv(options.programme);
      if (!options.out) return void process.stdout.write(file.csv);
      writeFileSync(options.out, file.csv);
      process.stderr.write(`Wrote ${file.areas} areas to ${options.out}\n`);
    });
  });

registerAreasCommand(program, withCore);
registerAccountCommands(program, withCore);
registerWebhookCommands(program, withCore);
registerRemindersCommand(program, withCore);
registerTamperEvidenceCommands(program, withCore);
registerMigrateStoreCommand(program);

exportCommand
  .command('audit')
  .description('The history of every event, filtered as the auditTrail query (read from the store)')
  .addOption(
    new Option('--format <format>', 'file format').choices(['csv', 'jsonl']).default('csv'),
  )
  .option('--stream <id>', 'one stream')
  .option('--recommendation <id>')
  .option('--programme <id>')
  .option('--area <gss>')
  .option('--actor <id>')
  .option('--role <role>')
  .option('--type <eventType>')
  .option('--recorded-from <when>')
  .option('--recorded-to <when>')
  .option('--occurred-from <when>')
  .option('--occurred-to <when>')
  .option('--out <file>', 'write to this file (default: stdout)')
  .option('--token <token>', 'bearer token (default: TRACKER_TOKEN)')
  .action(async (options: Record<string, string | undefined>) => {
    const format = options.format as 'csv' | 'jsonl';
    await withCore(async (core) => {
      const actor = await actorOf(core, options.token);
      const accepts = auditFilterPredicate(
        {
          streamId: options.stream,
          recommendationId: options.recommendation,
          programmeId: options.programme,
          areaCode: options.area,
          actorId: options.actor,
          role: options.role,
          eventType: options.type,
          recordedFrom: options.recordedFrom,
          recordedTo: options.recordedTo,
          occurredFrom: options.occurredFrom,
          occurredTo: options.occurredTo,
        },
        historyScopeOf(actor),
      );
      const out = options.out ? createWriteStream(options.out) : process.stdout;
      let written = 0;
      out.write(auditExportHeader(format));
      for await (const page of pagesOf(core.get<EventStore>(EVENT_STORE))) {
        for (const event of page.filter(accepts)) {
          written++;
          if (!out.write(auditExportLine(event, format))) await once(out, 'drain');
        }
      }
      if (options.out) {
        await new Promise((resolve) => (out as WriteStream).end(resolve));
        process.stderr.write(`Wrote ${written} events to ${options.out}\n`);
      }
    });
  });

program
  .command('rebuild')
  .description('Rebuild read models from the events (all, or those named) while the API runs')
  .addArgument(
    new Argument('[read-models...]', 'the read models to rebuild (default: all)').choices(
      READ_MODELS,
    ),
  )
  .action(async (names: string[]) => {
    await withCore(async (core) => {
      const database = core.get(ReadModelDatabase);
      const store = core.get<EventStore>(EVENT_STORE);
      const progress = new ProgressLine('rebuilt', process.stderr, 'events');
      const report = await rebuildReadModels({
        store,
        database,
        projections: database.projections,
        names,
        onProgress: ({ events, head }) => {
          progress.total = head;
          progress.update(events);
        },
      });
      progress.done(report.events);
      process.stdout.write(
        `${JSON.stringify({ ...report, eventsPerSecond: Math.round(report.eventsPerSecond) })}\n`,
      );
      process.stderr.write(
        `Rebuilt ${report.rebuilt.join(', ')} from ${report.events.toLocaleString('en-GB')} events in ${report.seconds.toFixed(1)} s (${Math.round(report.eventsPerSecond).toLocaleString('en-GB')} events/s); running servers switch to ${report.file} within a second\n`,
      );
    });
  });

program
  .command('replay')
  .description('Print a stream or a read model as it stood at a global position or an instant')
  .requiredOption(
    '--to <position|time>',
    'a global position, or a date or ISO 8601 instant (as recorded by then)',
  )
  .option('--stream <id>', 'a stream, folded by its own rules')
  .addOption(
    new Option('--read-model <name>', 'a read model, rebuilt in memory up to that point').choices(
      READ_MODELS,
    ),
  )
  .action(async (options: { to: string; stream?: string; readModel?: string }) => {
    const point = replayPointOf(options.to);
    if (!options.stream === !options.readModel) {
      throw new InvalidInputError(
        'stream',
        'streamOrReadModel',
        'Name either --stream or --read-model',
      );
    }
    await withCore(async (core) => {
      const store = core.get<EventStore>(EVENT_STORE);
      if (options.stream) {
        const replayed = await replayStream(store, options.stream, point);
        return void process.stdout.write(`${JSON.stringify(replayed, null, 2)}\n`);
      }
      const projection = core
        .get(ReadModelDatabase)
        .projections.find((p) => p.name === options.readModel)!;
      process.stdout.write(
        `${JSON.stringify(await replayReadModel(store, projection, point), null, 2)}\n`,
      );
    });
  });

/** Every stored event, a page at a time, in global order. */
async function* pagesOf(store: EventStore, size = 5000): AsyncGenerator<RecordedEvent[]> {
  for (let after = 0; ;) {
    const page = await store.readAll({ after, maxCount: size });
    if (page.length > 0) yield page;
    if (page.length < size) return;
    after = page[page.length - 1].position;
  }
}

/** An unknown subcommand is named with those there are (commander would only suggest one). */
function namingCommandsWhenUnknown(command: Command): void {
  if (command.commands.length === 0) return;
  command.on('command:*', ([name]: string[]) =>
    command.error(
      `unknown command '${name}'; ${command.parent ? `${command.name()} ` : ''}commands: ${command.commands.map((sub) => sub.name()).join(', ')}`,
      { code: 'commander.unknownCommand' },
    ),
  );
  command.commands.forEach(namingCommandsWhenUnknown);
}
namingCommandsWhenUnknown(program);

/** Stack traces only when debugging: a user is told what went wrong, in one line. */
const debugging =
  Boolean(process.env.DEBUG) || ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');

/** 0 for help; 2 for a usage error (commander's, bad input, configuration); 1 for a failure. */
function exitStatusOf(error: unknown): number {
  // Commander has printed its message (or the help) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const usage = error instanceof ConfigError || error instanceof DomainError;
  const message = error instanceof Error ? error.message : String(error);
  const detail = debugging && error instanceof Error && !usage ? error.stack : message;
  process.stderr.write(`tracker: ${detail}\n`);
  return usage ? 2 : 1;
}

program.parseAsync(process.argv).catch((error: unknown) => process.exit(exitStatusOf(error)));
