import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Command, InvalidArgumentError } from 'commander';
import { assertTokenScope, TokenRegister } from '@app/access';
import { LocalAuthorityRegister } from '@app/areas';
import { DomainError, Role } from '@app/kernel';
import { ConfigError, loadConfig } from '../../api/src/config';
import { CoreModule } from '../../api/src/core.module';
import { JsonLogger } from '../../api/src/json-logger';
import { seedShippedData } from '../../api/src/seed';

/** The CLI shares the server's configuration (DATA_DIR and the rest) and its core. */
async function withCore<T>(work: (core: INestApplicationContext) => Promise<T> | T): Promise<T> {
  const config = loadConfig();
  const core = await NestFactory.createApplicationContext(
    CoreModule.forRoot(config, { runProjections: false }),
    {
      logger: new JsonLogger('warn'),
    },
  );
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

const role = (value: string): Role => {
  if (!(Object.values(Role) as string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${Object.values(Role).join(', ')}`);
  }
  return value as Role;
};

const program = new Command('tracker').description(
  'Reform Tracker: tokens, seed data and operations',
);

const token = program.command('token').description('Bearer tokens for the API');

token
  .command('create')
  .description(
    'Issue a token; prints it alone on stdout (it is stored hashed and cannot be shown again)',
  )
  .requiredOption('--role <role>', `one of ${Object.values(Role).join(', ')}`, role)
  .option('--area <gss>', 'ONS GSS code of the area a LOCAL_AUTHORITY token speaks for')
  .requiredOption('--name <name>', 'who holds the token')
  .action(async (options: { role: Role; area?: string; name: string }) => {
    await withCore((core) => {
      const areas = core.get(LocalAuthorityRegister);
      assertTokenScope(options.role, options.area ?? null, (code) => areas.has(code));
      const { token: secret, record } = core
        .get(TokenRegister)
        .create({ name: options.name, role: options.role, areaCode: options.area ?? null });
      process.stdout.write(`${secret}\n`);
      process.stderr.write(
        `Created token ${record.id} for ${record.name} (${record.role}${record.areaCode ? ` ${record.areaCode}` : ''})\n`,
      );
    });
  });

token
  .command('list')
  .description('List tokens (never their secrets)')
  .action(async () => {
    await withCore((core) => {
      for (const record of core.get(TokenRegister).list()) {
        process.stdout.write(
          `${[record.id, record.role, record.areaCode ?? '-', record.revokedAt ? `revoked ${record.revokedAt}` : 'active', record.name].join('\t')}\n`,
        );
      }
    });
  });

token
  .command('revoke <id>')
  .description('Revoke a token; it is refused from the next request on')
  .action(async (id: string) => {
    await withCore((core) => {
      const record = core.get(TokenRegister).revoke(id);
      process.stderr.write(`Revoked token ${record.id} (${record.name})\n`);
    });
  });

program
  .command('seed')
  .description(
    'Load the shipped recommendations and programmes (safe to run again: writes only what is missing)',
  )
  .action(async () => {
    await withCore(async (core) => {
      const report = await seedShippedData(core);
      process.stderr.write(
        `Seeded ${report.recommendations} recommendations and ${report.programmes} programmes: ${report.eventsWritten} new events\n`,
      );
    });
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DomainError) {
    process.stderr.write(`tracker: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`tracker: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
