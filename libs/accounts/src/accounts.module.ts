import { Global, Module } from '@nestjs/common';
import { AccountActors } from '@app/access';
import { AccountDirectory } from './account';
import { DirectoryAccountActors } from './account-actors';
import { ChangeAccountHandler } from './change-account/change-account.handler';
import { StoreAccountDirectory } from './store-account-directory';

/** The accounts context: people who sign in. Expects EVENT_STORE, Clock and the areas context. */
@Global()
@Module({
  providers: [
    { provide: AccountDirectory, useClass: StoreAccountDirectory },
    { provide: AccountActors, useClass: DirectoryAccountActors },
    ChangeAccountHandler,
  ],
  exports: [AccountDirectory, AccountActors],
})
export class AccountsModule {}
