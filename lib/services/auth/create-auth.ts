/**
 * Accounts and sessions through Better Auth (its Prisma adapter; sessions live in PostgreSQL).
 * Built per process from plain settings: the web app adds its Next.js cookie plugin (app/_auth),
 * the CLI uses it bare. Sign-up is never open over HTTP: accounts come from the setup link, an
 * invitation, or the CLI, which call `auth.api.signUpEmail` on the server (lib/services/auth/*).
 */
import { betterAuth, type BetterAuthPlugin } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";

/** Single sign-on through one OpenID Connect provider (docs/teams.md "Single sign-on"). */
export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label: "Sign in with <name>". */
  name: string;
};

export const OIDC_PROVIDER_ID = "oidc";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Sessions last 14 days and slide daily, like most dashboards people keep open. */
const SESSION_SECONDS = 14 * 24 * 3600;

export type AuthSettings = {
  db: Db;
  secret: string;
  /** The app's public URL (MAILPOSTURE_URL, default http://localhost:PORT). */
  baseURL: string;
  /** Every origin the app answers on (lib/security/origins). */
  trustedOrigins: string[];
  oidc?: OidcSettings;
  plugins?: BetterAuthPlugin[];
};

export function createAuth(settings: AuthSettings) {
  const plugins: BetterAuthPlugin[] = [...(settings.plugins ?? [])];
  if (settings.oidc) {
    plugins.unshift(
      genericOAuth({
        config: [
          {
            providerId: OIDC_PROVIDER_ID,
            discoveryUrl: `${settings.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
            clientId: settings.oidc.clientId,
            clientSecret: settings.oidc.clientSecret,
            scopes: ["openid", "email", "profile"],
            pkce: true,
          },
        ],
      }),
    );
  }
  return betterAuth({
    appName: "mailposture",
    baseURL: settings.baseURL,
    basePath: "/api/auth",
    secret: settings.secret,
    trustedOrigins: settings.trustedOrigins,
    database: prismaAdapter(settings.db, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      autoSignIn: true,
    },
    session: { expiresIn: SESSION_SECONDS, updateAge: 24 * 3600 },
    // Sign-in throttling is ours (lib/services/auth/throttle.ts, in PostgreSQL so every process
    // counts the same failures); Better Auth's limiter keys on a client IP a reverse proxy hides.
    rateLimit: { enabled: false },
    // A single sign-on callback whose state cannot be read (expired, tampered, another browser)
    // cannot know the sign-in's own error page, and the library's default (`/api/auth/error`) is
    // not served (app/api/auth/[...all]/route.ts): send the person back to sign-in instead.
    onAPIError: { errorURL: "/sign-in?error=sso" },
    telemetry: { enabled: false },
    advanced: {
      cookiePrefix: "mailposture",
      database: { generateId: () => randomUUID() },
    },
    plugins,
  });
}

export type Auth = ReturnType<typeof createAuth>;
