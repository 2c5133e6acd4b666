import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, sep } from 'path';

// For each package of the HTTP stack, the oldest release of each major line without a published
// advisory we know of (lowest line first). package.json naming a patched version is not enough:
// a framework adapter can pin its own copy (@nestjs/platform-fastify 11 served every request on
// fastify 5.11.3 while we named 5.12.8), so this reads what is installed. Raise a floor when a
// security release comes out.
const PATCHED: Record<string, string[]> = {
  // 5.12.1 and 5.12.2 fixed GHSA-9q9j-q6p8-xq58, -hwr6-493r-vm6h, -p68q-wchp-6fh7, -667r-xxjv-c9mm;
  // 5.12.5 fixed GHSA-4mh8-r7rc-xpvc.
  fastify: ['5.12.5'],
  // The major that runs on Fastify 5; no advisory against it that we know of.
  mercurius: ['16.0.0'],
  // CVE-2024-37890 (a request with many headers crashes the server): fixed in 8.17.1, 7.5.10.
  ws: ['7.5.10', '8.17.1'],
};

function olderThan(version: string, minimum: string): boolean {
  const a = version.split(/[.-]/).map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

/** The patched release this version should be at least, or undefined if it is fine. */
function missingFix(name: string, version: string): string | undefined {
  const lines = PATCHED[name];
  const major = Number(version.split('.')[0]);
  // A major line we list must be at its patched release; one older than all of them is not
  // patched at all; a newer one came out after these fixes.
  const floor = lines.find((line) => Number(line.split('.')[0]) === major) ?? lines[0];
  return olderThan(version, floor) ? floor : undefined;
}

/** Every installed copy of the packages above, nested ones included. */
function installedCopies(nodeModules: string): { name: string; version: string; path: string }[] {
  const copies: { name: string; version: string; path: string }[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        visit(path);
        continue;
      }
      // A scoped package (@nestjs/mercurius) is not the package of the same short name.
      const scoped = dir.split(sep).pop()!.startsWith('@');
      if (!scoped && entry.name in PATCHED && existsSync(join(path, 'package.json'))) {
        const { version } = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
        copies.push({ name: entry.name, version, path });
      }
      if (existsSync(join(path, 'node_modules'))) visit(join(path, 'node_modules'));
    }
  };
  visit(nodeModules);
  return copies;
}

const adapter = dirname(require.resolve('@nestjs/platform-fastify/package.json'));
const nodeModules = join(adapter, '..', '..');

describe('HTTP stack', () => {
  it('serves requests on a patched Fastify: the copy the Nest adapter loads', () => {
    const served = require.resolve('fastify/package.json', { paths: [adapter] });
    const { version } = JSON.parse(readFileSync(served, 'utf8'));
    const floor = missingFix('fastify', version);
    const vulnerable = floor
      ? [`${relative(nodeModules, dirname(served))}@${version} < ${floor}`]
      : [];
    expect(vulnerable).toEqual([]);
  });

  it('has no copy of fastify, mercurius or ws older than its patched release anywhere', () => {
    const copies = installedCopies(nodeModules);
    for (const name of Object.keys(PATCHED)) {
      expect([name, copies.some((copy) => copy.name === name)]).toEqual([name, true]);
    }
    const vulnerable = copies.flatMap(({ name, version, path }) => {
      const floor = missingFix(name, version);
      return floor ? [`${relative(nodeModules, path)}@${version} < ${floor}`] : [];
    });
    expect(vulnerable).toEqual([]);
  });
});
