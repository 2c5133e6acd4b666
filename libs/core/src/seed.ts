import type { INestApplicationContext } from '@nestjs/common';
import { AreaSeeder } from '@app/areas';
import { EvaluationSeeder } from '@app/evaluations';
import { RecommendationSeeder } from '@app/recommendations';
import { ProgrammeSeeder } from '@app/rollout';
import { SourceSeeder } from '@app/sources';

export interface ShippedDataReport {
  sources: number;
  recommendations: number;
  programmes: number;
  eventsWritten: number;
}

/**
 * Loads the shipped data in the order it depends on itself: sources, recommendations, then the
 * areas' reorganisations, then the programmes that name both, then the evaluations of either.
 * Safe to run again: it writes only what is missing.
 */
export async function seedShippedData(core: INestApplicationContext): Promise<ShippedDataReport> {
  const sources = await core.get(SourceSeeder).seed();
  const recommendations = await core.get(RecommendationSeeder).seed();
  const areas = await core.get(AreaSeeder).seed();
  const programmes = await core.get(ProgrammeSeeder).seed();
  const evaluations = await core.get(EvaluationSeeder).seed();
  return {
    sources: sources.sources,
    recommendations: recommendations.recommendations,
    programmes: programmes.programmes,
    eventsWritten:
      sources.eventsWritten +
      recommendations.eventsWritten +
      areas.eventsWritten +
      programmes.eventsWritten +
      evaluations.eventsWritten,
  };
}
