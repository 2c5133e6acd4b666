import { Module } from '@nestjs/common';
import { ReminderPreferencesController } from './reminder-preferences.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/**
 * The pages of the digests: a person's choice of how often, and the one-click unsubscribe
 * link's. The accounts' directory and command, and the record of digests, come from the core.
 */
@Module({ controllers: [ReminderPreferencesController, UnsubscribeController] })
export class ReminderPagesModule {}
