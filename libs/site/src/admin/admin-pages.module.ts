import { Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { SecurityLogController } from './security-log.controller';

/** The pages for admins. The accounts, the areas and the security log come from CoreModule. */
@Module({ controllers: [AccountsController, SecurityLogController] })
export class AdminPagesModule {}
