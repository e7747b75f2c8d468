/**
 * Password sign-in with the throttle in front: a locked address is refused before the password is
 * even checked (so guessing continues to fail during the lock), each failure counts, a success
 * clears the count. The same message for an unknown address and a wrong password: the form must
 * not tell an attacker which addresses have accounts.
 */
import { APIError } from "better-auth/api";
import type { Db } from "@/lib/db/client";
import { RateLimitedError, ValidationError } from "@/lib/services/errors";
import type { Auth } from "./create-auth";
import { clearFailures, recordFailure, throttleKey, throttleState } from "./throttle";

export const WRONG_CREDENTIALS = "E-mail address or password is wrong.";

function lockedError(seconds: number): RateLimitedError {
  return new RateLimitedError(`Too many failed sign-ins for this address: try again in ${Math.ceil(seconds / 60)} minutes.`, seconds);
}

export async function signInWithPassword(auth: Auth, db: Db, input: { email: string; password: string }, headers: Headers): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  if (!email || !input.password) {
    throw new ValidationError("Enter your e-mail address and password", {
      ...(email ? {} : { email: "Enter your e-mail address" }),
      ...(input.password ? {} : { password: "Enter your password" }),
    });
  }
  const key = throttleKey(email);
  const state = await throttleState(db, key);
  if (state.locked) throw lockedError(state.retryAfterSeconds);
  try {
    const result = await auth.api.signInEmail({ body: { email, password: input.password }, headers });
    await clearFailures(db, key);
    return { userId: result.user.id };
  } catch (err) {
    if (!(err instanceof APIError)) throw err;
    const after = await recordFailure(db, key);
    if (after.locked) throw lockedError(after.retryAfterSeconds);
    throw new ValidationError(WRONG_CREDENTIALS);
  }
}
