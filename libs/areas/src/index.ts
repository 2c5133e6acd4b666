export * from './local-authorities';
export * from './areas.module';
export * from './domain/area-succession';
export * from './domain/policy';
export * from './succession/area-successions';
export * from './record-area-succession/record-area-succession.command';
export * from './seed/area-seeder';
