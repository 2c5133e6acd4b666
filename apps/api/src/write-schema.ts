import 'reflect-metadata';
import { writeFileSync } from 'fs';
import { resolve } from 'path';
import { printApiSchema, SCHEMA_FILE_NAME } from './schema-file';

/**
 * `npm run schema`: writes the schema the code builds to schema.graphql (npm runs it at the
 * root), or to the file named as its argument (test/schema.e2e-spec.ts compares the two).
 */
printApiSchema()
  .then((schema) => {
    const file = resolve(process.argv[2] ?? SCHEMA_FILE_NAME);
    writeFileSync(file, schema);
    process.stdout.write(`Wrote ${file}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `Could not build the schema: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  });
