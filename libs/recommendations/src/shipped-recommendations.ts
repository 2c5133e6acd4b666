import { readReferenceData } from '@app/kernel';
import { Stage } from './domain/stage';

/** One entry of reference-data/recommendations.json. */
export interface ShippedRecommendation {
  id: string;
  title: string;
  source: string;
  theme: string;
  programme?: string;
  knownHistory?: { stage: Stage; on: string; note?: string }[];
}

/** The review's themes and the recommendations shipped with the product. */
export class ShippedRecommendations {
  constructor(
    readonly themes: readonly string[],
    readonly recommendations: readonly ShippedRecommendation[],
  ) {}

  static load(): ShippedRecommendations {
    const data = JSON.parse(readReferenceData('recommendations.json')) as {
      themes: string[];
      recommendations: ShippedRecommendation[];
    };
    return new ShippedRecommendations(data.themes, data.recommendations);
  }
}
