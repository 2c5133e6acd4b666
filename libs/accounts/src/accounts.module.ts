import { Global, Module } from '@nestjs/common';
import { AccountActors } from '@app/access';
import { AccountDirectory } from './account';
import { DirectoryAccountActors } from './account-actors';
import { AccountsResolver } from './graphql/accounts.resolver';
import { ChangeAccountHandler } from './change-account/change-account.handler';
import { AccountsReadModel } from './read-model/accounts.read-model';
import { StoreAccountDirectory } from './store-account-directory';

/** The accounts context: people who sign in. Expects EVENT_STORE, Clock and the areas context. */
@Global()
@Module({
  providers: [
    { provide: AccountDirectory, useClass: StoreAccountDirectory },
    { provide: AccountActors, useClass: DirectoryAccountActors },
    ChangeAccountHandler,
    AccountsReadModel,
    AccountsResolver,
  ],
  exports: [AccountDirectory, AccountActors, AccountsReadModel],
})
export class AccountsModule {}
