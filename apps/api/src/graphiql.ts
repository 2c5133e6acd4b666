import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dirname, join } from 'path';
import { browserFilesDirectory } from './dashboard/dashboard';

/** A package's folder of browser builds (React 18's `umd`, which its exports do not list). */
const packageFolder = (name: string, folder: string): string =>
  join(dirname(require.resolve(`${name}/package.json`)), folder);

/** The folders GraphiQL's files come from: its page, and the browser builds npm ships. */
const graphiqlRoots = (): string[] => [
  browserFilesDirectory('graphiql'),
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
 * machine with no internet. Public like the dashboard: it holds no data, and asks the API with
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
