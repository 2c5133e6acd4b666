export * from './actor';
export * from './clock';
export * from './domain-error';
export * from './event-metadata';
export * from './reference-data';
export * from './csv';
export * from './validation';
