export * from './account';
export * from './accounts.module';
export {
  accountIdFor,
  ACCOUNT_STREAM_PREFIX,
  DigestChoiceBy,
  type AccountDetails,
  type AccountEvent,
} from './domain/account';
export type { AccountCommand } from './domain/decide';
export { MAY_MANAGE_ACCOUNTS } from './domain/policy';
export * from './change-account/change-account.command';
