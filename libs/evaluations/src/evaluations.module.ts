import { Module } from '@nestjs/common';
import { ChangeEvaluationHandler } from './record-evaluation/change-evaluation.handler';
import { EvaluationsResolver } from './graphql/evaluations.resolver';
import { EvaluationsReadModel } from './read-model/evaluations.read-model';
import { EvaluationSeeder } from './seed/evaluation-seeder';

/** The evaluations context: published findings on programmes and recommendations. Expects EVENT_STORE and Clock. */
@Module({
  providers: [ChangeEvaluationHandler, EvaluationsReadModel, EvaluationsResolver, EvaluationSeeder],
  exports: [EvaluationsReadModel, EvaluationSeeder],
})
export class EvaluationsModule {}
