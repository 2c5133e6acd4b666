export * from './account';
export * from './accounts.module';
export {
  accountIdFor,
  ACCOUNT_STREAM_PREFIX,
  brokenEmailRule,
  normalisedEmail,
  DigestChoiceBy,
  EMAIL_CLAIM_STREAM_PREFIX,
  type AccountDetails,
  type AccountEvent,
  type EmailClaimEvent,
} from './domain/account';
export type { AccountCommand } from './domain/decide';
export { MAY_MANAGE_ACCOUNTS } from './domain/policy';
export * from './change-account/change-account.command';
export { accountsProjection } from './read-model/accounts.projection';
export * from './read-model/accounts.read-model';
