/**
 * Instance-wide values every process must agree on, kept in PostgreSQL (InstanceSetting): the
 * session-signing secret (unless MAILPOSTURE_SECRET sets one) and the hash of the setup token.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";

const SECRET_KEY = "auth.secret";

/**
 * The configured secret, or the one stored at first start. INSERT … ON CONFLICT DO NOTHING then a
 * read: two processes starting together keep the same value.
 */
export async function instanceSecret(db: Db, configured?: string): Promise<string> {
  if (configured) return configured;
  const fresh = randomBytes(32).toString("base64url");
  await db.$executeRaw`INSERT INTO "InstanceSetting" (key, value, "updatedAt") VALUES (${SECRET_KEY}, ${fresh}, now()) ON CONFLICT (key) DO NOTHING`;
  const row = await db.instanceSetting.findUniqueOrThrow({ where: { key: SECRET_KEY } });
  return row.value;
}
