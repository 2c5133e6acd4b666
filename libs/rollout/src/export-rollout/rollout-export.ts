import { Inject, Injectable } from '@nestjs/common';
import { AreaSuccessions, LocalAuthorityRegister } from '@app/areas';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { Clock, isoDate, notFound } from '@app/kernel';
import { RUN_PROJECTIONS } from '@app/recommendations';
import { areaRolloutStream } from '../domain/area-rollout';
import { programmeStream, ProgrammeState } from '../domain/programme';
import { areaRolloutFolder, foldProgramme } from '../domain/recorded';
import { ProgrammeRollup, rollUp } from '../domain/roll-up';
import { ProgrammeRollups } from '../programme-rollout/programme-rollups';
import { rolloutCsv } from './rollout-csv';

export interface RolloutExportFile {
  filename: string;
  csv: string;
  areas: number;
}

/** A programme's roll-up as a CSV file for board papers, stamped with the instant it was taken. */
@Injectable()
export class RolloutExport {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rollups: ProgrammeRollups,
    private readonly successions: AreaSuccessions,
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
    @Inject(RUN_PROJECTIONS) private readonly runProjections: boolean,
  ) {}

  async rolloutCsv(programmeId: string): Promise<RolloutExportFile> {
    const asOf = this.clock.now();
    const { programme, rollup } = this.runProjections
      ? await this.fromReadModel(programmeId)
      : await this.fromStore(programmeId, isoDate(asOf));
    return {
      filename: `rollout-${programme.id}-${isoDate(asOf)}.csv`,
      csv: rolloutCsv(programme, rollup.areas, asOf.toISOString()),
      areas: rollup.areas.length,
    };
  }

  private async fromReadModel(
    programmeId: string,
  ): Promise<{ programme: ProgrammeState; rollup: ProgrammeRollup }> {
    const programme = this.rollups.programme(programmeId);
    return { programme, rollup: await this.rollups.rollup(programme) };
  }

  /**
   * Without running projections (the CLI) the read model may be behind the store, so the
   * roll-up is folded from the programme's streams themselves: correct with or without a server.
   */
  private async fromStore(
    programmeId: string,
    today: string,
  ): Promise<{ programme: ProgrammeState; rollup: ProgrammeRollup }> {
    const programme = foldProgramme(await this.store.readStream(programmeStream(programmeId)));
    if (!programme) throw notFound('Programme', programmeId);
    const events = await this.store.readAll({ streamPrefix: areaRolloutStream(programmeId, '') });
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const stream = streams.get(event.streamId);
      if (stream) stream.push(event);
      else streams.set(event.streamId, [event]);
    }
    const rollouts = [...streams].flatMap(([streamId, stream]) => {
      const state = areaRolloutFolder(streamId)(stream);
      return state ? [state] : [];
    });
    const successions = await this.successions.current();
    return { programme, rollup: rollUp(programme, rollouts, successions, this.areas, today) };
  }
}
