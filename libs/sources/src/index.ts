export * from './domain/decide';
export * from './domain/policy';
export * from './domain/source.events';
export * from './domain/source.state';
export { foldStored as foldStoredSource } from './domain/recorded';
export * from './change-source/change-source.command';
export * from './sources.module';
export * from './store-source-catalogue';
