import { readReferenceData } from '@app/kernel';
import { Stage } from './domain/stage';

/** One dated step of a shipped recommendation's public record (reference-data/recommendations.json). */
export interface ShippedStep {
  stage: Stage;
  on: string;
  /** The URL of the public record of the step. */
  evidence: string;
  note?: string;
  decision?: string;
  amountPence?: number;
  fundingSource?: string;
  /** The funding period in the source's words, e.g. "2022/23". */
  period?: string;
  areas?: string[];
  start?: string;
  plannedEnd?: string;
  scope?: string;
}

/** One entry of reference-data/recommendations.json. */
export interface ShippedRecommendation {
  id: string;
  title: string;
  /** The source in words (the document and where in it). */
  source: string;
  sourceId: string;
  proposedOn: string;
  /** One of the review's chapters, as the product used them before sources. */
  theme: string;
  /** The source's own chapter, where it is not the review. */
  sourceTheme?: string;
  programme?: string | null;
  governmentResponse?: { decision: string; on: string; url: string; note: string | null } | null;
  knownHistory?: ShippedStep[];
}

/** The recommendations shipped with the product. */
export class ShippedRecommendations {
  constructor(readonly recommendations: readonly ShippedRecommendation[]) {}

  static load(): ShippedRecommendations {
    const data = JSON.parse(readReferenceData('recommendations.json')) as {
      recommendations: ShippedRecommendation[];
    };
    return new ShippedRecommendations(data.recommendations);
  }
}
