import type { RecommendationCommand } from '../domain/decide';
import {
  AcceptanceDecision,
  ResponseDecision,
  RolloutScope,
} from '../domain/recommendation.events';
import { FORWARD_PATH, Stage, stageList, stagesSkipped } from '../domain/stage';
import type { ShippedRecommendation, ShippedStep } from '../shipped-recommendations';

/** What the seeder reads of a shipped programme: where its pilots ran. */
export interface ShippedProgramme {
  id: string;
  areas?: string[];
  pilotAreas?: string[];
  waves?: Record<string, { areas: string[] }>;
}

/** One command of the seed, with the date, reason and fixed id of its envelope. */
export interface SeedStep {
  commandId: string;
  on: string;
  reason: string;
  command: RecommendationCommand;
}

/**
 * The government's decision in the data's words, as the register's decision. Checked in this
 * order, since "accepted in part: to be tested" is in part, not in principle.
 */
export function responseDecisionOf(words: string): ResponseDecision {
  const text = words.toLowerCase();
  if (text.startsWith('rejected')) return ResponseDecision.REJECTED;
  if (text.startsWith('noted')) return ResponseDecision.NOTED;
  if (text.includes('under consideration')) return ResponseDecision.UNDER_CONSIDERATION;
  if (text.includes('in part') || text.includes('with changes'))
    return ResponseDecision.ACCEPTED_IN_PART;
  if (text.includes('in principle') || text.includes('to be tested'))
    return ResponseDecision.ACCEPTED_IN_PRINCIPLE;
  if (text.startsWith('accepted') || text === 'government commitment')
    return ResponseDecision.ACCEPTED_IN_FULL;
  throw new Error(`The shipped data has a decision the register does not know: "${words}"`);
}

/** An acceptance step's decision: the government's own commitments are accepted in full. */
function acceptanceOf(words: string | undefined): AcceptanceDecision {
  const decision = responseDecisionOf(words ?? 'accepted');
  if (decision in AcceptanceDecision) return decision as unknown as AcceptanceDecision;
  throw new Error(`An acceptance step cannot record "${words}"`);
}

/**
 * The theme a shipped recommendation has in its own source: the source's chapter where the data
 * gives one, else the product's theme if the source lists it, else none.
 */
export function themeInSource(
  recommendation: ShippedRecommendation,
  sourceThemes: readonly string[],
): string | null {
  if (recommendation.sourceTheme) return recommendation.sourceTheme;
  return sourceThemes.includes(recommendation.theme) ? recommendation.theme : null;
}

/**
 * Every command that loads one shipped recommendation, in order: its proposal, the government's
 * response, and its dated public record. A step past stages the record does not date skips them
 * and says so; nothing is invented in between. Pure.
 */
export function stepsOf(
  recommendation: ShippedRecommendation,
  sourceThemes: readonly string[],
  programme: ShippedProgramme | undefined,
): SeedStep[] {
  const { id } = recommendation;
  const steps: SeedStep[] = [
    {
      commandId: `${id}:${Stage.PROPOSED}`,
      on: recommendation.proposedOn,
      reason: `Made in ${recommendation.source}`,
      command: {
        kind: 'ProposeRecommendation',
        id,
        title: recommendation.title,
        summary: null,
        sourceId: recommendation.sourceId,
        theme: themeInSource(recommendation, sourceThemes),
        owner: null,
      },
    },
  ];
  const response = recommendation.governmentResponse;
  const responseStep: SeedStep[] = response
    ? [
        {
          commandId: `${id}:RESPONSE:${response.on}`,
          on: response.on,
          reason: "The government's response on the public record",
          command: {
            kind: 'RecordGovernmentResponse',
            id,
            decision: responseDecisionOf(response.decision),
            respondedOn: response.on,
            evidenceUrl: response.url,
            note: response.note ? `${response.decision}: ${response.note}` : response.decision,
          },
        },
      ]
    : [];
  let stage: Stage = Stage.PROPOSED;
  for (const known of recommendation.knownHistory ?? []) {
    // The response goes in on its date, before the first step dated after it.
    if (responseStep.length && known.on > responseStep[0].on) steps.push(...responseStep.splice(0));
    const skipped = stagesSkipped(stage, known.stage) ?? [];
    const note = known.note ?? `On the public record (${known.evidence})`;
    const period = known.period ? ` Period: ${known.period}.` : '';
    steps.push({
      commandId: `${id}:${known.stage}`,
      on: known.on,
      reason: skipped.length
        ? `No dated public fact exists for ${stageList(skipped)}. ${note}${period}`
        : `${note}${period}`,
      command: commandFor(id, known, programme),
    });
    stage = known.stage;
  }
  steps.push(...responseStep);
  return steps;
}

function commandFor(
  id: string,
  known: ShippedStep,
  programme: ShippedProgramme | undefined,
): RecommendationCommand {
  const evidenceUrl = known.evidence;
  switch (known.stage) {
    case Stage.ACCEPTED:
      return {
        kind: 'AcceptRecommendation',
        id,
        evidenceUrl,
        decision: acceptanceOf(known.decision),
      };
    case Stage.REJECTED:
      return { kind: 'RejectRecommendation', id, evidenceUrl };
    case Stage.FUNDED:
      return {
        kind: 'FundRecommendation',
        id,
        evidenceUrl,
        amountPence: known.amountPence ?? null,
        fundingSource: known.fundingSource ?? 'Not named in the public record',
        // The data gives periods in words ("2022/23"); they go in the reason, not as dates.
        periodStart: null,
        periodEnd: null,
      };
    case Stage.PILOTED:
      return {
        kind: 'StartPilot',
        id,
        evidenceUrl,
        areas:
          known.areas ??
          programme?.waves?.['1']?.areas ??
          programme?.pilotAreas ??
          programme?.areas ??
          [],
        startDate: known.start ?? known.on,
        plannedEndDate: known.plannedEnd ?? null,
      };
    case Stage.ROLLED_OUT: {
      const areas = known.scope === 'national' ? [] : (known.areas ?? []);
      return {
        kind: 'RollOutRecommendation',
        id,
        evidenceUrl,
        scope: areas.length ? RolloutScope.AREAS : RolloutScope.NATIONAL,
        areas,
        rolloutDate: known.on,
      };
    }
    default:
      throw new Error(
        `The seed cannot step ${id} to ${known.stage}: the record moves along ${FORWARD_PATH.join(', ')} or to REJECTED`,
      );
  }
}
