// A real OpenID Provider (the oidc-provider package, ES modules only, so run in a process of its
// own) for the end-to-end tests of signing in with OpenID Connect. Configured by the test
// through the environment (all JSON but the issuer):
//   OIDC_TEST_ISSUER    the issuer it names itself by (the test's proxy in front of it)
//   OIDC_TEST_CLIENT    the one client: client_id, client_secret, redirect_uris, post_logout_redirect_uris
//   OIDC_TEST_JWKS      its signing keys (private JWKs), so the test can sign tokens as it does
//   OIDC_TEST_ACCOUNTS  login name -> claims (email, email_verified, name)
// It prints {"port": <port>} on its first line of output once it listens on 127.0.0.1.
// People log in through oidc-provider's development interaction (any password), and consent
// is taken as given, so a test completes the flow with two requests and a form.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const json = (name) => JSON.parse(process.env[name]);
const accounts = json('OIDC_TEST_ACCOUNTS');

const provider = new Provider(process.env.OIDC_TEST_ISSUER, {
  clients: [json('OIDC_TEST_CLIENT')],
  jwks: json('OIDC_TEST_JWKS'),
  cookies: { keys: ['the provider of the tests'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: (_ctx, id) =>
    accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined,
  // PKCE for every client, the confidential one of the tests too.
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  // Consent taken as given: the tracker's client is the organisation's own.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  // Its own console warnings about development settings say nothing the tests need.
  renderError(ctx, out) {
    ctx.type = 'json';
    ctx.body = out;
  },
});

const server = createServer(provider.callback()).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
