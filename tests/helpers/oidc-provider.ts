/**
 * A real OpenID Connect provider on loopback for the single sign-on tests (panva's oidc-provider,
 * certified against the OpenID conformance suite), so Better Auth's generic OAuth client is
 * exercised against the same discovery, PKCE, token, ID token and userinfo behaviour a production
 * identity provider has. Plain http on 127.0.0.1: the browser never sees it, only the test does.
 *
 *   const idp = await startOidcProvider({ clientId: "mailposture", clientSecret: "s3cret",
 *     redirectUri: "http://localhost:3000/api/auth/callback/oidc" });
 *   ... createAuth({ ..., oidc: { issuer: idp.issuer, clientId, clientSecret, name: "Test IdP" } }) ...
 *   expect(idp.interactions).toEqual(["login", "consent"]);
 *   await idp.close();
 *
 * The provider's login and consent pages are replaced by one route that answers without a human:
 * a GET of `/interaction/<uid>` signs in the fixed test user (the login prompt) or grants what the
 * client asked for (the consent prompt), then sends the browser back to the authorization
 * endpoint exactly as a submitted form would.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Account, type KoaContextWithOIDC } from "oidc-provider";

export type OidcTestUser = {
  /** The subject identifier (`sub`), stable per user. */
  sub: string;
  email: string;
  name: string;
};

export type OidcProviderOptions = {
  clientId: string;
  clientSecret: string;
  /** The one redirect URI the client may use (Better Auth's `<baseURL>/api/auth/callback/oidc`). */
  redirectUri: string;
  /** The user the login interaction signs in; a fixed default otherwise. */
  user?: OidcTestUser;
};

export type OidcTestProvider = {
  /** `http://127.0.0.1:<port>`: the issuer and the base of the discovery URL. */
  readonly issuer: string;
  readonly user: OidcTestUser;
  /** The prompts the automatic interaction answered, in order ("login", "consent"). */
  readonly interactions: readonly string[];
  close(): Promise<void>;
};

export const DEFAULT_OIDC_USER: OidcTestUser = { sub: "oidc-user-1", email: "sso.user@idp.example", name: "Sso User" };

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)$/;

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcTestProvider> {
  const user = options.user ?? DEFAULT_OIDC_USER;
  const interactions: string[] = [];
  // The issuer holds the port, and the port is known only once the socket listens: bind first,
  // then build the provider and let the already-listening server hand requests to it.
  let handle: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Keys made per run: the provider's built-in development key is public, and a test that passes
  // with it would say nothing about signature checks.
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const findAccount = (_ctx: KoaContextWithOIDC, sub: string): Account | undefined =>
    sub === user.sub
      ? { accountId: sub, claims: () => ({ sub, email: user.email, email_verified: true, name: user.name }) }
      : undefined;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...signingKey, alg: "RS256", use: "sig", kid: randomBytes(8).toString("hex") }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    findAccount,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Every client must send PKCE (S256), so a client that silently drops it fails the test.
    pkce: { required: () => true },
    // Lifetimes set explicitly: the library's defaults are fine but print a notice per artefact.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
  });

  const providerHandler = provider.callback();
  handle = (req, res) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (req.method === "GET" && INTERACTION.test(path)) {
      answerInteraction(provider, user, interactions, req, res).catch((err: unknown) => {
        res.writeHead(500, { "Content-Type": "text/plain" }).end(`interaction failed: ${String(err)}`);
      });
      return;
    }
    void providerHandler(req, res);
  };

  return {
    issuer,
    user,
    get interactions() {
      return interactions;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** What a person would do on the provider's pages: sign in as the test user, then allow access. */
async function answerInteraction(
  provider: Provider,
  user: OidcTestUser,
  seen: string[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  seen.push(details.prompt.name);
  if (details.prompt.name === "login") {
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name !== "consent" || !details.session) throw new Error(`unexpected prompt ${details.prompt.name}`);
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new Error("the interaction's grant is gone");
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(" "));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
