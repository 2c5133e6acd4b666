import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'fs';
import { dirname, join } from 'path';

/**
 * GraphiQL's page (`apps/api/graphiql`), found by walking up from here: the server runs from
 * sources in tests and from `dist/` otherwise, and the folder is not copied.
 */
function graphiqlPageDirectory(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'api', 'graphiql');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error('The GraphiQL page (apps/api/graphiql) is missing');
  }
}

/** A package's folder of browser builds (React 18's `umd`, which its exports do not list). */
const packageFolder = (name: string, folder: string): string =>
  join(dirname(require.resolve(`${name}/package.json`)), folder);

/** The folders GraphiQL's files come from: its page, and the browser builds npm ships. */
const graphiqlRoots = (): string[] => [
  graphiqlPageDirectory(),
  dirname(require.resolve('graphiql/graphiql.min.js')),
  packageFolder('react', 'umd'),
  packageFolder('react-dom', 'umd'),
];

/** Every file under /graphiql/ (the roots hold many more: sources, development builds). */
const GRAPHIQL_FILES = new Set([
  'index.html',
  'graphiql-page.js',
  'graphiql-page.css',
  'graphiql.min.js',
  'graphiql.min.css',
  'react.production.min.js',
  'react-dom.production.min.js',
]);

/**
 * GraphiQL at /graphiql, with its scripts and styles served from the npm packages installed here
 * rather than from a public CDN (Mercurius' own page loads them from one), so that it works on a
 * machine with no internet. Public: it holds no data, and asks the API with
 * the token the user enters in its headers editor.
 */
export async function registerGraphiQL(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: graphiqlRoots(),
    prefix: '/graphiql/',
    index: false,
    allowedPath: (path) => GRAPHIQL_FILES.has(path.replace(/^\//, '')),
  });
  fastify.get('/graphiql', (_request, reply) => reply.sendFile('index.html'));
}
