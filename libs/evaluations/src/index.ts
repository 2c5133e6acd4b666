export * from './domain/evaluation';
export { MAY_RECORD_EVALUATIONS } from './domain/policy';
export * from './record-evaluation/change-evaluation.command';
export { evaluationsProjection } from './read-model/evaluations.projection';
export * from './read-model/evaluations.read-model';
export * from './evaluations.module';
export * from './seed/evaluation-seeder';
