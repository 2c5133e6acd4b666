export * from './domain/decide';
export * from './domain/recommendation.events';
export * from './domain/recommendation.state';
export * from './domain/stage';
export * from './read-model/recommendations.read-model';
export * from './recommendations.module';
export * from './seed/recommendation-seeder';
