import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

/**
 * The shipped reference data lives in `reference-data/` at the repository root. Code runs both
 * from sources (tests) and from `dist/`, so the folder is found by walking up.
 */
export function referenceDataPath(file: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'reference-data', file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`Reference data file ${file} is missing`);
  }
}

export const readReferenceData = (file: string): string =>
  readFileSync(referenceDataPath(file), 'utf8');
