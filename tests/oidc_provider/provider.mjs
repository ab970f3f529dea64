// A real OpenID provider on loopback for the sign-in test: `node provider.mjs CONFIG.json`.
//
// oidc-provider (OpenID certified) with its development sign-in form: any password is accepted for a login
// the configuration names, and the ID token carries that account's email, name and groups, as Microsoft
// Entra ID's does with its groups claim. Everything it needs comes from the configuration file, written by
// the test: port, client, redirect addresses and accounts. It prints "listening" once it answers.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: [config.redirect_uri],
      post_logout_redirect_uris: [config.redirect_uri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  // Streamlit reads the user from the ID token alone, so the granted claims go in it.
  conformIdTokenClaims: false,
  cookies: { keys: [config.cookie_key] },
  // A signing key of its own for each run, not the package's published development key.
  jwks: { keys: [{ ...signingKey, use: 'sig' }] },
  async findAccount(_ctx, login) {
    const account = config.accounts[login];
    if (account === undefined) return undefined; // nobody the provider does not know signs in
    return {
      accountId: login,
      async claims() {
        return { sub: login, email_verified: true, ...account };
      },
    };
  },
});

provider.listen(config.port, '127.0.0.1', () => {
  console.log(`listening on ${issuer}`);
});
