"use server";

/**
 * Sign-in, first-run setup, password change and sign-out. Each parses the form, calls the
 * service, and maps errors once (runAction); the Next.js cookie plugin sets or clears the cookie.
 */
import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions";
import { completeSetup, passwordSignIn } from "@/lib/services/auth/web";
import { ValidationError } from "@/lib/services/errors";
import { UnauthenticatedError } from "@/lib/services/access/roles";
import { OIDC_PROVIDER_ID, PASSWORD_MAX, PASSWORD_MIN } from "@/lib/services/auth/create-auth";
import { getAuth } from "./auth";
import { safeNextPath } from "./next-path";

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export async function signInAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async () => {
    await passwordSignIn(await getAuth(), { email: field(form, "email"), password: field(form, "password") }, await headers());
    return null;
  });
  if (result.ok) redirect(safeNextPath(field(form, "next")));
  return result;
}

export async function signOutAction(): Promise<void> {
  const auth = await getAuth();
  // Deletes the session row: the cookie stops working on the next request, wherever it was copied.
  await auth.api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect("/sign-in");
}

/** First run: the setup link's form creates the first owner, who takes over existing workspaces. */
export async function setupAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const result = await runAction(async () => {
    const input = { name: field(form, "name"), email: field(form, "email"), password: field(form, "password"), confirm: field(form, "confirm") };
    await completeSetup(await getAuth(), field(form, "token"), input, await headers());
    return null;
  });
  if (result.ok) redirect("/");
  return result;
}

export async function changePasswordAction(_prev: ActionResult<{ changed: true }> | null, form: FormData): Promise<ActionResult<{ changed: true }>> {
  return runAction(async () => {
    const currentPassword = field(form, "current");
    const newPassword = field(form, "password");
    if (newPassword !== field(form, "confirm")) throw new ValidationError("The new passwords differ", { confirm: "The new passwords differ" });
    if (newPassword.length < PASSWORD_MIN || newPassword.length > PASSWORD_MAX) throw new ValidationError(`Use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`, { password: `Use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters` });
    const auth = await getAuth();
    const h = await headers();
    if (!(await auth.api.getSession({ headers: h }))) throw new UnauthenticatedError();
    try {
      // Every other session of this account ends: a leaked password stops working everywhere.
      await auth.api.changePassword({ body: { currentPassword, newPassword, revokeOtherSessions: true }, headers: h });
    } catch (err) {
      if (err instanceof APIError) throw new ValidationError("The current password is wrong", { current: "The current password is wrong" });
      throw err;
    }
    return { changed: true as const };
  });
}

/** Single sign-on: Better Auth draws the state and PKCE verifier, we send the browser to the provider. */
export async function signInWithOidcAction(form: FormData): Promise<void> {
  const next = safeNextPath(field(form, "next"));
  const auth = await getAuth();
  // The provider is registered at run time (env), so the endpoint's typed provider list does not name it.
  const signInSocial = auth.api.signInSocial as unknown as (req: { body: { provider: string; callbackURL: string; errorCallbackURL: string }; headers: Headers }) => Promise<{ url?: string }>;
  const started = await signInSocial({ body: { provider: OIDC_PROVIDER_ID, callbackURL: next, errorCallbackURL: "/sign-in?error=sso" }, headers: await headers() });
  if (!started.url) redirect("/sign-in?error=sso");
  redirect(started.url);
}
