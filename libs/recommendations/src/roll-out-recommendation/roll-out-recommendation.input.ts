import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { AreaCodes, DateScalar, IsCalendarDate } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';
import { RolloutScope } from '../domain/recommendation.events';
import { LifecycleMoveInput } from '../lifecycle/lifecycle-step.input';

@InputType()
export class RollOutRecommendationInput extends LifecycleMoveInput {
  @Field(() => RolloutScope)
  @IsEnum(RolloutScope)
  scope!: RolloutScope;

  // Optional rather than a GraphQL default: Mercurius' JIT drops input defaults.
  @Field(() => [ID], {
    nullable: true,
    description: 'ONS GSS codes, for a rollout to named areas',
  })
  @IsOptional()
  @AreaCodes()
  areas?: string[] | null;

  @Field(() => DateScalar, { description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  rolloutDate!: string;

  toCommand(): RecommendationCommand {
    return {
      kind: 'RollOutRecommendation',
      id: this.id,
      evidenceUrl: this.evidenceUrl ?? null,
      scope: this.scope,
      areas: this.areas ?? [],
      rolloutDate: this.rolloutDate,
    };
  }
}
