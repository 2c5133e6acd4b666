import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cost, listOf } from '@app/platform';
import { DEFAULT_MAX_PROBLEMS, type AuditProblemKind } from './verify-audit-trail';

/** The kinds of damage verification names (see verifyAuditTrail). */
export enum AuditProblemKindModel {
  ALTERED = 'ALTERED',
  REMOVED = 'REMOVED',
  INSERTED = 'INSERTED',
  REORDERED = 'REORDERED',
  STREAM_REMOVED = 'STREAM_REMOVED',
  TRUNCATED = 'TRUNCATED',
  UNCHAINED = 'UNCHAINED',
  SEAL_MISMATCH = 'SEAL_MISMATCH',
}

// Every kind of the verifier is one of the enum's, and the other way round.
const _sameKinds: Record<AuditProblemKind, AuditProblemKindModel> = AuditProblemKindModel;

registerEnumType(AuditProblemKindModel, {
  name: 'AuditProblemKind',
  description: 'What happened to the stored events, as far as the evidence shows',
  valuesMap: {
    ALTERED: { description: "An event's contents, metadata, type or recordedAt changed" },
    REMOVED: { description: 'Events missing from the middle of a stream' },
    INSERTED: { description: 'An event that does not fit its stream: forged or duplicated' },
    REORDERED: { description: "A stream's events stored out of their order" },
    STREAM_REMOVED: { description: 'A sealed stream has no events left' },
    TRUNCATED: { description: 'A sealed stream lost its last events' },
    UNCHAINED: { description: 'Events from before tamper evidence that no seal covers yet' },
    SEAL_MISMATCH: {
      description: 'A seal does not match the store, or an expected seal is missing',
    },
  },
});

@ObjectType('AuditProblem', { description: 'One piece of damage found by verification' })
export class AuditProblemModel {
  @Field(() => AuditProblemKindModel) kind!: AuditProblemKindModel;
  @Field(() => ID) streamId!: string;
  @Field(() => Int, { nullable: true, description: 'Global position of the event concerned' })
  position!: number | null;
  @Field(() => Int, { nullable: true, description: 'Version of the event concerned' })
  version!: number | null;
  @Field() message!: string;
}

@ObjectType('AuditSeal')
export class AuditSealModel {
  @Field(() => Int, { description: "The seal event's own global position" }) position!: number;
  @Field({ description: 'Its hash, as published outside the store' }) hash!: string;
  @Field(() => Int, { description: 'Every event up to this position is covered' })
  sealedUpTo!: number;
}

@ObjectType('AuditVerification', {
  description: "The verification of the store's tamper evidence: hash chains and seals",
})
export class AuditVerificationModel {
  @Field({ description: 'No damage found: every event intact, chained or sealed' }) ok!: boolean;
  @Field(() => Int) eventsChecked!: number;
  @Field(() => Int) streamsChecked!: number;
  @Field(() => Int) sealsChecked!: number;
  @Field(() => Int, {
    description:
      "Entries of the store's seal record (kept apart from the events) compared with the seals; 0 when it keeps none",
  })
  sealRecordEntries!: number;
  @Field(() => Int, { description: 'Events stored before tamper evidence existed' })
  unchainedEvents!: number;
  @Field(() => Int, { description: 'The global position verified up to' }) checkedUpTo!: number;
  @Field(() => AuditSealModel, { nullable: true }) lastSeal!: AuditSealModel | null;
  @Field(() => Int, { description: 'Every problem found (the list holds the first of them)' })
  problemCount!: number;
  @Field(() => [AuditProblemModel])
  @Cost(listOf(DEFAULT_MAX_PROBLEMS))
  problems!: AuditProblemModel[];
}
