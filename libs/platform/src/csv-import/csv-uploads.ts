import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Lets imports stream their files. A `text/csv` body reaches the controller as the raw request
 * stream, neither buffered nor held to the JSON bodyLimit: the import enforces its own limit
 * (IMPORT_LIMIT_BYTES) as it reads. Multipart uploads are parsed part by part as they arrive.
 */
export async function registerCsvUploads(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // @nestjs/platform-fastify carries its own copy of fastify's types, which the plugin's do not
  // name; at run time it is one fastify 5 instance.
  await fastify.register(multipart as unknown as Parameters<typeof fastify.register>[0]);
  fastify.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
}
