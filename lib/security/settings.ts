/**
 * The web app's security settings from the validated environment (lib/env.ts), computed once.
 */
import { getEnv, type Env } from "@/lib/env";
import { allowedOrigins, type AllowedOrigins } from "./origins";

let cached: AllowedOrigins | undefined;

/** Host and Origin values the app accepts (MAILPOSTURE_URL, default http://localhost:PORT). */
export function appOrigins(env?: Env): AllowedOrigins {
  if (env) return allowedOrigins({ publicUrl: env.MAILPOSTURE_URL, port: env.PORT });
  cached ??= appOrigins(getEnv());
  return cached;
}

/** Lab mode: scans may connect to loopback and private addresses (MAILPOSTURE_ALLOW_PRIVATE=1). */
export function labModeEnabled(env: Env = getEnv()): boolean {
  return env.MAILPOSTURE_ALLOW_PRIVATE;
}

/** The app's public URL without a trailing slash (share links and invitations are built on it). */
export function appPublicUrl(env: Env = getEnv()): string {
  return (env.MAILPOSTURE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}
