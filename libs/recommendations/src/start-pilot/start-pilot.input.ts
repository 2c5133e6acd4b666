import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { AreaCodes, DateScalar, IsCalendarDate } from '@app/platform';
import type { RecommendationCommand } from '../domain/decide';
import { LifecycleMoveInput } from '../lifecycle/lifecycle-step.input';

@InputType()
export class StartPilotInput extends LifecycleMoveInput {
  // Optional rather than a GraphQL default: Mercurius' JIT drops input defaults.
  @Field(() => [ID], { nullable: true, description: 'ONS GSS codes of the pilot areas' })
  @IsOptional()
  @AreaCodes()
  areas?: string[] | null;

  @Field(() => DateScalar, { description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  startDate!: string;

  @Field(() => DateScalar, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  plannedEndDate?: string | null;

  toCommand(): RecommendationCommand {
    return {
      kind: 'StartPilot',
      id: this.id,
      evidenceUrl: this.evidenceUrl ?? null,
      areas: this.areas ?? [],
      startDate: this.startDate,
      plannedEndDate: this.plannedEndDate ?? null,
    };
  }
}
