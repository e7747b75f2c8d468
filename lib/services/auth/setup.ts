/**
 * First run: no default password. While no account exists, `npm start` prints a one-time setup
 * link (valid SETUP_TTL_HOURS, replaced at each start); whoever opens it creates the first owner.
 * The first account also takes over every workspace that has no members yet, so an installation
 * from before accounts keeps its domains (docs/teams.md "First run").
 */
import type { Db } from "@/lib/db/client";
import { hashToken, newToken } from "@/lib/services/access/secrets";

const SETUP_KEY = "setup.token";
export const SETUP_TTL_HOURS = 24;

type StoredSetup = { hash: string; expiresAt: string };

export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

/** A new setup token (the previous one stops working), or null once an account exists. */
export async function issueSetupToken(db: Db, now = new Date()): Promise<string | null> {
  if (await hasAnyUser(db)) return null;
  const { token, hash } = newToken("setup");
  const value = JSON.stringify({ hash, expiresAt: new Date(now.getTime() + SETUP_TTL_HOURS * 3600_000).toISOString() } satisfies StoredSetup);
  await db.instanceSetting.upsert({ where: { key: SETUP_KEY }, create: { key: SETUP_KEY, value }, update: { value } });
  return token;
}

/** Whether this token is the current, unexpired setup token and no account exists yet. */
export async function isValidSetupToken(db: Db, token: string, now = new Date()): Promise<boolean> {
  const row = await db.instanceSetting.findUnique({ where: { key: SETUP_KEY } });
  if (!row || (await hasAnyUser(db))) return false;
  const stored = JSON.parse(row.value) as StoredSetup;
  return stored.hash === hashToken(token) && new Date(stored.expiresAt) > now;
}

/**
 * Uses the setup token up: exactly one caller wins the DELETE, so two people opening the link at
 * once cannot both become the first owner.
 */
export async function consumeSetupToken(db: Db, token: string, now = new Date()): Promise<boolean> {
  if (!(await isValidSetupToken(db, token, now))) return false;
  const deleted = await db.instanceSetting.deleteMany({ where: { key: SETUP_KEY, value: { contains: hashToken(token) } } });
  return deleted.count === 1;
}

export async function discardSetupToken(db: Db): Promise<void> {
  await db.instanceSetting.deleteMany({ where: { key: SETUP_KEY } });
}
