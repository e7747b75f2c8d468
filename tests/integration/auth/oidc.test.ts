/**
 * Single sign-on end to end over real HTTP: Better Auth's OpenID Connect client (as
 * lib/services/auth/create-auth.ts configures it) against a real provider on loopback
 * (tests/helpers/oidc-provider.ts). The test plays the browser: it keeps each side's cookies and
 * follows every redirect by hand, from the authorization request through the provider's login and
 * consent to the callback, which it hands to the auth handler as the app's route would.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/client";
import { OIDC_PROVIDER_ID, createAuth, type Auth } from "../../../lib/services/auth/create-auth";
import { openTestDb } from "../../helpers/db";
import { startOidcProvider, type OidcTestProvider } from "../../helpers/oidc-provider";

const BASE_URL = "http://localhost:3999";
const CALLBACK = `${BASE_URL}/api/auth/callback/${OIDC_PROVIDER_ID}`;
const CLIENT_ID = "mailposture-test";
const CLIENT_SECRET = randomBytes(24).toString("base64url");
const SESSION_COOKIE = "mailposture.session_token";

/** A cookie jar good enough for one origin: honours Path and deletion, ignores the rest. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) => attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr("path") ?? "/";
      const expires = attr("expires");
      const gone = value === "" || attr("max-age") === "0" || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) this.cookies.delete(`${name};${path}`);
      else this.cookies.set(`${name};${path}`, { name, value, path });
    }
  }

  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies.values()]
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  names(): string[] {
    return [...this.cookies.values()].map((c) => c.name);
  }
}

let db: Db;
let idp: OidcTestProvider;
let auth: Auth;
const userEmail = `sso-${randomBytes(4).toString("hex")}@idp.example`;

beforeAll(async () => {
  db = openTestDb();
  idp = await startOidcProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: CALLBACK,
    user: { sub: `sub-${randomBytes(4).toString("hex")}`, email: userEmail, name: "Ada Sso" },
  });
  auth = createAuth({
    db,
    secret: randomBytes(32).toString("hex"),
    baseURL: BASE_URL,
    trustedOrigins: [BASE_URL],
    oidc: { issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, name: "Test IdP" },
  });
});

afterAll(async () => {
  await idp?.close();
  await db?.$disconnect();
});

/** The provider is registered at run time, so the endpoint's typed provider list does not name it. */
type SignInSocial = (req: { body: { provider: string; callbackURL: string; errorCallbackURL: string }; headers: Headers; asResponse: true }) => Promise<Response>;

/**
 * What the sign-in button's server action does: Better Auth draws the state and the PKCE verifier,
 * sets its state cookie and answers with the provider's authorization URL.
 */
async function startSignIn(appJar: CookieJar): Promise<string> {
  const signInSocial = auth.api.signInSocial as unknown as SignInSocial;
  const response = await signInSocial({ body: { provider: OIDC_PROVIDER_ID, callbackURL: "/", errorCallbackURL: "/sign-in?error=sso" }, headers: new Headers(), asResponse: true });
  expect(response.status).toBe(200);
  appJar.store(response);
  const { url } = (await response.json()) as { url?: string };
  expect(url).toBeDefined();
  return url!;
}

