import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext, isoDate, readReferenceData, seedContext } from '@app/kernel';
import type { RecommendationCommand } from '../domain/decide';
import { AcceptanceDecision, RolloutScope } from '../domain/recommendation.events';
import { Stage } from '../domain/stage';
import { ChangeRecommendation } from '../lifecycle/change-recommendation.command';
import { ShippedRecommendation, ShippedRecommendations } from '../shipped-recommendations';

interface ShippedProgramme {
  id: string;
  areas?: string[];
  pilotAreas?: string[];
  waves?: Record<string, { areas: string[] }>;
}

/** Funding the shipped programme facts state in figures (reference-data/programmes.json). */
const FUNDING_BY_PROGRAMME: Record<
  string,
  { amountPence: number; fundingSource: string; periodStart: string; periodEnd: string }
> = {
  // "over GBP 45m July 2023 to March 2025"
  'families-first-for-children': {
    amountPence: 45_000_000_00,
    fundingSource: 'Department for Education',
    periodStart: '2023-07-01',
    periodEnd: '2025-03-31',
  },
  // "GBP 3.46m programme funding across 2024-25 and 2025-26"
  'regional-care-cooperatives': {
    amountPence: 3_460_000_00,
    fundingSource: 'Department for Education',
    periodStart: '2024-04-01',
    periodEnd: '2026-03-31',
  },
};

const PATH: readonly Stage[] = [Stage.ACCEPTED, Stage.FUNDED, Stage.PILOTED, Stage.ROLLED_OUT];

export interface SeedReport {
  recommendations: number;
  eventsWritten: number;
}

/**
 * Loads the shipped recommendations, replaying each one's dated known history as events with
 * those business dates. Steps the lifecycle requires but the sources do not date are recorded
 * on the date of the documented step that implies them, and say so in their reason. Command
 * ids are fixed per step, so seeding twice writes nothing new.
 */
@Injectable()
export class RecommendationSeeder {
  private readonly programmes: ReadonlyMap<string, ShippedProgramme>;

  constructor(
    private readonly commands: CommandBus,
    private readonly shipped: ShippedRecommendations,
  ) {
    const data = JSON.parse(readReferenceData('programmes.json')) as {
      programmes: ShippedProgramme[];
    };
    this.programmes = new Map(data.programmes.map((programme) => [programme.id, programme]));
  }

  async seed(now: Date): Promise<SeedReport> {
    let eventsWritten = 0;
    for (const recommendation of this.shipped.recommendations) {
      for (const step of this.stepsOf(recommendation, now)) {
        const result = await this.commands.execute(
          new ChangeRecommendation(step.command, step.context),
        );
        if (!result.duplicate) eventsWritten++;
      }
    }
    return { recommendations: this.shipped.recommendations.length, eventsWritten };
  }

  private stepsOf(
    recommendation: ShippedRecommendation,
    now: Date,
  ): { command: RecommendationCommand; context: CommandContext }[] {
    const history = recommendation.knownHistory ?? [];
    const context = (stage: Stage, on: string, reason: string): CommandContext =>
      seedContext(`${recommendation.id}:${stage}`, on, reason);
    const proposedOn = history[0]?.on ?? isoDate(now);
    const steps: { command: RecommendationCommand; context: CommandContext }[] = [
      {
        command: {
          kind: 'ProposeRecommendation',
          id: recommendation.id,
          title: recommendation.title,
          summary: null,
          source: { name: recommendation.source, url: null },
          theme: recommendation.theme,
          owner: null,
        },
        context: context(
          Stage.PROPOSED,
          proposedOn,
          `Loaded from the shipped reference data (${recommendation.source})`,
        ),
      },
    ];
    let reached = 0;
    for (const known of history) {
      const target = PATH.indexOf(known.stage);
      for (; reached <= target; reached++) {
        const stage = PATH[reached];
        const documented = stage === known.stage;
        const reason = documented
          ? (known.note ?? `Documented in ${recommendation.source}`)
          : `Implied by the documented ${known.stage} on ${known.on}; not dated separately in the shipped sources`;
        steps.push({
          command: this.commandFor(recommendation, stage, known.on, documented),
          context: context(stage, known.on, reason),
        });
      }
    }
    return steps;
  }

  private commandFor(
    recommendation: ShippedRecommendation,
    stage: Stage,
    on: string,
    documented: boolean,
  ): RecommendationCommand {
    const { id } = recommendation;
    const programme = recommendation.programme
      ? this.programmes.get(recommendation.programme)
      : undefined;
    switch (stage) {
      case Stage.ACCEPTED:
        return {
          kind: 'AcceptRecommendation',
          id,
          decision: documented
            ? AcceptanceDecision.ACCEPTED_IN_FULL
            : AcceptanceDecision.ACCEPTED_IN_PRINCIPLE,
        };
      case Stage.FUNDED:
        return {
          kind: 'FundRecommendation',
          id,
          ...(FUNDING_BY_PROGRAMME[programme?.id ?? ''] ?? {
            amountPence: null,
            fundingSource: 'Not recorded in the shipped sources',
            periodStart: null,
            periodEnd: null,
          }),
        };
      case Stage.PILOTED:
        return {
          kind: 'StartPilot',
          id,
          areas: programme?.waves?.['1']?.areas ?? programme?.pilotAreas ?? programme?.areas ?? [],
          startDate: on,
          plannedEndDate: null,
        };
      case Stage.ROLLED_OUT:
        return {
          kind: 'RollOutRecommendation',
          id,
          scope: RolloutScope.NATIONAL,
          areas: [],
          rolloutDate: on,
        };
      default:
        throw new Error(`The seed cannot step to ${stage}`);
    }
  }
}
