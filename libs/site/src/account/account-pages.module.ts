import { Module } from '@nestjs/common';
import { AccountTokensController } from './account-tokens.controller';

/** A person's own pages; the token register and security log come from CoreModule. */
@Module({ controllers: [AccountTokensController] })
export class AccountPagesModule {}
