export * from './local-authorities';
export * from './areas.module';
