import { ChildProcess, spawn } from 'child_process';
import { generateKeyPairSync, KeyObject, sign } from 'crypto';
import {
  createServer,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { PageAnswer, SignedInClient } from './signed-in-client';

/**
 * What the proxy in front of the provider does to the ID token of each token response: passes
 * it as issued, flips a byte of its signature, or signs it again with the provider's own key,
 * as it was or already expired.
 */
export type IdTokenHandling = 'as-issued' | 'tampered' | 'resigned' | 'expired';

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
}

export const TEST_CLIENT = { id: 'reform-tracker', secret: 'the client secret of the tests' };

/**
 * A real OpenID Provider (oidc-provider, in a child process: test/support/oidc-provider.mjs)
 * behind an HTTP proxy run by the test, whose address is the issuer: the proxy passes everything
 * through, and changes the ID token of token responses as `idTokens` says, so that tests can
 * show a forged or expired token refused. The proxy holds the provider's signing key (the test
 * made it), so an expired token it signs is one the provider could have issued.
 */
export class TestOidcProvider {
  idTokens: IdTokenHandling = 'as-issued';
  issuer = '';
  private readonly key: { privateKey: KeyObject; kid: string };
  private provider: ChildProcess | null = null;
  /** 0 until the provider has started: the proxy then answers 502. */
  private providerPort = 0;
  private proxy: Server | null = null;

  constructor() {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.key = { privateKey, kid: 'key-of-the-tests' };
  }

  /**
   * Starts the proxy, which gives the issuer's address; until the provider starts it answers
   * 502, as a provider that is down would.
   */
  async listen(): Promise<void> {
    const proxy = createServer((request, response) => this.pass(request, response));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    this.proxy = proxy;
    this.issuer = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  }

  /**
   * Starts the provider, with the tracker servers at `trackerUrls` as its client's, and the
   * people who can log in to it (login name -> claims).
   */
  async start(trackerUrls: string[], accounts: Record<string, TestAccount>): Promise<void> {
    const jwk = { ...this.key.privateKey.export({ format: 'jwk' }), kid: this.key.kid };
    const provider = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: {
        ...process.env,
        OIDC_TEST_ISSUER: this.issuer,
        OIDC_TEST_CLIENT: JSON.stringify({
          client_id: TEST_CLIENT.id,
          client_secret: TEST_CLIENT.secret,
          redirect_uris: trackerUrls.map((url) => `${url}/sign-in/oidc/callback`),
          post_logout_redirect_uris: trackerUrls.map((url) => `${url}/signed-out`),
        }),
        OIDC_TEST_JWKS: JSON.stringify({ keys: [{ ...jwk, alg: 'RS256', use: 'sig' }] }),
        OIDC_TEST_ACCOUNTS: JSON.stringify(accounts),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.provider = provider;
    let errors = '';
    provider.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    this.providerPort = await new Promise<number>((resolve, reject) => {
      provider.stdout.setEncoding('utf8').once('data', (line: string) => {
        resolve((JSON.parse(line.split('\n')[0]) as { port: number }).port);
      });
      provider.once('exit', (code) =>
        reject(new Error(`the provider exited (${code}): ${errors}`)),
      );
    });
  }

  async stop(): Promise<void> {
    const provider = this.provider;
    if (provider && provider.exitCode === null) {
      const exited = new Promise((resolve) => provider.once('exit', resolve));
      provider.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => (this.proxy ? this.proxy.close(resolve) : resolve(undefined)));
  }

  /**
   * Starts signing in at the tracker (`/sign-in/oidc`), logs in at the provider as `login`
   * (its development login form), and returns the provider's redirect back to the tracker,
   * not yet followed. A person's browser keeps the provider's cookies in `atProvider`.
   */
  async logIn(
    tracker: SignedInClient,
    login: string,
    { next, atProvider = new SignedInClient(this.issuer) } = {} as {
      next?: string;
      atProvider?: SignedInClient;
    },
  ): Promise<{ authorization: URL; backToTracker: URL }> {
    const start = await tracker.get(
      `/sign-in/oidc${next ? `?next=${encodeURIComponent(next)}` : ''}`,
    );
    expectRedirect(start, 303);
    const authorization = new URL(start.location!);
    const interaction = await atProvider.get(authorization.href);
    const loginPage = await atProvider.get(locationOf(interaction));
    const action = /action="([^"]+)"/.exec(loginPage.text)?.[1];
    if (!action) throw new Error(`no login form at the provider: ${loginPage.text}`);
    const loggedIn = await atProvider.postForm(action, {
      prompt: 'login',
      login,
      password: 'any password',
    });
    const back = await atProvider.get(locationOf(loggedIn));
    return { authorization, backToTracker: new URL(locationOf(back)) };
  }

  /** Passes a request to the provider; token responses get their ID token handled. */
  private pass(request: IncomingMessage, response: ServerResponse): void {
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: this.providerPort,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body: Buffer = Buffer.concat(chunks);
          if (request.url === '/token' && answer.statusCode === 200) body = this.handle(body);
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          response.writeHead(answer.statusCode ?? 502, headers).end(body);
        });
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  }

  private handle(body: Buffer): Buffer {
    const tokens = JSON.parse(body.toString()) as { id_token?: string };
    if (!tokens.id_token || this.idTokens === 'as-issued') return body;
    const [header, payload, signature] = tokens.id_token.split('.');
    if (this.idTokens === 'tampered') {
      // One character in the middle of the signature (the last carries padding bits).
      const at = Math.floor(signature.length / 2);
      const flipped = signature[at] === 'A' ? 'B' : 'A';
      tokens.id_token = `${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
    } else {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
        string,
        number
      >;
      if (this.idTokens === 'expired') {
        // Well past any clock tolerance a client allows.
        const now = Math.floor(Date.now() / 1000);
        Object.assign(claims, { iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
      }
      const signed = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const signatureOfKey = sign('sha256', Buffer.from(signed), this.key.privateKey);
      tokens.id_token = `${signed}.${signatureOfKey.toString('base64url')}`;
    }
    return Buffer.from(JSON.stringify(tokens));
  }
}

/** The Location of a redirect, failing the test on any other answer. */
export function locationOf(answer: PageAnswer): string {
  if (answer.status < 300 || answer.status > 399 || !answer.location) {
    throw new Error(`expected a redirect, got ${answer.status}: ${answer.text.slice(0, 500)}`);
  }
  return answer.location;
}

function expectRedirect(answer: PageAnswer, status: number): void {
  if (answer.status !== status) {
    throw new Error(`expected ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
  }
}
