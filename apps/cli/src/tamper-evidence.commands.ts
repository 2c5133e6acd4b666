import type { INestApplicationContext } from '@nestjs/common';
import { Command, InvalidArgumentError } from 'commander';
import { AuditSealer, AuditTrailVerifier, type AuditVerification } from '@app/audit';

type WithCore = <T>(work: (core: INestApplicationContext) => Promise<T> | T) => Promise<T>;

const SEAL_HASH = /^[0-9a-f]{64}$/i;

const sealHash = (value: string, previous: string[] = []): string[] => {
  if (!SEAL_HASH.test(value)) throw new InvalidArgumentError('must be a 64-digit hex seal hash');
  return [...previous, value.toLowerCase()];
};

const count = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be 1 or more');
  return parsed;
};

/** `tracker verify` and `tracker seal`: the store's tamper evidence, from the command line. */
export function registerTamperEvidenceCommands(program: Command, withCore: WithCore): void {
  program
    .command('verify')
    .description(
      "Check every event's hash chain and every seal; exit 0 when intact, 1 naming each problem (stream, position, kind)",
    )
    .option(
      '--expect-seal <hash>',
      'a seal hash published outside the store, which must be in it intact (repeatable)',
      sealHash,
    )
    .option('--max-problems <n>', 'problems listed in full (all are counted)', count, 100)
    .option('--json', 'print the report as JSON')
    .action(async (options: { expectSeal?: string[]; maxProblems: number; json?: boolean }) => {
      const report = await withCore((core) =>
        core
          .get(AuditTrailVerifier)
          .verify({ expectSeals: options.expectSeal ?? [], maxProblems: options.maxProblems }),
      );
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : verificationText(report),
      );
      if (!report.ok) process.exitCode = 1;
    });

  program
    .command('seal')
    .description(
      'Seal the audit trail now; prints the seal hash and its position, to publish outside the store',
    )
    .action(async () => {
      const outcome = await withCore((core) =>
        core.get(AuditSealer).seal('Sealed on request (tracker seal)'),
      );
      const { seal } = outcome;
      if (!seal) return void process.stderr.write('The store is empty: nothing to seal\n');
      process.stdout.write(`${seal.hash}\t${seal.position}\n`);
      process.stderr.write(
        outcome.created
          ? `Sealed: seal ${seal.number} at position ${seal.position} covers every event up to position ${seal.sealedUpTo} (${seal.streamsChanged} of ${seal.streamCount} streams changed since the previous seal)\n`
          : `Nothing new since seal ${seal.number} at position ${seal.position} (covering up to ${seal.sealedUpTo}): printed it again\n`,
      );
    });
}

/** The report for a terminal: a summary, then one line per problem. */
export function verificationText(report: AuditVerification): string {
  const recorded =
    report.sealRecordEntries > 0
      ? `${report.sealRecordEntries} in the seal record`
      : 'no seal record: only --expect-seal shows the newest seals removed';
  const seals = report.lastSeal
    ? `${report.sealsChecked} seals, the last at position ${report.lastSeal.position} covering up to ${report.lastSeal.sealedUpTo} (hash ${report.lastSeal.hash}; ${recorded})`
    : 'no seals';
  const unchained =
    report.unchainedEvents > 0
      ? `; ${report.unchainedEvents} events from before tamper evidence`
      : '';
  const lines = [
    `${report.ok ? 'Audit trail intact' : `Audit trail DAMAGED: ${report.problemCount} problem(s)`}: ${report.eventsChecked} events in ${report.streamsChecked} streams checked up to position ${report.checkedUpTo}; ${seals}${unchained}`,
    ...report.problems.map(
      (problem) =>
        `${problem.kind.padEnd(14)} ${problem.streamId}  position ${problem.position ?? '-'}  version ${problem.version ?? '-'}: ${problem.message}`,
    ),
  ];
  if (report.problemCount > report.problems.length) {
    lines.push(`... and ${report.problemCount - report.problems.length} more`);
  }
  return `${lines.join('\n')}\n`;
}
