export * from './errors';
export * from './event-store.port';
export * from './projections/projection';
export * from './projections/projection-runner';
export * from './projections/read-model-database';
export * from './sqlite/sqlite-event-store';
export * from './stream-command';
