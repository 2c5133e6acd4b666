export * from './domain/digest';
export * from './domain/digest-mail';
export * from './domain/escalation';
export * from './domain/period';
export * from './domain/unsubscribe';
