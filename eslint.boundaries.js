/*
 * What each part may import (docs/ARCHITECTURE.md, "The parts"), for eslint.config.mjs. A file
 * of its own, so that libs/core/src/boundaries.spec.ts lints text with it alone. ESLint keeps
 * one no-restricted-imports per file, the last block's: each block lists all that applies.
 */
const FRAMEWORKS = {
  group: [
    '@nestjs/*',
    'graphql',
    'graphql-*',
    'mercurius',
    'fastify',
    '@fastify/*',
    'class-validator',
    'class-transformer',
    'better-sqlite3',
    'pg',
    '@eventstore/*',
    'prom-client',
    'pino',
    'pino-*',
    'nestjs-pino',
  ],
  message:
    "The kernel and the domains stay framework-free, so their rules run and are tested without Nest, GraphQL, a database driver or metrics: wiring belongs in @app/platform or the context's module.",
};
const DEEP_IMPORT = {
  regex: '^@app/[^/]+/',
  message:
    "Import another lib through its barrel (@app/<name>): what lies deeper is that lib's own business.",
};
const ANY_LIB = {
  regex: '^@app/',
  message: 'The kernel depends on no other lib: every lib depends on it.',
};
const OTHER_LIB = {
  regex: '^@app/(?!kernel$)',
  message:
    'A domain imports only @app/kernel and its own folder: what it needs from other contexts, its handler gathers and hands in.',
};
const LEAVING_DOMAIN = {
  regex: '^\\.\\./',
  message:
    'A domain imports only its own folder: use cases, read models and GraphQL depend on the domain, not the other way round.',
};
const API_APP = {
  group: ['**/api/**', 'apps/api/**'],
  message:
    'The CLI shares code with the server only through libs: the composition both use is @app/core.',
};
const restrictImports = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

module.exports = [
  { files: ['**/*.ts'], rules: restrictImports(DEEP_IMPORT) },
  { files: ['libs/kernel/**/*.ts'], rules: restrictImports(FRAMEWORKS, ANY_LIB) },
  {
    // Specs may set a rule beside another context's (not-in-future.spec.ts) and use testing/.
    files: ['libs/*/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrictImports(FRAMEWORKS, OTHER_LIB, DEEP_IMPORT, LEAVING_DOMAIN),
  },
  { files: ['apps/cli/**/*.ts'], rules: restrictImports(API_APP, DEEP_IMPORT) },
];
