import { csvHeader, csvRow, readReferenceData } from '@app/kernel';
import { sourceKindOf, type ShippedSource } from '@app/sources';
import { ResponseDecision } from '../domain/recommendation.events';
import { stepsOf } from '../seed/seed-plan';
import type { ShippedRecommendation } from '../shipped-recommendations';
import {
  RECOMMENDATION_CSV_COLUMNS,
  SOURCE_CSV_COLUMNS,
  sourceKindWords,
  THEME_SEPARATOR,
} from './register-csv';
import { RESPONSE_WORDS } from './register-entries';

/** A file to download: its name, type and text. */
export interface RegisterTemplate {
  filename: string;
  contentType: string;
  body: string;
}

export const REGISTER_TEMPLATE_NAMES = ['sources.csv', 'recommendations.csv', 'register.json'];

/**
 * The worked examples: two shipped recommendations and their sources, so that a template sent
 * back as it is imports onto an empty register and changes nothing on the shipped one.
 */
const EXAMPLE_RECOMMENDATIONS = ['CSC-NIB', 'CSC-FAMILY-HUBS'];

/** The government's decision in the words the CSV's response column takes. */
const RESPONSE_WORDS_OF: Record<ResponseDecision, string> = {
  [ResponseDecision.ACCEPTED_IN_FULL]: RESPONSE_WORDS[0],
  [ResponseDecision.ACCEPTED_IN_PART]: RESPONSE_WORDS[1],
  [ResponseDecision.ACCEPTED_IN_PRINCIPLE]: RESPONSE_WORDS[2],
  [ResponseDecision.REJECTED]: RESPONSE_WORDS[3],
  [ResponseDecision.NOTED]: RESPONSE_WORDS[4],
  [ResponseDecision.UNDER_CONSIDERATION]: RESPONSE_WORDS[5],
};

function examples(): { sources: ShippedSource[]; recommendations: ShippedRecommendation[] } {
  const { sources } = JSON.parse(readReferenceData('sources.json')) as {
    sources: ShippedSource[];
  };
  const recommendations = (
    JSON.parse(readReferenceData('recommendations.json')) as {
      recommendations: ShippedRecommendation[];
    }
  ).recommendations.filter((recommendation) => EXAMPLE_RECOMMENDATIONS.includes(recommendation.id));
  const used = new Set(recommendations.map((recommendation) => recommendation.sourceId));
  return { sources: sources.filter((source) => used.has(source.id)), recommendations };
}

/** The template of that name, with a header row and worked examples from the shipped data. */
export function registerTemplate(name: string): RegisterTemplate | null {
  const { sources, recommendations } = examples();
  switch (name) {
    case 'sources.csv':
      return csvFile(name, [
        csvHeader([...SOURCE_CSV_COLUMNS.required, ...SOURCE_CSV_COLUMNS.optional]),
        ...sources.map((source) =>
          csvRow([
            source.id,
            sourceKindWords(sourceKindOf(source.kind)),
            source.title,
            source.publisher,
            source.publishedOn,
            source.themes.join(`${THEME_SEPARATOR} `),
            source.url,
          ]),
        ),
      ]);
    case 'recommendations.csv':
      return csvFile(name, [
        csvHeader([...RECOMMENDATION_CSV_COLUMNS.required, ...RECOMMENDATION_CSV_COLUMNS.optional]),
        ...recommendations.map((recommendation) => {
          const themes = sources.find((source) => source.id === recommendation.sourceId)?.themes;
          // The rows the seed plan makes of the shipped entry, so the example matches the register.
          const steps = stepsOf(recommendation, themes ?? [], undefined);
          const proposal = steps[0].command;
          const response = steps.find(
            (step) => step.command.kind === 'RecordGovernmentResponse',
          )?.command;
          const answered = response?.kind === 'RecordGovernmentResponse' ? response : null;
          return csvRow([
            recommendation.id,
            recommendation.sourceId,
            proposal.kind === 'ProposeRecommendation' ? proposal.theme : null,
            recommendation.title,
            recommendation.proposedOn,
            null,
            answered ? RESPONSE_WORDS_OF[answered.decision] : null,
            answered?.respondedOn,
            answered?.evidenceUrl,
            answered?.note,
          ]);
        }),
      ]);
    case 'register.json':
      return {
        filename: name,
        contentType: 'application/json; charset=utf-8',
        body: `${JSON.stringify({ sources, recommendations }, null, 2)}\n`,
      };
    default:
      return null;
  }
}

const csvFile = (filename: string, lines: string[]): RegisterTemplate => ({
  filename,
  contentType: 'text/csv; charset=utf-8',
  body: lines.join(''),
});
