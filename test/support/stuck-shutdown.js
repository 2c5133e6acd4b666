// Preloaded into a server (NODE_OPTIONS=--require) by the shutdown tests: its HTTP close stage
// never ends, held by a synchronous loop (STUCK_SHUTDOWN=sync) or an unresolved promise (async).
const { NestApplication } = require('@nestjs/core');

NestApplication.prototype.dispose = function dispose() {
  if (process.env.STUCK_SHUTDOWN === 'sync') for (;;);
  return new Promise(() => undefined);
};
