import type { INestApplicationContext } from '@nestjs/common';
import { AreaSeeder } from '@app/areas';
import { EvaluationSeeder } from '@app/evaluations';
import { Clock } from '@app/kernel';
import { RecommendationSeeder } from '@app/recommendations';
import { ProgrammeSeeder } from '@app/rollout';

export interface ShippedDataReport {
  recommendations: number;
  programmes: number;
  eventsWritten: number;
}

/**
 * Loads the shipped data in the order it depends on itself: recommendations, then the areas'
 * reorganisations, then the programmes that name both, then the evaluations of either. Safe to run again: it writes only what
 * is missing.
 */
export async function seedShippedData(core: INestApplicationContext): Promise<ShippedDataReport> {
  const recommendations = await core.get(RecommendationSeeder).seed(core.get(Clock).now());
  const areas = await core.get(AreaSeeder).seed();
  const programmes = await core.get(ProgrammeSeeder).seed();
  const evaluations = await core.get(EvaluationSeeder).seed();
  return {
    recommendations: recommendations.recommendations,
    programmes: programmes.programmes,
    eventsWritten:
      recommendations.eventsWritten +
      areas.eventsWritten +
      programmes.eventsWritten +
      evaluations.eventsWritten,
  };
}
