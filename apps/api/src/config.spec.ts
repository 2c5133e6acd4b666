import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has defaults for everything', () => {
    expect(loadConfig({ DATA_DIR: dir })).toMatchObject({
      port: 3000,
      environment: 'development',
      graphiql: true,
      dataDir: dir,
    });
  });

  it('creates a missing data directory', () => {
    const nested = join(dir, 'a', 'b');
    expect(loadConfig({ DATA_DIR: nested }).dataDir).toBe(nested);
  });

  it('reports every problem at once, by variable name', () => {
    let error: unknown;
    try {
      loadConfig({
        DATA_DIR: dir,
        PORT: 'eighty',
        NODE_ENV: 'staging',
        LOG_LEVEL: 'loud',
        EVENT_STORE: 'mongo',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'NODE_ENV', 'LOG_LEVEL', 'EVENT_STORE']) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it('refuses a data directory that cannot be created', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => loadConfig({ DATA_DIR: join(file, 'data') })).toThrow(/DATA_DIR/);
  });
});
