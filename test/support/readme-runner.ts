import { spawn, spawnSync } from 'child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'fs';
import { rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { againstServer, Example, judge, lastStatusIn, operationsOf } from './readme-examples';
import { Problem, problemsIn } from './readme-examples';
import { ROOT, TrackerServer } from './tracker-server';

const SHELL = join(ROOT, 'test/support/readme-shell');
/** Kept out of the reader's checkout: the real data, and the lock file `npm ci` installs from. */
const NOT_IN_CHECKOUT = /^(\..*|data|package-lock\.json)$/;
const REAL_CURL = spawnSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();

/**
 * Runs README examples as a reader would, against a test server: shell examples with bash in
 * the reader's terminal (what one example defines, such as TOKEN or gql, serves the next), from
 * the reader's checkout (links to the repository's files, and room for the files they make),
 * with the server's variables (the CLI honours them); GraphQL examples sent to /graphql.
 */
export class ReadmeRunner {
  /** The reader's checkout, where they paste the examples. */
  readonly checkout = mkdtempSync(join(tmpdir(), 'rt-e2e-readme-checkout-'));
  private readonly tokens = new Map<string, string>();
  private runs = 0;

  /** `timeoutMs`: longer than any example should take (a CLI start is 1 to 3 s); then stopped. */
  constructor(
    private readonly server: TrackerServer,
    private readonly timeoutMs = 60_000,
  ) {
    for (const entry of readdirSync(ROOT).filter((name) => !NOT_IN_CHECKOUT.test(name)))
      symlinkSync(join(ROOT, entry), join(this.checkout, entry));
  }

  dispose(): void {
    rmSync(this.checkout, { recursive: true, force: true });
  }

  /** Runs an example; resolves with what went wrong (naming its README line), or null. */
  async run(example: Example, terminal = 'reader'): Promise<string | null> {
    const wrong =
      example.language === 'shell'
        ? await this.runShell(example, terminal)
        : await this.runGraphql(example);
    return (
      wrong && `README.md line ${example.line} ${wrong}\n--- the example ---\n${listing(example)}`
    );
  }

  private async runShell(example: Example, terminal: string): Promise<string | null> {
    if (!REAL_CURL) return 'cannot run: curl is not installed (apt-get install curl)';
    const run = join(this.checkout, `.run-${++this.runs}`);
    const answers = join(run, 'answers');
    mkdirSync(answers, { recursive: true });
    const file = join(run, `README.md-line-${example.line}.sh`);
    writeFileSync(file, againstServer(example.code, this.server.url));
    const outputFile = join(run, 'output');
    const output = openSync(outputFile, 'w');
    const shell = spawn('bash', ['--noprofile', '--norc', join(SHELL, 'session.bash')], {
      cwd: this.checkout,
      env: {
        ...this.server.env,
        PATH: `${SHELL}:${process.env.PATH}`, // its curl, which keeps every answer
        README_EXAMPLE: file,
        README_LINE: String(example.line),
        README_STATE: join(this.checkout, `.terminal-${terminal}`),
        README_ANSWERS: answers,
        README_REAL_CURL: REAL_CURL,
      },
      stdio: ['ignore', output, output],
      detached: true, // a process group of its own, to end what it started
    });
    const endGroup = () => {
      try {
        process.kill(-shell.pid!, 'SIGKILL');
      } catch {
        // nothing left running
      }
    };
    let overdue = false;
    const timer = setTimeout(() => ((overdue = true), endGroup()), this.timeoutMs);
    const status = await new Promise<number | string>((resolve, reject) =>
      shell.on('error', reject).on('exit', (code, signal) => resolve(code ?? `${signal}`)),
    );
    clearTimeout(timer);
    endGroup(); // anything it left in the background
    closeSync(output);

    const problems: Problem[] = readdirSync(answers)
      .filter((name) => name.endsWith('.headers'))
      .sort()
      .flatMap((name) =>
        problemsIn(
          lastStatusIn(readFileSync(join(answers, name), 'utf8')),
          readFileSync(join(answers, name.replace(/headers$/, 'body')), 'utf8'),
        ),
      );
    const wrong = overdue
      ? `did not end within ${this.timeoutMs / 1000} s (stopped)`
      : status !== 0
        ? `ended with status ${status}`
        : judge(problems, example.expectError);
    return wrong && `${wrong}\n--- its output ---\n${readFileSync(outputFile, 'utf8')}`;
  }

  private async runGraphql(example: Example): Promise<string | null> {
    const token = this.tokenFor(example.runAs);
    const answers: string[] = [];
    const problems: Problem[] = [];
    for (const operationName of operationsOf(example.code)) {
      const response = await fetch(`${this.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: example.code, operationName }),
      });
      const body = await response.text();
      answers.push(body);
      problems.push(...problemsIn(response.status, body));
    }
    const wrong = judge(problems, example.expectError);
    return wrong && `${wrong}\n--- the answers ---\n${answers.join('\n')}`;
  }

  private tokenFor({ role, area }: Example['runAs']): string {
    const holder = `README ${role}${area ? ` ${area}` : ''}`;
    let token = this.tokens.get(holder);
    if (!token) this.tokens.set(holder, (token = this.server.createToken(role, holder, area)));
    return token;
  }
}

/** The README's lines of an example, numbered, to show beside what went wrong. */
const listing = (example: Example): string =>
  example.code
    .replace(/\n$/, '')
    .split('\n')
    .map((text, index) => `${String(example.line + 1 + index).padStart(5)} | ${text}`)
    .join('\n');
