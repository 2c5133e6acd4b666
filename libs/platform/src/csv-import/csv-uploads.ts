import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The type a JSON file sent to an import is read as: the raw stream, like a CSV file. */
export const IMPORTED_JSON_TYPE = 'application/x-imported-json';

/**
 * Lets imports stream their files. A `text/csv` body reaches the controller as the raw request
 * stream, neither buffered nor held to the JSON bodyLimit: the import enforces its own limit
 * (IMPORT_LIMIT_BYTES) as it reads. Multipart uploads are parsed part by part as they arrive.
 * An `application/json` body sent to one of `jsonFileRoutes` is a file too, read raw, so that
 * its import names the line and character of a syntax error; every other JSON body is parsed
 * by fastify as before, within the bodyLimit.
 */
export async function registerCsvUploads(
  app: NestFastifyApplication,
  jsonFileRoutes: readonly string[] = [],
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // @nestjs/platform-fastify carries its own copy of fastify's types, which the plugin's do not
  // name; at run time it is one fastify 5 instance.
  await fastify.register(multipart as unknown as Parameters<typeof fastify.register>[0]);
  fastify.addContentTypeParser(['text/csv', IMPORTED_JSON_TYPE], (_request, payload, done) =>
    done(null, payload),
  );
  // The parser is chosen by the content type once the request is routed: on those routes
  // alone, JSON is named as the raw type before it is.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (
      jsonFileRoutes.includes(request.routeOptions.url ?? '') &&
      typeof type === 'string' &&
      /^application\/json\b/i.test(type)
    ) {
      request.headers['content-type'] = IMPORTED_JSON_TYPE;
    }
    done();
  });
}
