import { createServer } from 'net';

/** The port cannot be listened on: said in words, with what to do, and no stack trace. */
export class PortUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortUnavailableError';
  }
}

/** What a failed listen means to whoever started the server, or null for other failures. */
export function portProblem(code: string | undefined, host: string, port: number): string | null {
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use on ${host} (another Reform Tracker, or another program?); stop that one, or set PORT to another port`;
    case 'EACCES':
      return `Port ${port} needs privileges this process does not have; set PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST ${host} is not an address of this machine; set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for all)`;
    default:
      return null;
  }
}

/**
 * Listens on the port for a moment and lets it go, so a server that could not listen fails at
 * once, before it opens, migrates or seeds any store. (Another program may still take the port
 * in between; the real listen then fails with Node's own error.)
 */
export function checkPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const problem = portProblem(error.code, host, port);
      reject(problem ? new PortUnavailableError(problem) : error);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export interface Started {
  url: string;
  graphiql: boolean;
  eventStore: string;
  dataDir: string;
}

/** How to make an admin from the command line, said the same way by the banner, the first-run line and the README. */
export const ADD_ADMIN_COMMAND =
  'npm run -s tracker -- account add --role ADMIN --email you@example.gov.uk --name "Your Name" --organisation "Your organisation"';

/** A few lines for the person who ran `npm start`: where to go, and how to get in. */
export function startBanner({ url, graphiql, eventStore, dataDir }: Started): string {
  const lines = [
    `Reform Tracker is running (events in ${eventStore}, data in ${dataDir})`,
    `  Site       ${url}/`,
    `  Sign in    ${url}/sign-in   (the board's, officers' and auditors' pages)`,
    `  GraphQL    ${url}/graphql`,
    ...(graphiql ? [`  GraphiQL   ${url}/graphiql`] : []),
    `  Health     ${url}/health/ready   Metrics ${url}/metrics (ADMIN token)`,
    `  An account to sign in with (the link is mailed, or written to the log without SMTP_URL):`,
    `    ${ADD_ADMIN_COMMAND}`,
    `Logs are JSON lines on standard output (LOG_LEVEL=debug logs every request).`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * One line for a first run, when no active admin exists: nobody could sign in to add people,
 * so it says how to make the first admin from the command line and where to sign in.
 */
export const firstAdminHint = (url: string): string =>
  `No admin account yet: create the first with ${ADD_ADMIN_COMMAND}, then sign in at ${url}/sign-in`;
