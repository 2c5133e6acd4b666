import type { INestApplicationContext } from '@nestjs/common';
import type { Command } from 'commander';
import { type DigestOutcome, DigestSender } from '@app/reminders';

type WithCore = <T>(work: (core: INestApplicationContext) => Promise<T> | T) => Promise<T>;

const milestones = (count: number): string =>
  `${count} ${count === 1 ? 'milestone' : 'milestones'}`;

/** What became of one person's digest, in words. */
export function outcomeWords(outcome: DigestOutcome): string {
  switch (outcome.outcome) {
    case 'SENT':
      return `sent: ${milestones(outcome.milestones)}${(outcome.attempt ?? 1) > 1 ? ` (attempt ${outcome.attempt}, under the same Message-ID)` : ''}`;
    case 'WOULD_SEND':
      return `would send: ${milestones(outcome.milestones)}`;
    case 'NOTHING_TO_REPORT':
      return 'nothing to report: no mail, recorded';
    case 'WOULD_RECORD_NOTHING':
      return 'nothing to report: would send no mail';
    case 'NOT_DUE':
      return 'not due yet (from 07:00 on Monday or the 1st)';
    case 'ALREADY_HANDLED':
      return outcome.detail
        ? `already handled: ${outcome.detail.toLowerCase().replace(/_/g, ' ')}`
        : 'already handled: sent, recorded with nothing to report, or being sent by another process';
    case 'FAILED':
      return `not sent: ${outcome.detail} (tried again once its claim expires)`;
  }
}

/** `tracker reminders send [--dry-run]`: the digests due now, as the server's schedule sends them. */
export function registerRemindersCommand(program: Command, withCore: WithCore): void {
  program
    .command('reminders')
    .description('Digests of milestones mailed to officers and board members')
    .command('send')
    .description(
      'Send the digests due now (each person once per period, whichever process sends it); one line per person',
    )
    .option('--dry-run', 'say who would get what, sending and recording nothing')
    .action(async (options: { dryRun?: boolean }) => {
      await withCore(async (core) => {
        const outcomes = await core.get(DigestSender).run({ dryRun: options.dryRun === true });
        for (const outcome of outcomes) {
          process.stdout.write(
            `${[outcome.email, outcome.role, outcome.cadence, outcome.period ?? '-', outcomeWords(outcome)].join('\t')}\n`,
          );
        }
        const sent = outcomes.filter((outcome) => outcome.outcome === 'SENT').length;
        const failed = outcomes.filter((outcome) => outcome.outcome === 'FAILED').length;
        process.stderr.write(
          options.dryRun
            ? `Dry run: ${outcomes.filter((o) => o.outcome === 'WOULD_SEND').length} of ${outcomes.length} people would be mailed; nothing was sent or recorded\n`
            : `Sent ${sent} digests, looking at ${outcomes.length} people who want one${failed ? `; ${failed} failed` : ''}\n`,
        );
        if (failed) process.exitCode = 1;
      });
    });
}
