import MarkdownIt from 'markdown-it';
import { Kind, parse } from 'graphql';

/**
 * The README's examples, as `test/readme-examples.e2e-spec.ts` runs them. Code blocks in `sh`,
 * `bash` or `shell` are shell examples, in `graphql` GraphQL ones; blocks in any other language
 * (JSON, output, diagrams) are shown, not run. HTML comments on the lines just before a block
 * say how to run it:
 *
 * - `<!-- not run: why -->`: not run at all (it needs Docker, say); the reason is required.
 * - `<!-- expect error: CODE -->`: it shows a refusal; it passes only if an answer carries CODE,
 *   and no other error.
 * - `<!-- run as: ROLE [AREA] -->`: a GraphQL example's token role (BOARD_MEMBER otherwise).
 */
export interface Example {
  /** The README line of the block's opening fence. */
  line: number;
  language: 'shell' | 'graphql';
  /** The code as a reader pastes it; of a transcript, its commands, each on its own line. */
  code: string;
  /** Why it is not run, or null; '' when the marker forgot to say why. */
  notRun: string | null;
  /** The error code it shows, or null. */
  expectError: string | null;
  /** The token a GraphQL example is sent with. */
  runAs: { role: string; area?: string };
}

const LANGUAGES = new Map<string, Example['language']>([
  ['sh', 'shell'],
  ['bash', 'shell'],
  ['shell', 'shell'],
  ['graphql', 'graphql'],
]);

const MARKER = /^<!--\s*(not run|expect error|run as)\s*:(.*?)-->\s*$/s;

/** Every shell and GraphQL example of a Markdown document, in order, with its markers. */
export function examplesIn(markdown: string): Example[] {
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const examples: Example[] = [];
  tokens.forEach((token, index) => {
    const language = LANGUAGES.get(token.info.trim().split(/\s+/)[0]);
    if (token.type !== 'fence' || !language) return;
    const markers = new Map<string, string>();
    for (let before = index - 1; tokens[before]?.type === 'html_block'; before--) {
      const marker = MARKER.exec(tokens[before].content.trim());
      if (marker && !markers.has(marker[1])) markers.set(marker[1], marker[2].trim());
    }
    const [role, area] = (markers.get('run as') || 'BOARD_MEMBER').split(/\s+/);
    examples.push({
      line: token.map![0] + 1,
      language,
      code: language === 'shell' ? commandsOf(token.content) : token.content,
      notRun: markers.get('not run') ?? null,
      expectError: markers.get('expect error') || null,
      runAs: { role, area },
    });
  });
  return examples;
}

/**
 * A shell block's commands. A transcript (its first line starts with the prompt `$ `) keeps its
 * commands and their continuation lines (after a trailing `\`); its output lines become blank
 * lines, so that every command stays at its README line.
 */
export function commandsOf(code: string): string {
  const lines = code.split('\n');
  if (!lines.find((line) => line.trim())?.startsWith('$ ')) return code;
  let continued = false;
  return lines
    .map((line) => {
      const command = line.startsWith('$ ') ? line.slice(2) : continued ? line : null;
      continued = command !== null && command.endsWith('\\');
      return command ?? '';
    })
    .join('\n');
}

/** The README's server address, which examples use as written (`npm start` serves it). */
const README_SERVER = /http:\/\/(?:127\.0\.0\.1|localhost):3000(?![0-9])/g;

/** The example with the README's server address replaced by the test server's. */
export const againstServer = (code: string, url: string): string =>
  code.replace(README_SERVER, url);

/** The GraphQL operations of a block, each sent on its own (a block may hold several). */
export function operationsOf(document: string): (string | undefined)[] {
  return parse(document).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION ? [definition.name?.value] : [],
  );
}

/** What went wrong in one HTTP answer: a code and a message for each problem. */
export interface Problem {
  code: string;
  message: string;
}

/**
 * The problems one HTTP answer reports: GraphQL `errors`, a REST `error` (the imports' form, or
 * Fastify's own), rows an import refused, or a failing status.
 */
export function problemsIn(status: number, body: string): Problem[] {
  const answer = parsedJson(body);
  const problems: Problem[] = [];
  for (const error of Array.isArray(answer?.errors) ? answer.errors : []) {
    problems.push({ code: error?.extensions?.code ?? 'ERROR', message: String(error?.message) });
  }
  if (answer?.error && typeof answer.error === 'object') {
    problems.push({ code: String(answer.error.code), message: String(answer.error.message) });
  }
  if (typeof answer?.errorCount === 'number' && answer.errorCount > 0) {
    problems.push({ code: 'ROWS_REFUSED', message: `${answer.errorCount} row(s) refused` });
  }
  if (status >= 400 && problems.length === 0) {
    problems.push({ code: String(answer?.code ?? `HTTP ${status}`), message: body.slice(0, 500) });
  }
  return problems;
}

const parsedJson = (text: string): Record<string, any> | null => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, any>) : null;
  } catch {
    return null;
  }
};

/** The status of the last response in headers curl dumped (`-D`): after any `100 Continue`. */
export const lastStatusIn = (headers: string): number =>
  Number([...headers.matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)].at(-1)?.[1] ?? 0);

/**
 * Whether an example's answers are what it shows: none with a problem, or, for one marked with
 * `expect error: CODE`, at least one carrying CODE and none anything else. Returns what is wrong.
 */
export function judge(problems: Problem[], expectError: string | null): string | null {
  const unexpected = problems.filter((problem) => problem.code !== expectError);
  if (unexpected.length > 0) {
    return `answered with errors:\n${unexpected.map((p) => `  ${p.code}: ${p.message}`).join('\n')}`;
  }
  if (expectError && problems.length === 0) return `expected an error ${expectError}, got none`;
  return null;
}
