// A real OpenID Connect provider for the single sign-on tests (tests/sso/, tests/e2e/test_sso.py):
// the npm package oidc-provider, run by node on 127.0.0.1, with one confidential client and the
// accounts of a JSON file. Never used outside tests.
//
//   node tests/sso/provider.mjs
//
// Environment:
//   OIDC_TEST_REDIRECT_URIS  the client's redirect URIs, comma-separated (…/oidc/callback/)
//   OIDC_TEST_ACCOUNTS       a JSON file {"<sub>": {"email": …, "name": …, "groups": […]}, …},
//                            read again at every look-up, so a test can change an account's
//                            e-mail or groups between two logins
//   OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET   the client (defaults below)
//   OIDC_TEST_PORT           0 (default): any free port
//
// Prints one line "ready <issuer>" on stdout once it listens. The login page is oidc-provider's
// own development interaction (devInteractions): it takes any password, and the login typed is
// the account's `sub`, the stable identifier the product matches users by.
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const clientId = process.env.OIDC_TEST_CLIENT_ID || 'werkregio';
const clientSecret = process.env.OIDC_TEST_CLIENT_SECRET || 'werkregio-test-secret';
const redirectUris = (process.env.OIDC_TEST_REDIRECT_URIS || '')
  .split(',').map((uri) => uri.trim()).filter(Boolean);
const accountsFile = process.env.OIDC_TEST_ACCOUNTS;
if (!redirectUris.length || !accountsFile) {
  console.error('OIDC_TEST_REDIRECT_URIS and OIDC_TEST_ACCOUNTS are required');
  process.exit(2);
}

function accounts() {
  return JSON.parse(readFileSync(accountsFile, 'utf8'));
}

const server = http.createServer();
await new Promise((resolve) => {
  server.listen(Number(process.env.OIDC_TEST_PORT || 0), '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: redirectUris.map((uri) => new URL('/', uri).href),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  // The scopes and the claims each releases; "groups" is the one the role mapping reads.
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  async findAccount(_ctx, sub) {
    const account = accounts()[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email_verified: true, ...account };
      },
    };
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  // PKCE demanded of this confidential client too: the product sends it on every login.
  pkce: { required: () => true },
  // Signed with the provider's generated RS256 key (its JWKS at /jwks), as a real one would.
  cookies: { keys: ['werkregio-oidc-test-cookie-key'] },
});
// Plain http on loopback: oidc-provider allows it outside NODE_ENV=production.
provider.on('server_error', (_ctx, error) => console.error('server_error', error));

server.on('request', provider.callback());
process.stdout.write(`ready ${issuer}\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
