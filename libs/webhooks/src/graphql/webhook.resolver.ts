import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, CurrentRequest, RequestContext, Roles } from '@app/access';
import { Actor, Clock } from '@app/kernel';
import { Cost, listOf, pageOf } from '@app/platform';
import { MAY_MANAGE_WEBHOOKS } from '../domain/policy';
import type { Webhook } from '../domain/webhook';
import type { ManagedWebhook } from '../manage-webhook/manage-webhook.command';
import {
  ChangeWebhookInput,
  RegisterWebhookInput,
  RemoveWebhookInput,
} from '../manage-webhook/webhook.inputs';
import { manageWebhook, type WebhookRequest } from '../manage-webhook/webhook-requests';
import { WebhookQueries } from '../webhook-queries';
import {
  RegisteredWebhookModel,
  WebhookDeliveryConnectionModel,
  WebhookDeliveryModel,
  WebhookModel,
} from './webhook.models';

@Resolver()
export class WebhookResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: WebhookQueries,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => RegisteredWebhookModel, {
    description:
      'Register an endpoint to be sent the events chosen, signed (Standard Webhooks); the secret is shown this once',
  })
  @Roles(...MAY_MANAGE_WEBHOOKS)
  async registerWebhook(
    @Args('input') input: RegisterWebhookInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<RegisteredWebhookModel> {
    const { webhook, secret } = await this.send(
      { kind: 'RegisterWebhook', ...input },
      actor,
      request,
    );
    return { webhook, secret: secret! };
  }

  @Mutation(() => WebhookModel, { description: "Change a webhook's address, events or filters" })
  @Roles(...MAY_MANAGE_WEBHOOKS)
  async changeWebhook(
    @Args('input') input: ChangeWebhookInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Webhook> {
    return (await this.send({ kind: 'ChangeWebhook', ...input }, actor, request)).webhook;
  }

  @Mutation(() => WebhookModel, { description: 'Stop delivering to a webhook; its log stays' })
  @Roles(...MAY_MANAGE_WEBHOOKS)
  async removeWebhook(
    @Args('input') input: RemoveWebhookInput,
    @CurrentActor() actor: Actor,
    @CurrentRequest() request: RequestContext,
  ): Promise<Webhook> {
    return (await this.send({ kind: 'RemoveWebhook', ...input }, actor, request)).webhook;
  }

  @Query(() => [WebhookModel], { description: 'The webhooks registered and not removed' })
  @Roles(...MAY_MANAGE_WEBHOOKS)
  @Cost(listOf(100))
  webhooks(@CurrentActor() actor: Actor): Promise<Webhook[]> {
    return this.queries.webhooks(actor);
  }

  @Query(() => WebhookDeliveryConnectionModel, {
    description: "A webhook's deliveries, newest first, with their outcome",
  })
  @Roles(...MAY_MANAGE_WEBHOOKS)
  @Cost(pageOf)
  async webhookDeliveries(
    @Args('webhookId', { type: () => ID }) webhookId: string,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookDeliveryConnectionModel> {
    const page = await this.queries.deliveries(actor, webhookId, first, after);
    return {
      totalCount: page.totalCount,
      nodes: page.deliveries as WebhookDeliveryModel[],
      pageInfo: page.pageInfo,
    };
  }

  private send(
    webhookRequest: WebhookRequest,
    actor: Actor,
    request: RequestContext,
  ): Promise<ManagedWebhook> {
    return this.commands.execute(
      manageWebhook(webhookRequest, actor, request.correlationId, this.clock.now()),
    );
  }
}
