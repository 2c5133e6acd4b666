import { createServer, type Server } from 'net';
import {
  checkPortFree,
  firstAdminHint,
  PortUnavailableError,
  portProblem,
  startBanner,
} from './start-up';

describe('checkPortFree', () => {
  let taken: Server;
  let port: number;
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        taken = createServer().listen(0, '127.0.0.1', () => {
          port = (taken.address() as { port: number }).port;
          resolve();
        });
      }),
  );
  afterAll(() => new Promise((resolve) => taken.close(resolve)));

  it('refuses a port in use with a message saying what to do', async () => {
    const checked = checkPortFree('127.0.0.1', port);
    await expect(checked).rejects.toBeInstanceOf(PortUnavailableError);
    await expect(checked).rejects.toThrow(
      `Port ${port} is already in use on 127.0.0.1 (another Reform Tracker, or another program?); stop that one, or set PORT to another port`,
    );
  });

  it('lets a free port go again', async () => {
    await checkPortFree('127.0.0.1', 0);
  });
});

describe('portProblem', () => {
  it('explains privileged ports and unknown hosts, and leaves other failures alone', () => {
    expect(portProblem('EACCES', '0.0.0.0', 80)).toBe(
      'Port 80 needs privileges this process does not have; set PORT to 1024 or above',
    );
    expect(portProblem('EADDRNOTAVAIL', '10.9.9.9', 3000)).toMatch(
      /^HOST 10\.9\.9\.9 is not an address of this machine/,
    );
    expect(portProblem('EMFILE', '127.0.0.1', 3000)).toBeNull();
  });
});

describe('startBanner', () => {
  const started = {
    url: 'http://127.0.0.1:3000',
    eventStore: 'sqlite',
    dataDir: '/srv/data',
  };

  it('says where the public site, the signed-in pages, the API and GraphiQL are, and how to get a token', () => {
    expect(startBanner({ ...started, graphiql: true })).toBe(
      [
        'Reform Tracker is running (events in sqlite, data in /srv/data)',
        '  Site       http://127.0.0.1:3000/',
        "  Sign in    http://127.0.0.1:3000/sign-in   (the board's, officers' and auditors' pages)",
        '  GraphQL    http://127.0.0.1:3000/graphql',
        '  GraphiQL   http://127.0.0.1:3000/graphiql',
        '  Health     http://127.0.0.1:3000/health/ready   Metrics http://127.0.0.1:3000/metrics (ADMIN token)',
        '  An account to sign in with (the link is mailed, or written to the log without SMTP_URL):',
        '    npm run -s tracker -- account add --role ADMIN --email you@example.gov.uk --name "Your Name" --organisation "Your organisation"',
        'Logs are JSON lines on standard output (LOG_LEVEL=debug logs every request).',
        '',
      ].join('\n'),
    );
  });

  it('leaves GraphiQL out when it is off', () => {
    expect(startBanner({ ...started, graphiql: false })).not.toMatch(/GraphiQL/);
  });
});

describe('firstAdminHint', () => {
  it('says in one line how to create the first admin and where to sign in', () => {
    const hint = firstAdminHint('http://127.0.0.1:3000');
    expect(hint).not.toMatch(/\n/);
    expect(hint).toContain(
      'npm run -s tracker -- account add --role ADMIN --email you@example.gov.uk --name "Your Name" --organisation "Your organisation"',
    );
    expect(hint).toMatch(/sign in at http:\/\/127\.0\.0\.1:3000\/sign-in$/);
  });
});
