import { Injectable } from '@nestjs/common';
import { EvaluationsReadModel } from '@app/evaluations';
import { Clock, type TimeSlice } from '@app/kernel';
import { RecommendationQueries } from '@app/recommendations';
import { ProgrammeRollups, rolloutRowOf } from '@app/rollout';
import { PublicHistory } from '../public-view/public-history';
import type { DataFile, Stamp } from './data-file';
import {
  AREA_ROLLOUTS_FILE,
  EVALUATIONS_FILE,
  evaluationRowOf,
  HISTORY_FILE,
  PROGRAMME_FACTS_FILE,
  programmeFactRowsOf,
  PROGRAMMES_FILE,
  programmeRowOf,
  REGISTER_FILE,
  registerRowOf,
} from './open-data-files';

export interface Download {
  file: DataFile<unknown>;
  rows: AsyncIterable<unknown>;
}

/** The rows of each download in a slice, from the contexts' query services. */
@Injectable()
export class OpenData {
  constructor(
    private readonly recommendations: RecommendationQueries,
    private readonly rollups: ProgrammeRollups,
    private readonly history: PublicHistory,
    private readonly evaluations: EvaluationsReadModel,
    private readonly clock: Clock,
  ) {}

  /** A file's stamp: the slice's asOf, or now, and the store position the file reflects. */
  stampOf(slice: TimeSlice, storePosition: number): Stamp {
    return {
      asOf: slice.asOf ?? this.clock.now().toISOString(),
      validAt: slice.validAt,
      storePosition,
    };
  }

  /** The file named and its rows in a slice, or null for a name no file has. */
  download(name: string, slice: TimeSlice, stamp: Stamp): Download | null {
    switch (name) {
      case REGISTER_FILE.name:
        return { file: REGISTER_FILE, rows: this.register(slice) };
      case PROGRAMMES_FILE.name:
        return { file: PROGRAMMES_FILE, rows: this.programmes(slice) };
      case PROGRAMME_FACTS_FILE.name:
        return { file: PROGRAMME_FACTS_FILE, rows: this.programmeFacts(slice) };
      case AREA_ROLLOUTS_FILE.name:
        return { file: AREA_ROLLOUTS_FILE, rows: this.areaRollouts(slice, stamp.asOf) };
      case EVALUATIONS_FILE.name:
        return { file: EVALUATIONS_FILE, rows: this.evaluationRows(slice) };
      case HISTORY_FILE.name:
        return { file: HISTORY_FILE, rows: this.history.entries({}, slice) };
      default:
        return null;
    }
  }

  private async *register(slice: TimeSlice) {
    for (const state of await this.recommendations.all(slice))
      yield registerRowOf(state, await this.recommendations.sourceOf(state));
  }

  private async *programmes(slice: TimeSlice) {
    for (const programme of await this.rollups.programmesIn(slice)) {
      yield programmeRowOf(programme, await this.rollups.rollup(programme, slice));
    }
  }

  private async *programmeFacts(slice: TimeSlice) {
    for (const programme of await this.rollups.programmesIn(slice)) {
      const { facts, nationalMilestones } = await this.rollups.factsIn(programme, slice);
      yield* programmeFactRowsOf(programme, facts, nationalMilestones);
    }
  }

  private async *evaluationRows(slice: TimeSlice) {
    for (const evaluation of await this.evaluations.listIn({}, slice)) {
      yield evaluationRowOf(evaluation);
    }
  }

  private async *areaRollouts(slice: TimeSlice, asOf: string) {
    for (const programme of await this.rollups.programmesIn(slice)) {
      const { areas } = await this.rollups.rollup(programme, slice);
      for (const area of areas) yield rolloutRowOf(programme, area, asOf);
    }
  }
}
