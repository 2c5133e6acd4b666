export * from './event-store.contract';
export * from './multi-stream-append.contract';
export * from './event-import.contract';
export * from './seal-record.contract';
