import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Command, Option } from 'commander';
import { randomUUID } from 'crypto';
import { userInfo } from 'os';
import {
  Account,
  AccountCommand,
  AccountDirectory,
  ChangeAccount,
  type AccountDetails,
} from '@app/accounts';
import {
  Actor,
  Clock,
  commandContextOf,
  csvField,
  DomainError,
  ErrorCode,
  Role,
} from '@app/kernel';
import { formatTable } from './table';

/** The account with this email, or a refusal naming it. */
export async function accountOf(core: INestApplicationContext, email: string): Promise<Account> {
  const found = await core.get(AccountDirectory).byEmail(email);
  if (!found) {
    throw new DomainError(ErrorCode.NOT_FOUND, `No account has the email ${email.trim()}`, {
      field: 'email',
    });
  }
  return found;
}

type WithCore = <T>(work: (core: INestApplicationContext) => Promise<T> | T) => Promise<T>;

/**
 * Who the CLI acts as: whoever runs it on the machine. They can read and write the data files
 * (or the database) directly anyway, so the CLI acts as an admin, and the events name the
 * operating-system user who ran it.
 */
export function cliActor(): Actor {
  return {
    id: 'cli',
    name: `tracker CLI (${operatorName()})`,
    role: Role.ADMIN,
    organisation: null,
  };
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    // A container may run under a user id with no name.
    return process.env.USER ?? 'unknown user';
  }
}

const FORMATS = ['table', 'csv', 'json'] as const;
type AccountFormat = (typeof FORMATS)[number];

/** The accounts in one of the formats: an aligned table, CSV with a header, or JSON. */
export function formatAccounts(accounts: readonly Account[], format: AccountFormat): string {
  if (format === 'json') return `${JSON.stringify(accounts, null, 2)}\n`;
  const rows = accounts.map((account) => [
    account.email,
    account.name,
    account.role,
    account.organisation,
    account.areaCodes.join(' '),
    account.active ? 'active' : 'deactivated',
    account.digest,
  ]);
  if (format === 'csv') {
    const header = 'email,name,role,organisation,area_codes,status,digest';
    return `${[header, ...rows.map((row) => row.map(csvField).join(','))].join('\n')}\n`;
  }
  return formatTable([
    ['EMAIL', 'NAME', 'ROLE', 'ORGANISATION', 'AREAS', 'STATUS', 'DIGEST'],
    ...rows.map((row) => row.map((cell) => cell || '-')),
  ]);
}

/** `--area` may be given again for each area of a shared service. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `tracker account ...`: add, list, change, deactivate and reactivate accounts, end sessions. */
export function registerAccountCommands(program: Command, withCore: WithCore): void {
  const account = program
    .command('account')
    .description('Accounts of the people who sign in (the CLI acts as an admin)');

  /** Sends a command about one account on the command bus, as the API does. */
  const send = async (
    core: INestApplicationContext,
    command: AccountCommand,
    request: Record<string, unknown>,
  ): Promise<Account> => {
    const context = commandContextOf(
      request,
      cliActor(),
      `cli:${randomUUID()}`,
      core.get(Clock).now(),
    );
    const result = await core.get(CommandBus).execute(new ChangeAccount(command, context));
    return result.state!;
  };

  account
    .command('add')
    .description('Add an account; prints its id on stdout')
    .requiredOption('--email <email>', 'the email the person signs in with')
    .requiredOption('--name <name>', 'their name')
    .addOption(
      new Option('--role <role>', 'what they may do')
        .choices(Object.values(Role))
        .makeOptionMandatory(),
    )
    .requiredOption('--organisation <organisation>', 'who they work for, in words')
    .option(
      '--area <gss>',
      'ONS GSS code of an area a LOCAL_AUTHORITY officer reports for (repeat for each)',
      collect,
    )
    .option('--reason <why>', 'why the account is added (kept in the audit trail)')
    .action(
      async (options: Omit<AccountDetails, 'areaCodes'> & { area?: string[]; reason?: string }) => {
        await withCore(async (core) => {
          const { area = [], reason, ...details } = options;
          const added = await send(
            core,
            { kind: 'AddAccount', ...details, areaCodes: area },
            { ...details, areaCodes: area, reason },
          );
          process.stdout.write(`${added.id}\n`);
          process.stderr.write(`Added the account of ${describe(added)}\n`);
        });
      },
    );

  account
    .command('list')
    .description('List the accounts, by email')
    .addOption(
      new Option('--format <format>', 'how to print the list').choices(FORMATS).default('table'),
    )
    .action(async (options: { format: AccountFormat }) => {
      await withCore(async (core) => {
        const accounts = await core.get(AccountDirectory).list();
        process.stdout.write(formatAccounts(accounts, options.format));
        process.stderr.write(`${accounts.length} account${accounts.length === 1 ? '' : 's'}\n`);
      });
    });

  account
    .command('change <email>')
    .description('Change the details of an account; only those given change')
    .option('--name <name>', 'their name')
    .addOption(new Option('--role <role>', 'what they may do').choices(Object.values(Role)))
    .option('--organisation <organisation>', 'who they work for, in words')
    .option(
      '--area <gss>',
      'ONS GSS code of an area a LOCAL_AUTHORITY officer reports for (repeat for each; replaces their areas)',
      collect,
    )
    .option('--new-email <email>', 'the email they sign in with from now on')
    .requiredOption('--reason <why>', 'why it changes (kept in the audit trail)')
    .action(
      async (
        email: string,
        options: Partial<Omit<AccountDetails, 'areaCodes' | 'email'>> & {
          area?: string[];
          newEmail?: string;
          reason: string;
        },
      ) => {
        await withCore(async (core) => {
          const { area, newEmail, reason, ...rest } = options;
          const changes: Partial<AccountDetails> = {
            ...rest,
            ...(area ? { areaCodes: area } : {}),
            ...(newEmail !== undefined ? { email: newEmail } : {}),
          };
          const { id } = await accountOf(core, email);
          const changed = await send(
            core,
            { kind: 'ChangeAccount', accountId: id, ...changes },
            { accountId: id, ...changes, reason },
          );
          process.stderr.write(`Changed the account of ${describe(changed)}\n`);
        });
      },
    );

  const step = (
    name: string,
    kind: 'DeactivateAccount' | 'ReactivateAccount' | 'EndAccountSessions',
    description: string,
    done: string,
  ) =>
    account
      .command(`${name} <email>`)
      .description(description)
      .requiredOption('--reason <why>', 'why (kept in the audit trail)')
      .action(async (email: string, options: { reason: string }) => {
        await withCore(async (core) => {
          const { id } = await accountOf(core, email);
          const changed = await send(
            core,
            { kind, accountId: id },
            { accountId: id, reason: options.reason },
          );
          process.stderr.write(`${done} ${describe(changed)}\n`);
        });
      });
  step(
    'deactivate',
    'DeactivateAccount',
    'Deactivate an account: it can do nothing from the next request on',
    'Deactivated the account of',
  );
  step(
    'reactivate',
    'ReactivateAccount',
    'Reactivate a deactivated account',
    'Reactivated the account of',
  );
  step(
    'end-sessions',
    'EndAccountSessions',
    'End every session of the person: they sign in again',
    'Ended every session of',
  );
}

const describe = (account: Account): string =>
  `${account.name} <${account.email}> (${[account.role, ...account.areaCodes].join(' ')}, ${account.organisation})`;
