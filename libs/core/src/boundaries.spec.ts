import { Linter } from 'eslint';
import { join } from 'path';

// The rules `npm run lint` applies (eslint.config.mjs), without the type-checked rest.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file
const boundaries = require('../../../eslint.boundaries.js') as Linter.Config[];
const ROOT = join(__dirname, '../../..');

/** The messages of the boundary rules for `code` written at `file` (from the repository root). */
const refusals = (file: string, code: string): string[] =>
  new Linter({ cwd: ROOT })
    .verify(code, boundaries, { filename: join(ROOT, file) })
    .map(({ line, ruleId, message }) => `${line} ${ruleId}: ${message.split(' import is ')[0]}`);

describe('the import boundaries', () => {
  it('keep a domain to the kernel and its own folder', () => {
    const code = [
      "import { Injectable } from '@nestjs/common';",
      "import { GraphQLScalarType } from 'graphql';",
      "import { Roles } from '@app/access';",
      "import { Metrics } from '@app/platform';",
      "import { Stage } from '../read-model/recommendations.read-model';",
      "import { ErrorCode } from '@app/kernel';",
      "import { Stage as Own } from './stage';",
    ].join('\n');
    expect(refusals('libs/recommendations/src/domain/probe.ts', code)).toEqual([
      "1 no-restricted-imports: '@nestjs/common'",
      "2 no-restricted-imports: 'graphql'",
      "3 no-restricted-imports: '@app/access'",
      "4 no-restricted-imports: '@app/platform'",
      "5 no-restricted-imports: '../read-model/recommendations.read-model'",
    ]);
  });

  it('keep the kernel free of frameworks, drivers and every other lib', () => {
    const code = [
      "import { Counter } from 'prom-client';",
      "import { Pool } from 'pg';",
      "import { EVENT_STORE } from '@app/event-store';",
      "import { createHash } from 'crypto';",
    ].join('\n');
    expect(refusals('libs/kernel/src/probe.ts', code)).toEqual([
      "1 no-restricted-imports: 'prom-client'",
      "2 no-restricted-imports: 'pg'",
      "3 no-restricted-imports: '@app/event-store'",
    ]);
  });

  it("keep the CLI out of the server, and every lib out of another lib's insides", () => {
    expect(
      refusals('apps/cli/src/probe.ts', "import { loadConfig } from '../../api/src/config';"),
    ).toEqual(["1 no-restricted-imports: '../../api/src/config'"]);
    expect(
      refusals('libs/audit/src/probe.ts', "import { Metrics } from '@app/platform/metrics';"),
    ).toEqual(["1 no-restricted-imports: '@app/platform/metrics'"]);
    expect(refusals('libs/audit/src/probe.ts', "import { Metrics } from '@app/platform';")).toEqual(
      [],
    );
  });
});
