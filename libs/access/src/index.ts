export * from './access.guard';
export * from './history-scope';
export * from './live-connections';
export * from './postgres-token-register';
export * from './roles';
export * from './sqlite-token-register';
export * from './token-register';
export * from './who-am-i.resolver';
