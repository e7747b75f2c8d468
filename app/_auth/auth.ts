/**
 * The web process's Better Auth instance: lib/services/auth's settings plus the Next.js cookie
 * plugin, so server actions that sign in, sign up or sign out set and clear the session cookie.
 */
import { nextCookies } from "better-auth/next-js";
import type { Auth, OidcSettings } from "@/lib/services/auth/create-auth";
import { createWebAuth, oidcFromEnv } from "@/lib/services/auth/web";

const holder = globalThis as unknown as { mailpostureAuth?: Promise<Auth> };

export function oidcSettings(): OidcSettings | undefined {
  return oidcFromEnv();
}

export function getAuth(): Promise<Auth> {
  holder.mailpostureAuth ??= createWebAuth([nextCookies()]);
  holder.mailpostureAuth.catch(() => (holder.mailpostureAuth = undefined));
  return holder.mailpostureAuth;
}
