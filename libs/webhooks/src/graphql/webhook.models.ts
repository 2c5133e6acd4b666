import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cost, DateTimeScalar, inPage, PageInfoModel } from '@app/platform';

export enum DeliveryOutcomeModel {
  DELIVERED = 'DELIVERED',
  RETRYING = 'RETRYING',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryOutcomeModel, {
  name: 'DeliveryOutcome',
  description:
    'Delivered (a 2xx answer), retrying (with a next attempt), or failed (given up after 24 hours)',
});

@ObjectType('Webhook')
export class WebhookModel {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => [String]) eventTypes!: string[];
  @Field(() => [ID], { nullable: true, description: 'Null: events about any area, or none' })
  areaCodes!: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Null: events about any programme, or none' })
  programmeIds!: string[] | null;
  @Field() description!: string;
  @Field({ description: 'Removed webhooks deliver nothing more; their log stays' })
  removed!: boolean;
}

@ObjectType('RegisteredWebhook')
export class RegisteredWebhookModel {
  @Field(() => WebhookModel) webhook!: WebhookModel;
  @Field({
    description:
      'The signing secret (whsec_...), shown this once: keep it where the endpoint can read it',
  })
  secret!: string;
}

@ObjectType('WebhookDelivery')
export class WebhookDeliveryModel {
  @Field(() => ID, { description: 'The event id, sent as Webhook-Id (the idempotency key)' })
  eventId!: string;
  @Field(() => Int) position!: number;
  @Field() streamId!: string;
  @Field() eventType!: string;
  @Field(() => DeliveryOutcomeModel) outcome!: DeliveryOutcomeModel;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status, if any" })
  statusCode!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => DateTimeScalar) firstAttemptAt!: string;
  @Field(() => DateTimeScalar) lastAttemptAt!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When retrying: the next attempt' })
  nextAttemptAt!: string | null;
}

@ObjectType('WebhookDeliveryConnection')
export class WebhookDeliveryConnectionModel {
  @Field(() => Int) totalCount!: number;
  @Field(() => [WebhookDeliveryModel], { description: 'Newest first' })
  @Cost(inPage)
  nodes!: WebhookDeliveryModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
}
