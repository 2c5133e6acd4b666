import type { FastifyInstance } from 'fastify';

/** The pages that replaced each view of the browser-built dashboard (`/dashboard/?view=...`). */
const REPLACED_BY: Record<string, string> = {
  overview: '/overview',
  programmes: '/overview/programmes',
  report: '/report',
  history: '/history',
};

/** Where an old dashboard address now leads; a programme's view to its programme page. */
export function pageReplacingDashboard(query: Record<string, unknown>): string {
  const view = typeof query.view === 'string' ? query.view : '';
  const id = typeof query.id === 'string' ? query.id : '';
  if (view === 'programme' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id))
    return `/overview/programmes/${id}`;
  return Object.hasOwn(REPLACED_BY, view) ? REPLACED_BY[view] : '/overview';
}

/** Bookmarks of the retired dashboard lead to the pages that replaced it (and to sign in). */
export function redirectRetiredDashboard(fastify: FastifyInstance): void {
  for (const path of ['/dashboard', '/dashboard/*'])
    fastify.get(path, (request, reply) =>
      reply.redirect(pageReplacingDashboard(request.query as Record<string, unknown>), 301),
    );
}
