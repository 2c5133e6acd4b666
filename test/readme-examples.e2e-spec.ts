import { readFileSync } from 'fs';
import { join } from 'path';
import { commandsOf, examplesIn, judge, lastStatusIn, problemsIn } from './support/readme-examples';
import { ReadmeRunner } from './support/readme-runner';
import { ROOT, TrackerServer } from './support/tracker-server';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Whether a process runs (a zombie, ended but not yet reaped, does not). */
const running = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/**
 * Every example in the README, run as written, in order, on a fresh server, so that one that
 * does not work as pasted fails here with its README line and its output. How blocks are chosen
 * and marked: `test/support/readme-examples.ts` (and the README's Tests section).
 */
describe('the README examples, as pasted on a fresh server', () => {
  const server = new TrackerServer('readme');
  let runner: ReadmeRunner;
  const examples = examplesIn(README);

  beforeAll(async () => {
    await server.start();
    runner = new ReadmeRunner(server);
  });
  afterAll(async () => {
    runner?.dispose();
    await server.dispose();
  });

  it('finds the examples, and every one not run says why', () => {
    expect(examples.filter((example) => !example.notRun).length).toBeGreaterThan(0);
    expect(examples.filter((example) => example.notRun === '').map((e) => e.line)).toEqual([]);
  });

  for (const example of examples) {
    const title = `README.md line ${example.line} (${example.language})`;
    if (example.notRun) {
      it.skip(`${title}, not run: ${example.notRun}`, () => undefined);
      continue;
    }
    it(
      title,
      async () => {
        const wrong = await runner.run(example);
        if (wrong) throw new Error(wrong);
      },
      90_000,
    );
  }

  // The runner itself, on examples of its own (in a terminal of their own): it must fail what
  // does not work, name the line, and honour the markers.
  describe('the runner', () => {
    const run = (markdown: string) => runner.run(examplesIn(markdown)[0], 'runner');

    it('fails a shell example whose command fails, naming the README line', async () => {
      const wrong = await run('text\n\n```sh\necho fine\nls /no/such/file\necho never\n```\n');
      expect(wrong).toContain('README.md line 3 ended with status 2');
      expect(wrong).toContain('README.md line 5: `ls /no/such/file` failed (status 2)');
      expect(wrong?.split('--- the example ---')[0]).not.toContain('never');
    });

    it('fails a shell example whose request is answered with an error, and shows it', async () => {
      const wrong = await run(
        '```sh\ncurl -s http://127.0.0.1:3000/graphql -H \'content-type: application/json\' -d \'{"query":"{ whoAmI { role } }"}\'\n```\n',
      );
      expect(wrong).toMatch(/answered with errors:\n {2}UNAUTHENTICATED: /);
    });

    it('keeps what an example defines for the next, as a terminal does', async () => {
      expect(
        await run('```bash\nGREETING=hello\nsay() { echo "$GREETING $1"; }\n```\n'),
      ).toBeNull();
      expect(await run('```bash\n[ "$(say world)" = "hello world" ]\n```\n')).toBeNull();
    });

    it('stops an example that does not end, with what it started', async () => {
      const impatient = new ReadmeRunner(server, 1_000);
      try {
        const wrong = await impatient.run(
          examplesIn('```sh\nsleep 300 & echo $! > sleeper\nwait\n```\n')[0],
        );
        expect(wrong).toContain('README.md line 1 did not end within 1 s (stopped)');
        const sleeper = Number(readFileSync(join(impatient.checkout, 'sleeper'), 'utf8'));
        for (let wait = 0; running(sleeper) && wait < 20; wait++) await pause(50);
        expect(running(sleeper)).toBe(false);
      } finally {
        impatient.dispose();
      }
    });

    it('sends a GraphQL example with the marked role, expecting its error', async () => {
      expect(
        await run('<!-- run as: AUDITOR -->\n```graphql\n{ whoAmI { role } }\n```\n'),
      ).toBeNull();
      const forbidden =
        '```graphql\nmutation { acceptRecommendation(input: {id: "CSC-DATA", reason: "r"}) { stage } }\n```\n';
      expect(await run(`<!-- run as: AUDITOR -->\n${forbidden}`)).toContain('FORBIDDEN');
      expect(
        await run(`<!-- run as: AUDITOR -->\n<!-- expect error: FORBIDDEN -->\n${forbidden}`),
      ).toBeNull();
    });
  });
});

describe('reading the README examples', () => {
  it('takes shell and GraphQL blocks with their lines and markers, and leaves the rest', () => {
    const markdown = [
      '# Title', // 1
      '```json', // 2
      '{}',
      '```',
      '- a list item:', // 5
      '',
      '  <!-- not run: needs Docker -->',
      '  ```sh', // 8
      '  docker run x',
      '  ```',
      '',
      '<!-- run as: LOCAL_AUTHORITY E09000022 -->',
      '<!-- expect error: FORBIDDEN -->',
      '', // as Prettier writes it
      '```graphql', // 15
      '{ a }',
      '```',
      '<!-- not run: -->',
      '```shell', // 19
      'x',
      '```',
    ].join('\n');
    expect(examplesIn(markdown)).toEqual([
      {
        line: 8,
        language: 'shell',
        code: 'docker run x\n',
        notRun: 'needs Docker',
        expectError: null,
        runAs: { role: 'BOARD_MEMBER', area: undefined },
      },
      {
        line: 15,
        language: 'graphql',
        code: '{ a }\n',
        notRun: null,
        expectError: 'FORBIDDEN',
        runAs: { role: 'LOCAL_AUTHORITY', area: 'E09000022' },
      },
      expect.objectContaining({ line: 19, notRun: '' }),
    ]);
  });

  it('runs the commands of a transcript, each at its line', () => {
    expect(commandsOf('$ a \\\n  --b\nout put\n$ c\nmore\n')).toBe('a \\\n  --b\n\nc\n\n');
    expect(commandsOf('a\n$ b\n')).toBe('a\n$ b\n');
  });

  it('finds the problems in an answer', () => {
    const graphqlError = '{"data":null,"errors":[{"message":"m","extensions":{"code":"X"}}]}';
    expect(problemsIn(200, graphqlError)).toEqual([{ code: 'X', message: 'm' }]);
    expect(problemsIn(422, '{"error":{"code":"BAD_USER_INPUT","message":"m"}}')).toEqual([
      { code: 'BAD_USER_INPUT', message: 'm' },
    ]);
    expect(problemsIn(200, '{"rows":2,"errorCount":1}')).toEqual([
      { code: 'ROWS_REFUSED', message: '1 row(s) refused' },
    ]);
    expect(problemsIn(404, 'Not Found')).toEqual([{ code: 'HTTP 404', message: 'Not Found' }]);
    expect(problemsIn(200, '{"data":{"a":1}}')).toEqual([]);
    expect(lastStatusIn('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 422 Unprocessable\r\n')).toBe(422);
    expect(judge([{ code: 'X', message: 'm' }], 'X')).toBeNull();
    expect(judge([], 'X')).toBe('expected an error X, got none');
  });
});
