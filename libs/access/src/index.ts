export * from './access.guard';
export * from './roles';
export * from './token-register';
export * from './who-am-i.resolver';
