import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(
      { url: await app.getUrl(), graphiql: config.graphiql, dataDir: config.dataDir },
      'Reform Tracker is listening',
    );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `Reform Tracker failed to start: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
