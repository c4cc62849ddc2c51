// A real OpenID Connect provider for the single sign-on tests: panva's oidc-provider (OpenID
// certified), with its development login form. Anyone may sign in under any e-mail address; the
// address becomes the account and its claims, so a test picks who signs in by what it types.
//   node provider.mjs PORT CLIENTS_JSON [JWKS_JSON]   prints "ready" once it listens
// JWKS_JSON, private signing keys, lets a test restart the provider with new keys (key rotation).
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const clients = JSON.parse(process.argv[3]);
const jwks = process.argv[4] ? JSON.parse(process.argv[4]) : undefined;

// "someone:ann@example.org" is another provider account that claims ann's address.
function claimsOf(account) {
  const login = account.includes(':') ? account.split(':')[1] : account;
  const [name] = login.split('@');
  const [given, family = 'Sso'] = name.split('.');
  return {
    sub: `sub-${account}`,
    email: login,
    // an address starting with "unverified" is one the provider has not verified; "unmarked" gets no mark
    ...(!login.startsWith('unmarked') && { email_verified: !login.startsWith('unverified') }),
    given_name: given.charAt(0).toUpperCase() + given.slice(1),
    family_name: family.charAt(0).toUpperCase() + family.slice(1),
    department: 'Logistics',
    job_title: 'Forklift driver',
    groups: login.startsWith('admin') ? ['lms-admins'] : ['staff'],
  };
}

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'department', 'job_title', 'groups'],
  },
  conformIdTokenClaims: false, // the requested claims in the ID token itself, as Entra ID and Google do
  cookies: { keys: ['lms-test-provider-cookies'] },
  ...(jwks && { jwks }),
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return claimsOf(id.replace(/^sub-/, '')); } };
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log('ready'));
