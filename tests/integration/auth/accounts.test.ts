/**
 * Accounts through Better Auth on the real database: first-run setup token, sign-in with the
 * throttle, password change ending other sessions, sign-out deleting the session server-side.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createAccount } from "../../../lib/services/auth/accounts";
import { createAuth } from "../../../lib/services/auth/create-auth";
import { consumeSetupToken, isValidSetupToken, issueSetupToken } from "../../../lib/services/auth/setup";
import { signInWithPassword, WRONG_CREDENTIALS } from "../../../lib/services/auth/sign-in";
import { FAILURE_LIMIT, recordFailure, throttleKey, throttleState } from "../../../lib/services/auth/throttle";
import { RateLimitedError, ValidationError, type ServiceError } from "../../../lib/services/errors";
import { createDb } from "../../../lib/db/client";
import { createIsolatedDatabase, openTestDb } from "../../helpers/db";

const db = openTestDb();
afterAll(() => db.$disconnect());
const auth = createAuth({ db, secret: randomBytes(32).toString("hex"), baseURL: "http://localhost:3000", trustedOrigins: ["http://localhost:3000"] });

const unique = (label: string) => `${label}-${randomBytes(4).toString("hex")}@example.test`;

/** The session cookie a response sets, as a Cookie request header. */
function cookieFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

async function signIn(email: string, password: string): Promise<Headers> {
  const res = await auth.api.signInEmail({ body: { email, password }, headers: new Headers(), returnHeaders: true });
  return new Headers({ cookie: cookieFrom(res.headers) });
}

describe("setup token", () => {
  it("works once, stops when replaced or expired, is stored only as a hash, and is refused once an account exists", async () => {
    // A database of its own: the run's shared one may already hold accounts from other files.
    const iso = await createIsolatedDatabase();
    const fresh = createDb(iso.url, 2);
    try {
      const token = await issueSetupToken(fresh);
      expect(token).toMatch(/^setup_[A-Za-z0-9_-]{43}$/);
      const replacement = await issueSetupToken(fresh);
      expect(await isValidSetupToken(fresh, token!)).toBe(false);
      expect(await isValidSetupToken(fresh, replacement!)).toBe(true);
      expect(await isValidSetupToken(fresh, replacement!, new Date(Date.now() + 25 * 3600_000))).toBe(false);
      const rows = await fresh.instanceSetting.findMany({ where: { key: "setup.token" } });
      expect(JSON.stringify(rows)).not.toContain(replacement!);
      // Two people opening the link at once: one wins.
      const both = await Promise.all([consumeSetupToken(fresh, replacement!), consumeSetupToken(fresh, replacement!)]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect(await consumeSetupToken(fresh, replacement!)).toBe(false);

      const third = await issueSetupToken(fresh);
      const freshAuth = createAuth({ db: fresh, secret: randomBytes(32).toString("hex"), baseURL: "http://localhost:3000", trustedOrigins: ["http://localhost:3000"] });
      await createAccount(freshAuth, fresh, { name: "Owner", email: unique("owner"), password: "long enough password" });
      expect(await isValidSetupToken(fresh, third!)).toBe(false);
      expect(await issueSetupToken(fresh)).toBeNull();
    } finally {
      await fresh.$disconnect();
      await iso.drop();
    }
  }, 120_000);
});

describe("accounts", () => {
  it("rejects a short password, a bad address and a second account for one address with field errors", async () => {
    const email = unique("dup");
    await expect(createAccount(auth, db, { name: "A", email, password: "short" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { password: expect.stringContaining("at least") } });
    await expect(createAccount(auth, db, { name: "A", email: "not an address", password: "long enough password" })).rejects.toMatchObject({ fieldErrors: { email: expect.any(String) } });
    await createAccount(auth, db, { name: "A", email, password: "long enough password" });
    await expect(createAccount(auth, db, { name: "B", email: email.toUpperCase(), password: "long enough password" })).rejects.toBeInstanceOf(ValidationError);
    const account = await db.account.findFirstOrThrow({ where: { user: { email } } });
    // Better Auth's scrypt hash, never the password.
    expect(account.password).not.toContain("long enough password");
    expect(account.password!.length).toBeGreaterThan(60);
  });

  it("signs in with the right password only, the same message for an unknown address", async () => {
    const email = unique("signin");
    await createAccount(auth, db, { name: "S", email, password: "the right password" });
    await expect(signInWithPassword(auth, db, { email, password: "the wrong password" }, new Headers())).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(signInWithPassword(auth, db, { email: unique("nobody"), password: "the right password" }, new Headers())).rejects.toThrow(WRONG_CREDENTIALS);
    const ok = await signInWithPassword(auth, db, { email: email.toUpperCase(), password: "the right password" }, new Headers());
    expect(ok.userId).toMatch(/^[0-9a-f-]{36}$/);
    // A success clears the failure count.
    expect(await db.signInThrottle.findUnique({ where: { key: throttleKey(email) } })).toBeNull();
  });

  it("locks an address after repeated failures, even for the right password, and reports when to retry", async () => {
    const email = unique("locked");
    await createAccount(auth, db, { name: "L", email, password: "the right password" });
    for (let i = 1; i < FAILURE_LIMIT; i++) {
      await expect(signInWithPassword(auth, db, { email, password: `wrong ${i}` }, new Headers())).rejects.toThrow(WRONG_CREDENTIALS);
    }
    const last = await signInWithPassword(auth, db, { email, password: "wrong again" }, new Headers()).catch((e: unknown) => e);
    expect(last).toBeInstanceOf(RateLimitedError);
    expect((last as RateLimitedError).retryAfterSeconds).toBeGreaterThan(60);
    const locked = await signInWithPassword(auth, db, { email, password: "the right password" }, new Headers()).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(RateLimitedError);
    expect((locked as ServiceError).code).toBe("RATE_LIMITED");
  });

  it("counts concurrent failures exactly", async () => {
    const key = throttleKey(unique("race"));
    await Promise.all(Array.from({ length: FAILURE_LIMIT - 1 }, () => recordFailure(db, key)));
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { key } })).failures).toBe(FAILURE_LIMIT - 1);
    expect(await throttleState(db, key)).toEqual({ locked: false });
    await recordFailure(db, key);
    expect((await throttleState(db, key)).locked).toBe(true);
  });

  it("sign-out deletes the session on the server; a password change ends the other sessions", async () => {
    const email = unique("sessions");
    await createAccount(auth, db, { name: "P", email, password: "first password 1" });
    const laptop = await signIn(email, "first password 1");
    const phone = await signIn(email, "first password 1");
    expect((await auth.api.getSession({ headers: laptop }))?.user.email).toBe(email);

    await auth.api.changePassword({ body: { currentPassword: "first password 1", newPassword: "second password 2", revokeOtherSessions: true }, headers: laptop, returnHeaders: true });
    expect(await auth.api.getSession({ headers: phone })).toBeNull();
    await expect(signIn(email, "first password 1")).rejects.toThrow();
    const again = await signIn(email, "second password 2");
    const before = await db.session.count({ where: { user: { email } } });
    await auth.api.signOut({ headers: again });
    expect(await auth.api.getSession({ headers: again })).toBeNull();
    expect(await db.session.count({ where: { user: { email } } })).toBe(before - 1);
  });
});
