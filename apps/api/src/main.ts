import 'reflect-metadata';
import { createApp } from './app';
import type { INestApplicationContext } from '@nestjs/common';
import { AccountDirectory, AccountsReadModel } from '@app/accounts';
import { ConfigError, loadConfig } from '@app/core';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Role } from '@app/kernel';
import { checkPortFree, firstAdminHint, PortUnavailableError, startBanner } from './start-up';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before any store is opened: a second server on the same port must not seed or migrate.
  await checkPortFree(config.host, config.port);
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const url = await app.getUrl();
  const log = app.getHttpAdapter().getInstance().log;
  if (!(await hasActiveAdmin(app))) log.info(firstAdminHint(url));
  log.info(
    { url, graphiql: config.graphiql, dataDir: config.dataDir },
    'Reform Tracker is listening',
  );
  // For a person at a terminal (standard output stays JSON lines, for log collectors).
  if (process.stderr.isTTY) {
    process.stderr.write(
      startBanner({
        url,
        graphiql: config.graphiql,
        eventStore: config.eventStore.kind,
        dataDir: config.dataDir,
      }),
    );
  }
}

/** Whether anyone can sign in to manage accounts: an active admin, once the read model is current. */
async function hasActiveAdmin(app: INestApplicationContext): Promise<boolean> {
  const head = await app.get<EventStore>(EVENT_STORE).headPosition();
  await app.get(AccountsReadModel).waitFor(head);
  const admins = await app.get(AccountDirectory).list({ role: Role.ADMIN, active: true });
  return admins.length > 0;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof PortUnavailableError) {
    process.stderr.write(`Reform Tracker cannot start: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `Reform Tracker failed to start: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
