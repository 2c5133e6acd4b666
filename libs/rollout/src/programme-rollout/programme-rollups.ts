import { Injectable } from '@nestjs/common';
import { AreaSuccessions, LocalAuthorityRegister } from '@app/areas';
import { Clock, isoDate, notFound } from '@app/kernel';
import type { ProgrammeState } from '../domain/programme';
import { ProgrammeRollup, rollUp } from '../domain/roll-up';
import { RolloutReadModel } from '../read-model/rollout.read-model';

/**
 * Programmes' roll-ups for today, from the read model. A roll-up is recomputed only when an
 * event, a succession or the date changed since it was last asked for: boards ask far more
 * often than areas report.
 */
@Injectable()
export class ProgrammeRollups {
  private readonly cache = new Map<string, { key: string; rollup: ProgrammeRollup }>();

  constructor(
    private readonly readModel: RolloutReadModel,
    private readonly successions: AreaSuccessions,
    private readonly areas: LocalAuthorityRegister,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return isoDate(this.clock.now());
  }

  programmes(): ProgrammeState[] {
    return this.readModel.listProgrammes();
  }

  programme(id: string): ProgrammeState {
    const programme = this.readModel.programme(id);
    if (!programme) throw notFound('Programme', id);
    return programme;
  }

  async rollup(programme: ProgrammeState): Promise<ProgrammeRollup> {
    const successions = await this.successions.current();
    const today = this.today();
    const key = `${this.readModel.checkpoints}|${successions.size}|${today}`;
    const cached = this.cache.get(programme.id);
    if (cached?.key === key) return cached.rollup;
    const rollup = rollUp(
      programme,
      this.readModel.rollouts(programme.id),
      successions,
      this.areas,
      today,
    );
    this.cache.set(programme.id, { key, rollup });
    return rollup;
  }
}
