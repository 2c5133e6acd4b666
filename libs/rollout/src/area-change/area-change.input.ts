import { Field, ID, InputType } from '@nestjs/graphql';
import { Matches, MaxLength } from 'class-validator';
import { AREA_CODE_PATTERN } from '@app/kernel';
import { CommandEnvelopeInput } from '@app/platform';
import type { AreaRolloutCommand } from '../domain/area-rollout';

export const PROGRAMME_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MILESTONE_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What every change to one area's rollout takes: the programme, the area and the envelope. */
@InputType({ isAbstract: true })
export abstract class AreaChangeInput extends CommandEnvelopeInput {
  @Field(() => ID, { description: 'Programme id, e.g. family-hubs-trailblazers' })
  @Matches(PROGRAMME_ID_PATTERN, {
    message: 'programmeId must be lower-case letters and digits joined by hyphens',
  })
  @MaxLength(64)
  programmeId!: string;

  @Field(() => ID, { description: 'ONS GSS code of the local authority, e.g. E09000022' })
  @Matches(AREA_CODE_PATTERN, { message: 'areaCode must be an ONS GSS code such as E09000022' })
  areaCode!: string;

  /** The domain command this input asks for; dates left out default to `today`. */
  abstract toCommand(today: string): AreaRolloutCommand;
}
