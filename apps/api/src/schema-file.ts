import { GraphQLSchemaHost } from '@nestjs/graphql';
import { mkdtempSync, rmSync } from 'fs';
import { printSchema } from 'graphql';
import { tmpdir } from 'os';
import { join } from 'path';
import { createApp } from './app';
import { loadConfig } from '@app/core';

/**
 * The API's schema is kept in the repository, at its root, so that every change to the API is
 * seen in review; `npm run schema` writes it and test/schema.e2e-spec.ts fails when it is out of
 * date.
 */
export const SCHEMA_FILE_NAME = 'schema.graphql';

/**
 * The schema the code builds (sorted, as the server serves it), printed as SDL. The app is
 * built on an empty store in a directory of its own, and closed: nothing listens or is kept.
 */
export async function printApiSchema(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-schema-'));
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SEED_ON_FIRST_START: 'false',
    });
    const app = await createApp(config);
    try {
      return `${printSchema(app.get(GraphQLSchemaHost).schema)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
