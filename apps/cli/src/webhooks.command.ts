import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Command, Option } from 'commander';
import { randomUUID } from 'crypto';
import { Clock, csvField } from '@app/kernel';
import {
  type ManagedWebhook,
  manageWebhook,
  type Webhook,
  WEBHOOK_EVENT_TYPES,
  WebhookQueries,
  type WebhookRequest,
} from '@app/webhooks';
import { cliActor } from './accounts.command';
import { formatTable } from './table';

type WithCore = <T>(work: (core: INestApplicationContext) => Promise<T> | T) => Promise<T>;

const FORMATS = ['table', 'csv', 'json'] as const;
type WebhookFormat = (typeof FORMATS)[number];

/** The webhooks in one of the formats: an aligned table, CSV with a header, or JSON. */
export function formatWebhooks(webhooks: readonly Webhook[], format: WebhookFormat): string {
  if (format === 'json') return `${JSON.stringify(webhooks, null, 2)}\n`;
  const rows = webhooks.map((webhook) => [
    webhook.id,
    webhook.url,
    webhook.eventTypes.join(' '),
    webhook.areaCodes?.join(' ') ?? '',
    webhook.programmeIds?.join(' ') ?? '',
    webhook.description,
  ]);
  if (format === 'csv') {
    const header = 'id,url,event_types,area_codes,programme_ids,description';
    return `${[header, ...rows.map((row) => row.map(csvField).join(','))].join('\n')}\n`;
  }
  return formatTable([
    ['ID', 'URL', 'EVENTS', 'AREAS', 'PROGRAMMES', 'DESCRIPTION'],
    ...rows.map(([id, url, events, areas, programmes, description]) => [
      id,
      url,
      events,
      areas || 'all',
      programmes || 'all',
      description,
    ]),
  ]);
}

/** Options given again for each value: `--event`, `--area`, `--programme`. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const describe = (webhook: Webhook): string =>
  `${webhook.description} <${webhook.url}> (${webhook.eventTypes.join(' ')}; areas: ${webhook.areaCodes?.join(' ') ?? 'all'}; programmes: ${webhook.programmeIds?.join(' ') ?? 'all'})`;

interface FilterOptions {
  area?: string[];
  allAreas?: boolean;
  programme?: string[];
  allProgrammes?: boolean;
}

/** `tracker webhook ...`: register, list, change and remove webhooks, as an admin. */
export function registerWebhookCommands(program: Command, withCore: WithCore): void {
  const webhook = program
    .command('webhook')
    .description('Webhooks: systems sent the events chosen, signed (the CLI acts as an admin)');

  /** Sends the request on the command bus, built as the API builds it. */
  const send = async (
    core: INestApplicationContext,
    request: WebhookRequest,
  ): Promise<ManagedWebhook> =>
    core
      .get(CommandBus)
      .execute(manageWebhook(request, cliActor(), `cli:${randomUUID()}`, core.get(Clock).now()));

  const events = `an event type to send (repeat for each): ${WEBHOOK_EVENT_TYPES.join(', ')}`;

  webhook
    .command('add')
    .description(
      'Register a webhook; prints its id, then its signing secret (shown this once), on stdout',
    )
    .requiredOption('--url <url>', 'where deliveries are POSTed (https:)')
    .requiredOption('--event <type>', events, collect)
    .option('--area <gss>', 'only events about this area (repeat for each; default all)', collect)
    .option(
      '--programme <id>',
      'only events about this programme (repeat for each; default all)',
      collect,
    )
    .requiredOption('--description <words>', 'what the endpoint is, for the admins')
    .option('--reason <why>', 'why it is registered (kept in the audit trail)')
    .action(
      async (options: {
        url: string;
        event: string[];
        area?: string[];
        programme?: string[];
        description: string;
        reason?: string;
      }) => {
        await withCore(async (core) => {
          const { webhook: added, secret } = await send(core, {
            kind: 'RegisterWebhook',
            url: options.url,
            eventTypes: options.event,
            areaCodes: options.area ?? null,
            programmeIds: options.programme ?? null,
            description: options.description,
            reason: options.reason,
          });
          process.stdout.write(`${added.id}\n${secret}\n`);
          process.stderr.write(
            `Registered the webhook ${describe(added)}\nIts signing secret (the second line) is shown this once: keep it where the endpoint can read it.\n`,
          );
        });
      },
    );

  webhook
    .command('list')
    .description('List the webhooks registered and not removed')
    .addOption(
      new Option('--format <format>', 'how to print the list').choices(FORMATS).default('table'),
    )
    .action(async (options: { format: WebhookFormat }) => {
      await withCore(async (core) => {
        const webhooks = await core.get(WebhookQueries).webhooks(cliActor());
        process.stdout.write(formatWebhooks(webhooks, options.format));
        process.stderr.write(`${webhooks.length} webhook${webhooks.length === 1 ? '' : 's'}\n`);
      });
    });

  webhook
    .command('change <id>')
    .description('Change a webhook; only what is given changes')
    .option('--url <url>', 'where deliveries are POSTed from now on (https:)')
    .option('--event <type>', `${events} (replaces its event types)`, collect)
    .option(
      '--area <gss>',
      'only events about this area (repeat for each; replaces its areas)',
      collect,
    )
    .addOption(new Option('--all-areas', 'events about every area again').conflicts('area'))
    .option(
      '--programme <id>',
      'only events about this programme (repeat for each; replaces its programmes)',
      collect,
    )
    .addOption(
      new Option('--all-programmes', 'events about every programme again').conflicts('programme'),
    )
    .option('--description <words>', 'what the endpoint is, for the admins')
    .option('--reason <why>', 'why it changes (kept in the audit trail)')
    .action(
      async (
        id: string,
        options: FilterOptions & {
          url?: string;
          event?: string[];
          description?: string;
          reason?: string;
        },
      ) => {
        await withCore(async (core) => {
          // An empty filter in a change means every event again, as in the API.
          const { webhook: changed } = await send(core, {
            kind: 'ChangeWebhook',
            id,
            url: options.url,
            eventTypes: options.event,
            areaCodes: options.allAreas ? [] : options.area,
            programmeIds: options.allProgrammes ? [] : options.programme,
            description: options.description,
            reason: options.reason,
          });
          process.stderr.write(`Changed the webhook ${describe(changed)}\n`);
        });
      },
    );

  webhook
    .command('remove <id>')
    .description('Remove a webhook: nothing more is sent to it; its delivery log stays')
    .option('--reason <why>', 'why it is removed (kept in the audit trail)')
    .action(async (id: string, options: { reason?: string }) => {
      await withCore(async (core) => {
        const { webhook: removed } = await send(core, {
          kind: 'RemoveWebhook',
          id,
          reason: options.reason,
        });
        process.stderr.write(`Removed the webhook ${describe(removed)}\n`);
      });
    });
}
