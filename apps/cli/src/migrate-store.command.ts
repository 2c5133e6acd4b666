import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync } from 'fs';
import { InvalidInputError } from '@app/kernel';
import { migrateStore, supportsImport, type EventStore } from '@app/event-store';
import { loadConfig, openEventStore, sqliteEventsFile, type EventStoreKind } from '@app/core';
import { ProgressLine } from './progress';

const KINDS: readonly EventStoreKind[] = ['sqlite', 'postgres', 'eventstoredb'];

const count = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('must be 1 or more');
  return parsed;
};

interface MigrateStoreOptions {
  from: EventStoreKind;
  to: EventStoreKind;
  batchSize: number;
  maxEvents?: number;
}

/** `tracker migrate-store`: every event, as recorded, from one kind of event store to another. */
export function registerMigrateStoreCommand(program: Command): void {
  program
    .command('migrate-store')
    .description(
      'Copy every event, as recorded (ids, versions, positions, recordedAt, metadata), from one event store to another; run again to resume',
    )
    .addOption(
      new Option('--from <kind>', 'the store to copy').choices(KINDS).makeOptionMandatory(),
    )
    .addOption(new Option('--to <kind>', 'the store to fill').choices(KINDS).makeOptionMandatory())
    .option('--batch-size <n>', 'events per transaction', count, 1000)
    .option('--max-events <n>', 'copy at most n events in this run (run again to go on)', count)
    .action((options: MigrateStoreOptions) => migrate(options));
}

async function migrate(options: MigrateStoreOptions): Promise<void> {
  if (options.from === options.to) {
    throw new InvalidInputError(
      'to',
      'otherStore',
      `--from and --to are both ${options.from}: the connection settings name one store`,
    );
  }
  // Each side's settings from the same variables as the server's (DATA_DIR, DATABASE_URL,
  // DATABASE_SCHEMA, EVENTSTOREDB_URL), checked before either store is opened. Read models
  // are not touched, so their settings are not asked for.
  const configOf = (kind: string) =>
    loadConfig({ ...process.env, EVENT_STORE: kind, READ_MODELS: 'sqlite' });
  const sourceConfig = configOf(options.from);
  const targetConfig = configOf(options.to);
  const sourceFile = sqliteEventsFile(sourceConfig.dataDir);
  if (options.from === 'sqlite' && !existsSync(sourceFile)) {
    throw new InvalidInputError('from', 'exists', `There is no event store at ${sourceFile}`);
  }
  const source = await openEventStore(sourceConfig);
  let target: EventStore | null = null;
  try {
    // Before the target is opened (a PostgreSQL schema is created on opening).
    if ((await source.headPosition()) === 0) {
      throw new InvalidInputError('from', 'notEmpty', `The ${options.from} store holds no events`);
    }
    target = await openEventStore(targetConfig);
    if (!supportsImport(target)) {
      throw new InvalidInputError(
        'to',
        'importable',
        `The ${options.to} store cannot import events`,
      );
    }
    if (!target.importKeepsPositions) {
      process.stderr.write(
        `Note: ${options.to} assigns global positions itself; the copy keeps every event's order, id, version and recordedAt, but seals recorded positions of the source, so tracker verify on it will report them as SEAL_MISMATCH (see the README)\n`,
      );
    }
    const checked = new ProgressLine('checked in the target', process.stderr, 'events');
    const copying = new ProgressLine('copied', process.stderr, 'events');
    /** Where this run's copying starts, in the source's positions. */
    let from = 0;
    const started = Date.now();
    const report = await migrateStore({
      source,
      target,
      batchSize: options.batchSize,
      maxEvents: options.maxEvents,
      onProgress: ({ phase, alreadyCopied, copied, position, head }) => {
        if (phase === 'checking') {
          from = position;
          return checked.update(alreadyCopied);
        }
        // Positions may have gaps (EventStoreDB's are bytes of its log): the share of them
        // covered so far estimates how many events this run has to copy.
        copying.total = Math.round((copied * (head - from)) / Math.max(position - from, 1));
        copying.update(copied);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    const events = report.alreadyCopied + report.copied;
    if (report.alreadyCopied > 0) checked.done(report.alreadyCopied);
    if (report.copied > 0) copying.done(report.copied);
    process.stdout.write(
      `${JSON.stringify({ ...report, seconds, eventsPerSecond: Math.round(report.copied / Math.max(seconds, 0.001)) })}\n`,
    );
    const found = `${report.alreadyCopied.toLocaleString('en-GB')} already there`;
    if (report.copied === 0 && report.complete) {
      process.stderr.write(
        `The ${options.to} store already holds every event of the ${options.from} store (${events.toLocaleString('en-GB')} events, up to position ${report.head}): nothing to copy\n`,
      );
    } else {
      process.stderr.write(
        `Copied ${report.copied.toLocaleString('en-GB')} events (${found}) from ${options.from} to ${options.to} in ${seconds.toFixed(1)} s; ${report.complete ? `complete up to position ${report.head}` : `stopped at position ${report.position} of ${report.head}: run again to go on`}\n`,
      );
    }
  } finally {
    await Promise.all([source.close(), target?.close()]);
  }
}
