/**
 * The HTTPS receiver's token (docs/ingest.md): one per workspace, in the path of
 * `POST /r/tlsrpt/<token>` that the domain's `_smtp._tls` record names. Like every bearer secret
 * here only its SHA-256 is stored (docs/architecture.md rule 42); creating a new one replaces the
 * old, so a leaked token is revoked by rotating it.
 */
import { getDb, type Db } from "@/lib/db/client";
import { appPublicUrl } from "@/lib/security/settings";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { hashToken, looksLikeToken, newToken } from "@/lib/services/access/secrets";
import { recordAudit } from "@/lib/services/audit";

export const TLSRPT_RECEIVER_PATH = "/r/tlsrpt/";

export type CreatedIngestToken = {
  token: string;
  /** The receiver's address with the token. */
  url: string;
  /** The `rua=` value of the `_smtp._tls` TXT record (RFC 8460 §3). */
  rua: string;
  /** The whole TXT record value to publish at `_smtp._tls.<domain>`. */
  txt: string;
};

export type IngestReceiverState = { hasToken: boolean; tokenCreatedAt: Date | null; receiverBase: string };

export function receiverUrl(token: string, publicUrl: string = appPublicUrl()): string {
  return `${publicUrl.replace(/\/+$/, "")}${TLSRPT_RECEIVER_PATH}${token}`;
}

/** A new receiver token for the scope's workspace (the previous one stops working); shown once. */
export async function createIngestToken(scope: Scope, db: Db = getDb(), publicUrl: string = appPublicUrl()): Promise<CreatedIngestToken> {
  assertCan(scope, "manage");
  const { token, hash } = newToken("ingest");
  const now = new Date();
  await db.$transaction(async (tx) => {
    const previous = await tx.ingestSettings.findUnique({ where: { workspaceId: scope.workspaceId }, select: { tokenHash: true } });
    await tx.ingestSettings.upsert({
      where: { workspaceId: scope.workspaceId },
      create: { workspaceId: scope.workspaceId, tokenHash: hash, tokenCreatedAt: now },
      update: { tokenHash: hash, tokenCreatedAt: now },
    });
    await recordAudit(tx, scope, "workspace.settings", "tlsrpt-receiver", { token: previous?.tokenHash ? "rotated" : "created" });
  });
  const url = receiverUrl(token, publicUrl);
  // RFC 8460 §3: "v=TLSRPTv1; rua=<uri>" — the https: scheme posts the report (§5).
  return { token, url, rua: `rua=${url}`, txt: `v=TLSRPTv1; rua=${url}` };
}

/** Whether the workspace has a receiver token, and the base its URL is built on (for the settings page). */
export async function getIngestReceiverState(scope: Scope, db: Db = getDb(), publicUrl: string = appPublicUrl()): Promise<IngestReceiverState> {
  const row = await db.ingestSettings.findUnique({ where: { workspaceId: scope.workspaceId }, select: { tokenHash: true, tokenCreatedAt: true } });
  return { hasToken: Boolean(row?.tokenHash), tokenCreatedAt: row?.tokenCreatedAt ?? null, receiverBase: receiverUrl("", publicUrl) };
}

/** The workspace a receiver token belongs to, or null (junk is refused before the index probe). */
export async function workspaceForIngestToken(token: string, db: Db = getDb()): Promise<string | null> {
  if (!looksLikeToken(token, "ingest")) return null;
  const row = await db.ingestSettings.findUnique({ where: { tokenHash: hashToken(token) }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}
