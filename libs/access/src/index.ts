export * from './access.guard';
export * from './live-connections';
export * from './postgres-token-register';
export * from './roles';
export * from './sessions/postgres-web-sessions';
export * from './sessions/sqlite-web-sessions';
export * from './sessions/web-sessions';
export * from './sqlite-token-register';
export * from './token-register';
export * from './who-am-i.resolver';
// The rule for who sees who did what and why is the kernel's, so that every context's history
// (and the platform's history entries) applies it without depending on access.
export { historyScopeOf, seesWhoAndWhy, type HistoryScope } from '@app/kernel';
export * from './account-actors';
export * from './security-log';
export * from './sign-in/postgres-security-log';
export * from './sign-in/postgres-sign-in-links';
export * from './sign-in/sign-in-limits';
export * from './sign-in/sign-in-links';
export * from './sign-in/sqlite-security-log';
export * from './sign-in/sqlite-sign-in-links';
export * from './postgres-access-tables';
export * from './single-secret';
export * from './sqlite-access-database';
