export * from './domain/area-rollout';
export * from './domain/programme';
export * from './domain/roll-up';
export * from './read-model/rollout.read-model';
export * from './rollout.module';
export * from './seed/programme-seeder';
