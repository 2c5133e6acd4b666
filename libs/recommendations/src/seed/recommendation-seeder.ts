import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext, readReferenceData, seedContext, SourceCatalogue } from '@app/kernel';
import { ChangeRecommendation } from '../lifecycle/change-recommendation.command';
import { ShippedRecommendations } from '../shipped-recommendations';
import { ShippedProgramme, stepsOf } from './seed-plan';

export interface SeedReport {
  recommendations: number;
  eventsWritten: number;
}

/**
 * Loads the shipped recommendations: each is proposed on the day it was made under its source,
 * gets the government's response where one is on record, then replays its dated public record
 * step by step, each on its own date with its evidence. Command ids are fixed per step, so
 * seeding twice writes nothing new. Sources are seeded first (see seedShippedData).
 */
@Injectable()
export class RecommendationSeeder {
  private readonly programmes: ReadonlyMap<string, ShippedProgramme>;

  constructor(
    private readonly commands: CommandBus,
    private readonly shipped: ShippedRecommendations,
    private readonly sources: SourceCatalogue,
  ) {
    const data = JSON.parse(readReferenceData('programmes.json')) as {
      programmes: ShippedProgramme[];
    };
    this.programmes = new Map(data.programmes.map((programme) => [programme.id, programme]));
  }

  async seed(): Promise<SeedReport> {
    let eventsWritten = 0;
    for (const recommendation of this.shipped.recommendations) {
      const source = await this.sources.find(recommendation.sourceId);
      const programme = this.programmes.get(recommendation.programme ?? '');
      for (const step of stepsOf(recommendation, source?.themes ?? [], programme)) {
        const context: CommandContext = seedContext(step.commandId, step.on, step.reason);
        const result = await this.commands.execute(new ChangeRecommendation(step.command, context));
        if (!result.duplicate) eventsWritten++;
      }
    }
    return { recommendations: this.shipped.recommendations.length, eventsWritten };
  }
}
