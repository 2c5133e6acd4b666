import type { SecurityEvent } from '../security-log';

/** The security log's columns as both stores write them, emails lower-cased to be found again. */
export const SECURITY_LOG_COLUMNS = 'kind, method, account_id, email, client_address, detail';

export const securityLogValuesOf = (event: SecurityEvent) => [
  event.kind,
  event.method,
  event.accountId,
  event.email?.toLowerCase() ?? null,
  event.clientAddress,
  event.detail,
];
