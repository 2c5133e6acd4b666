export * from './access.guard';
export * from './roles';
export * from './token-register';
