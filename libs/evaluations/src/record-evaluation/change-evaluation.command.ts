import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/kernel';
import type { StreamCommandResult } from '@app/event-store';
import type { Evaluation, EvaluationCommand } from '../domain/evaluation';

export type EvaluationChange = StreamCommandResult<Evaluation>;

/** Recording or correcting one evaluation, with the envelope of who asks and why. */
export class ChangeEvaluation extends Command<EvaluationChange> {
  constructor(
    readonly command: EvaluationCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
