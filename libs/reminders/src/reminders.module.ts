import { Module } from '@nestjs/common';
import { DigestSender } from './send/digest-sender';
import { ReminderScheduler } from './send/reminder-scheduler';

/**
 * Digests of milestones mailed to people. Expects from the core: the accounts' directory, the
 * rollout's roll-ups, a Mailer, the record of digests (DigestsSent), REMINDER_SETTINGS, Clock.
 */
@Module({
  providers: [DigestSender, ReminderScheduler],
  exports: [DigestSender],
})
export class RemindersModule {}