/** The browser at the provider: follows redirects through login and consent until it is sent back to the app. */
async function walkProvider(authorizeUrl: string, idpJar: CookieJar, issuer = idp.issuer): Promise<URL> {
  let url = authorizeUrl;
  for (let hop = 0; hop < 12; hop++) {
    expect(new URL(url).origin).toBe(issuer);
    const response = await fetch(url, { redirect: "manual", headers: { cookie: idpJar.header(url) } });
    idpJar.store(response);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the provider answered ${response.status} at ${url}: ${await response.text()}`);
    }
    await response.body?.cancel();
    const next = new URL(location, url);
    if (next.origin !== issuer) return next;
    url = next.href;
  }
  throw new Error("the provider never sent the browser back");
}

/** The browser back at the app: the callback route hands the request to Better Auth. */
async function callback(url: URL, appJar: CookieJar): Promise<Response> {
  const response = await auth.handler(new Request(url, { headers: { cookie: appJar.header(url.href) } }));
  appJar.store(response);
  return response;
}

describe("single sign-on through OpenID Connect", () => {
  it("signs the provider's user in: session cookie, session, user and oidc account", async () => {
    const appJar = new CookieJar();
    const idpJar = new CookieJar();
    const authorizeUrl = new URL(await startSignIn(appJar));
    // What Better Auth asks the provider for: the code flow with PKCE (S256), our callback, a nonce.
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${idp.issuer}/auth`);
    expect(authorizeUrl.searchParams.get("response_type")).toBe("code");
    expect(authorizeUrl.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(CALLBACK);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("scope")?.split(" ")).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
    expect(authorizeUrl.searchParams.get("nonce")).toBeTruthy();
    // The state is bound to this browser by a signed cookie, besides its row in the database.
    expect(appJar.names()).toContain("mailposture.state");

    const back = await walkProvider(authorizeUrl.href, idpJar);
    expect(idp.interactions).toEqual(["login", "consent"]);
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get("code")).toBeTruthy();
    expect(back.searchParams.get("state")).toBe(authorizeUrl.searchParams.get("state"));
    // RFC 9207: the provider names itself in the response, and Better Auth compares it.
    expect(back.searchParams.get("iss")).toBe(idp.issuer);

    const response = await callback(back, appJar);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    const sessionCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(sessionCookie).toBeDefined();
    expect(sessionCookie).toMatch(/HttpOnly/i);

    const session = await auth.api.getSession({ headers: new Headers({ cookie: appJar.header(`${BASE_URL}/`) }) });
    expect(session?.user.email).toBe(userEmail);
    expect(session?.user.name).toBe("Ada Sso");
    expect(session?.user.emailVerified).toBe(true);

    const user = await db.user.findUnique({ where: { email: userEmail }, include: { accounts: true } });
    expect(user?.id).toBe(session?.user.id);
    // The account is keyed by the provider's subject, not the e-mail address, which can change.
    expect(user?.accounts.map((a) => ({ providerId: a.providerId, accountId: a.accountId }))).toEqual([{ providerId: OIDC_PROVIDER_ID, accountId: idp.user.sub }]);
  });

  it("signs the same user in again without a second user or account", async () => {
    const appJar = new CookieJar();
    const back = await walkProvider(await startSignIn(appJar), new CookieJar());
    const response = await callback(back, appJar);
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    expect(await db.user.count({ where: { email: userEmail } })).toBe(1);
    expect(await db.account.count({ where: { user: { email: userEmail } } })).toBe(1);
    expect(await db.session.count({ where: { user: { email: userEmail } } })).toBe(2);
  });

  // Accounts made here (setup link, invitation, CLI) never prove their e-mail address, and Better
  // Auth links a provider's account to an existing user only when the local address is verified:
  // the provider cannot take over a password account by asserting its address.
  it("does not link the provider's account to an existing password account with an unverified e-mail", async () => {
    const email = `local-${randomBytes(4).toString("hex")}@idp.example`;
    const created = await auth.api.signUpEmail({ body: { name: "Local Lin", email, password: randomBytes(12).toString("hex") }, headers: new Headers() });
    // Sign-up signs in (autoSignIn): that session is the only one this user may have afterwards.
    const sessionsBefore = await db.session.count({ where: { userId: created.user.id } });
    const other = await startOidcProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: CALLBACK, user: { sub: `sub-${randomBytes(4).toString("hex")}`, email, name: "Lin Sso" } });
    try {
      const otherAuth = createAuth({ db, secret: randomBytes(32).toString("hex"), baseURL: BASE_URL, trustedOrigins: [BASE_URL], oidc: { issuer: other.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, name: "Other IdP" } });
      const appJar = new CookieJar();
      const signInSocial = otherAuth.api.signInSocial as unknown as SignInSocial;
      const started = await signInSocial({ body: { provider: OIDC_PROVIDER_ID, callbackURL: "/", errorCallbackURL: "/sign-in?error=sso" }, headers: new Headers(), asResponse: true });
      appJar.store(started);
      const { url } = (await started.json()) as { url: string };
      const back = await walkProvider(url, new CookieJar(), other.issuer);
      const response = await otherAuth.handler(new Request(back, { headers: { cookie: appJar.header(back.href) } }));
      appJar.store(response);

      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location") ?? "", BASE_URL);
      expect(location.pathname).toBe("/sign-in");
      expect(location.searchParams.getAll("error")).toEqual(["sso", "account_not_linked"]);
      expect(await otherAuth.api.getSession({ headers: new Headers({ cookie: appJar.header(`${BASE_URL}/`) }) })).toBeNull();
      const accounts = await db.account.findMany({ where: { userId: created.user.id } });
      expect(accounts.map((a) => a.providerId)).toEqual(["credential"]);
      expect(await db.session.count({ where: { userId: created.user.id } })).toBe(sessionsBefore);
    } finally {
      await other.close();
    }
  });

  // Each forgery of the provider's answer ends back at sign-in with Better Auth's reason, and no
  // session. A state that cannot be read does not know the sign-in's error page, so the fallback
  // (onAPIError.errorURL in create-auth.ts) must land on the same page.
  const forgeries: { name: string; error: string; forge: (back: URL) => { back: URL; sameBrowser: boolean } }[] = [
    {
      name: "a tampered state",
      error: "state_mismatch",
      forge: (back) => {
        const state = back.searchParams.get("state")!;
        back.searchParams.set("state", `${state.slice(0, -4)}${state.endsWith("AAAA") ? "BBBB" : "AAAA"}`);
        return { back, sameBrowser: true };
      },
    },
    { name: "another browser than the one that started (no state cookie)", error: "state_mismatch", forge: (back) => ({ back, sameBrowser: false }) },
    {
      name: "another issuer named in the response (RFC 9207)",
      error: "issuer_mismatch",
      forge: (back) => {
        back.searchParams.set("iss", "http://127.0.0.1:1");
        return { back, sameBrowser: true };
      },
    },
    {
      name: "a made-up authorization code",
      error: "invalid_code",
      forge: (back) => {
        back.searchParams.set("code", randomBytes(32).toString("base64url"));
        return { back, sameBrowser: true };
      },
    },
  ];

  it.each(forgeries)("refuses a callback with $name", async ({ error, forge }) => {
    const appJar = new CookieJar();
    const { back, sameBrowser } = forge(await walkProvider(await startSignIn(appJar), new CookieJar()));
    const sessionsBefore = await db.session.count({ where: { user: { email: userEmail } } });

    const jar = sameBrowser ? appJar : new CookieJar();
    const response = await callback(back, jar);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "", BASE_URL);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.getAll("error")).toEqual(["sso", error]);
    expect(response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !/Max-Age=0/i.test(c))).toBe(false);
    expect(await auth.api.getSession({ headers: new Headers({ cookie: jar.header(`${BASE_URL}/`) }) })).toBeNull();
    expect(await db.session.count({ where: { user: { email: userEmail } } })).toBe(sessionsBefore);
  });
});
