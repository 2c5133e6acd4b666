import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT } from './support/tracker-server';

describe('schema.graphql', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-schema-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the schema the code builds (when not, run `npm run schema` and commit the file)', () => {
    const built = join(dir, 'schema.graphql');
    execFileSync(process.execPath, [join(ROOT, 'dist/apps/api/src/write-schema.js'), built], {
      stdio: 'ignore',
    });
    expect(readFileSync(join(ROOT, 'schema.graphql'), 'utf8')).toBe(readFileSync(built, 'utf8'));
  });
});
