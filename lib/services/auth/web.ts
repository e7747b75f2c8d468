/**
 * The account use cases as the web app calls them: on the process's database (app/ never touches
 * lib/db itself), with the instance's secret and URLs from the environment.
 */
import type { BetterAuthPlugin } from "better-auth";
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { appOrigins, appPublicUrl } from "@/lib/security/settings";
import { NotFoundError, ValidationError } from "@/lib/services/errors";
import { resolveUserScope } from "@/lib/services/workspaces";
import { createAccount } from "./accounts";
import { createAuth, type Auth, type OidcSettings } from "./create-auth";
import { instanceSecret } from "./instance";
import { consumeSetupToken, hasAnyUser, isValidSetupToken } from "./setup";
import { signInWithPassword } from "./sign-in";

/** Single sign-on settings from env, or undefined when not configured (all three values needed). */
export function oidcFromEnv(): OidcSettings | undefined {
  const env = getEnv();
  if (!env.MAILPOSTURE_OIDC_ISSUER || !env.MAILPOSTURE_OIDC_CLIENT_ID || !env.MAILPOSTURE_OIDC_CLIENT_SECRET) return undefined;
  return { issuer: env.MAILPOSTURE_OIDC_ISSUER, clientId: env.MAILPOSTURE_OIDC_CLIENT_ID, clientSecret: env.MAILPOSTURE_OIDC_CLIENT_SECRET, name: env.MAILPOSTURE_OIDC_NAME };
}

/** The web process's auth instance; `plugins` carries the framework's cookie plugin. */
export async function createWebAuth(plugins: BetterAuthPlugin[], db: Db = getDb()): Promise<Auth> {
  const secret = await instanceSecret(db, getEnv().MAILPOSTURE_SECRET);
  const oidc = oidcFromEnv();
  return createAuth({ db, secret, baseURL: appPublicUrl(), trustedOrigins: [...appOrigins().origins], ...(oidc ? { oidc } : {}), plugins });
}

/** No account exists yet (the sign-in page then points at the setup link). */
export async function isFirstRun(db: Db = getDb()): Promise<boolean> {
  return !(await hasAnyUser(db));
}

export function setupLinkIsValid(token: string, db: Db = getDb()): Promise<boolean> {
  return isValidSetupToken(db, token);
}

/** The setup form: uses the link up (one winner) and creates the first owner, signed in. */
export async function completeSetup(auth: Auth, token: string, input: { name: string; email: string; password: string; confirm: string }, headers: Headers, db: Db = getDb()): Promise<void> {
  if (input.password !== input.confirm) throw new ValidationError("The passwords differ", { confirm: "The passwords differ" });
  if (!(await consumeSetupToken(db, token))) throw new NotFoundError("This setup link has been used or has expired. Restart mailposture for a new one, or run `mailposture user create`.");
  await createAccount(auth, db, { name: input.name, email: input.email, password: input.password }, { headers });
}

export function passwordSignIn(auth: Auth, input: { email: string; password: string }, headers: Headers, db: Db = getDb()) {
  return signInWithPassword(auth, db, input, headers);
}

export function viewerScope(user: { id: string; name: string }, preferredWorkspaceId: string | undefined, db: Db = getDb()) {
  return resolveUserScope(db, user, preferredWorkspaceId);
}
