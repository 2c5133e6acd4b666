import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WebSessions } from '@app/access';
import { SESSION_COOKIE } from './sign-in.controller';

/**
 * Server-side sessions for the signed-in pages (@fastify/session, its store the access
 * database), in a cookie that scripts cannot read (HttpOnly), that other sites' requests do
 * not carry (SameSite=Lax) and that is sent only over HTTPS when the request came over HTTPS.
 * It lasts as long as the browser keeps it; the server ends it sooner (idle or in all, see
 * web-sessions.ts). Nest's Fastify adapter parses the forms' urlencoded bodies.
 */
export async function registerSessions(app: NestFastifyApplication): Promise<void> {
  const store = app.get(WebSessions);
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    store,
    secret: await store.signingSecret(),
    cookieName: SESSION_COOKIE,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' },
    // Saved when its data changes (sign-in, a notice, last seen once a minute), not on every page.
    saveUninitialized: false,
    rolling: false,
  });
}
