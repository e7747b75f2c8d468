/**
 * Creating accounts. Open sign-up does not exist: the setup link (first owner), an invitation, or
 * the CLI on the server's machine call these, and they go through Better Auth's own sign-up so
 * password hashing (scrypt) and session creation stay the library's.
 */
import { APIError } from "better-auth/api";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { ValidationError } from "@/lib/services/errors";
import { claimOwnerlessWorkspaces } from "@/lib/services/workspaces";
import { PASSWORD_MAX, PASSWORD_MIN, type Auth } from "./create-auth";

export const AccountInput = z.object({
  name: z.string().trim().min(1, { error: "Enter your name" }).max(100, { error: "Use at most 100 characters" }),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, { error: "That e-mail address is too long" })
    .pipe(z.email({ error: "Enter an e-mail address such as ana@example.com" })),
  password: z
    .string()
    .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters` })
    .max(PASSWORD_MAX, { error: `Use at most ${PASSWORD_MAX} characters` }),
});
export type AccountInput = z.infer<typeof AccountInput>;

export function parseAccountInput(input: unknown): AccountInput {
  const parsed = AccountInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  throw new ValidationError(Object.values(fieldErrors)[0] ?? "Check the form", fieldErrors);
}

/** A readable error for the library's refusal (an address already registered, a weak password). */
export function authErrorToValidation(err: unknown): never {
  if (err instanceof APIError) {
    const message = typeof err.body?.message === "string" ? err.body.message : "The account could not be created";
    const field = /email/i.test(message) || /exist/i.test(message) ? "email" : /password/i.test(message) ? "password" : "form";
    throw new ValidationError(/exist/i.test(message) ? "An account with this e-mail address exists: sign in instead" : message, { [field]: message });
  }
  throw err;
}

/**
 * Creates the account and signs it in (the session cookie is set when `headers` come from a
 * request and the auth instance has the Next.js cookie plugin). The very first account takes over
 * the workspaces that have no members.
 */
export async function createAccount(auth: Auth, db: Db, input: unknown, opts: { headers?: Headers } = {}): Promise<{ userId: string; email: string; name: string }> {
  const account = parseAccountInput(input);
  let userId: string;
  try {
    const result = await auth.api.signUpEmail({ body: account, headers: opts.headers ?? new Headers() });
    userId = result.user.id;
  } catch (err) {
    authErrorToValidation(err);
  }
  await claimOwnerlessWorkspaces(db, userId);
  return { userId, email: account.email, name: account.name };
}
