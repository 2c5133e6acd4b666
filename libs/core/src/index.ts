export * from './config';
export * from './core.module';
export * from './event-store.factory';
export * from './seed';
