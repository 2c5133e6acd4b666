import { join } from 'path';
import { PostgresReadModelDatabase } from '../projections/postgres-read-models';
import type { ReadModelDatabase } from '../projections/read-model-database';
import { SqliteReadModelDatabase } from '../projections/sqlite-read-models';
import { describeWithPostgres, dropSchema, uniqueSchemaName } from './postgres';

/** Opens a fresh, empty read-model database; `dir` is a scratch directory of the test's. */
export type OpenReadModels = (dir: string) => Promise<ReadModelDatabase>;

/**
 * Runs the same read-model tests on SQLite and, whenever it is reachable (always under
 * CI=true), on PostgreSQL: each read model is written once and must answer alike on both.
 */
export function describeOnEachReadModelDatabase(
  name: string,
  body: (open: OpenReadModels) => void,
): void {
  describe(`${name} (SQLite)`, () =>
    body((dir) => SqliteReadModelDatabase.open(join(dir, 'read-models.sqlite'))));
  describeWithPostgres(`${name} (PostgreSQL)`, (url) => {
    const schemas: string[] = [];
    afterAll(() => Promise.all(schemas.map((schema) => dropSchema(url, schema))));
    body(() => {
      const schema = uniqueSchemaName('read_models');
      schemas.push(schema);
      return PostgresReadModelDatabase.open({ connectionString: url, schema });
    });
  });
}
