import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Args,
  Field,
  Float,
  GraphQLModule,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LocalAuthorityRegister } from '@app/areas';
import { DateScalar } from '@app/platform';
import { STAGES } from '@app/recommendations';

/**
 * The ceiling: the same stack (NestJS, Fastify, Mercurius with JIT) with no I/O at all. Its
 * mutation returns its input; its rollout and stage counts return the real answers' shapes
 * from memory, with the real schema's scalars (ID, Date). What the real server reaches is reported as a share of what this one reaches.
 */
@InputType()
class EchoStatusInput {
  @Field(() => ID) programmeId!: string;
  @Field(() => ID) areaCode!: string;
  @Field() rag!: string;
  @Field() commentary!: string;
  @Field(() => DateScalar) periodStart!: string;
  @Field(() => DateScalar) periodEnd!: string;
}

@ObjectType()
class EchoStatus {
  @Field() rag!: string;
  @Field() commentary!: string;
  @Field() period!: string;
}

@ObjectType()
class EchoArea {
  @Field(() => ID) areaCode!: string;
  @Field() version!: number;
  @Field() stage!: string;
  @Field(() => EchoStatus, { nullable: true }) status!: EchoStatus | null;
}

@ObjectType()
class EchoLastMilestone {
  @Field() key!: string;
  @Field(() => DateScalar) achievedOn!: string;
}

@ObjectType()
class EchoOverdue {
  @Field() key!: string;
  @Field(() => DateScalar) targetDate!: string;
}

@ObjectType()
class EchoAreaProgress {
  @Field(() => ID) areaCode!: string;
  @Field() areaName!: string;
  @Field() region!: string;
  @Field() stage!: string;
  @Field(() => EchoLastMilestone, { nullable: true }) lastMilestone!: EchoLastMilestone | null;
  @Field(() => EchoStatus, { nullable: true }) status!: EchoStatus | null;
  @Field(() => [EchoOverdue]) overdue!: EchoOverdue[];
}

@ObjectType()
class EchoRegion {
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field(() => Int) enrolled!: number;
  @Field(() => Int) milestonesAchieved!: number;
  @Field(() => Int) overdue!: number;
}

@ObjectType()
class EchoCoverage {
  @Field(() => Int) enrolled!: number;
  @Field(() => Int) totalAreas!: number;
  @Field(() => Float) percentComplete!: number;
}

@ObjectType()
class EchoRollout {
  @Field(() => [EchoAreaProgress]) areas!: EchoAreaProgress[];
  @Field(() => [EchoRegion]) byRegion!: EchoRegion[];
  @Field(() => EchoCoverage) coverage!: EchoCoverage;
}

@ObjectType('StageCount')
class EchoStageCount {
  @Field() stage!: string;
  @Field(() => Int) count!: number;
}

@ObjectType()
class EchoProgramme {
  @Field(() => ID) id!: string;
  @Field(() => EchoRollout) rollout!: EchoRollout;
}

const register = LocalAuthorityRegister.shipped();
/** The answer the benchmark's real programme gives: 153 areas, each with 20 overdue milestones. */
const rollout: EchoRollout = {
  areas: register.all.map((area) => ({
    areaCode: area.areaCode,
    areaName: area.name,
    region: area.regionName,
    stage: 'ENROLLED',
    lastMilestone: null,
    status: { rag: 'GREEN', commentary: 'Monthly return', period: '2025-06-01/2025-06-30' },
    overdue: Array.from({ length: 20 }, (_, i) => ({ key: `m${i + 1}`, targetDate: '2025-12-31' })),
  })),
  byRegion: register.regions.map((region) => ({
    ...region,
    enrolled: 17,
    milestonesAchieved: 0,
    overdue: 340,
  })),
  coverage: { enrolled: 153, totalAreas: 153, percentComplete: 0 },
};

/** Counts for every stage, as the real answer has. */
const stageCounts: EchoStageCount[] = STAGES.map((stage, i) => ({ stage, count: i + 1 }));

@Resolver()
class CeilingResolver {
  @Query(() => EchoProgramme)
  programme(@Args('id', { type: () => ID }) id: string): EchoProgramme {
    return { id, rollout };
  }

  @Query(() => [EchoStageCount])
  recommendationStageCounts(): EchoStageCount[] {
    return stageCounts;
  }

  @Mutation(() => EchoArea)
  reportStatus(@Args('input') input: EchoStatusInput): EchoArea {
    return {
      areaCode: input.areaCode,
      version: 1,
      stage: 'ENROLLED',
      status: {
        rag: input.rag,
        commentary: input.commentary,
        period: `${input.periodStart}/${input.periodEnd}`,
      },
    };
  }
}

@Module({
  imports: [
    GraphQLModule.forRoot<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      autoSchemaFile: true,
      jit: 1,
    }),
  ],
  providers: [CeilingResolver],
})
class CeilingModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    CeilingModule,
    new FastifyAdapter(),
    { logger: false },
  );
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
}

void main();
