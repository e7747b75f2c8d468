/**
 * The sign-in throttle: after FAILURE_LIMIT failed sign-ins for one e-mail address within the
 * window, that address is locked for LOCK_SECONDS, whatever the password. Kept in PostgreSQL so
 * every web process counts the same failures (docs/teams.md "Sign-in").
 */
import type { Db } from "@/lib/db/client";

export const FAILURE_LIMIT = 5;
export const WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;

export type ThrottleState = { locked: false } | { locked: true; retryAfterSeconds: number };

export function throttleKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

export async function throttleState(db: Db, key: string, now = new Date()): Promise<ThrottleState> {
  const row = await db.signInThrottle.findUnique({ where: { key } });
  if (row?.lockedUntil && row.lockedUntil > now) return { locked: true, retryAfterSeconds: Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000) };
  return { locked: false };
}

/**
 * Counts one failure in one statement (concurrent failures cannot both read a stale count): a
 * window older than WINDOW_SECONDS starts over; reaching the limit sets the lock.
 */
export async function recordFailure(db: Db, key: string, now = new Date()): Promise<ThrottleState> {
  const windowStart = new Date(now.getTime() - WINDOW_SECONDS * 1000);
  const lockUntil = new Date(now.getTime() + LOCK_SECONDS * 1000);
  const rows = await db.$queryRaw<{ failures: number; lockedUntil: Date | null }[]>`
    INSERT INTO "SignInThrottle" (key, failures, "windowStart") VALUES (${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN "SignInThrottle"."windowStart" < ${windowStart} THEN 1 ELSE "SignInThrottle".failures + 1 END,
      "windowStart" = CASE WHEN "SignInThrottle"."windowStart" < ${windowStart} THEN ${now} ELSE "SignInThrottle"."windowStart" END
    RETURNING failures, "lockedUntil"`;
  const failures = rows[0]?.failures ?? 1;
  if (failures >= FAILURE_LIMIT) {
    await db.signInThrottle.update({ where: { key }, data: { lockedUntil: lockUntil, failures: 0, windowStart: now } });
    return { locked: true, retryAfterSeconds: LOCK_SECONDS };
  }
  return { locked: false };
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}
