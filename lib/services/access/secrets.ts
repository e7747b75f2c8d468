/**
 * Bearer secrets (share links, API tokens, invitations, the setup link): 32 bytes from the CSPRNG
 * (256 bits, above the 128 the threat model needs), base64url, with a readable prefix. Only the
 * SHA-256 of a token is stored: a token has full entropy, so a slow password hash would add
 * nothing, and a lookup by hash stays an index probe.
 */
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_BYTES = 32;

export type TokenKind = "share" | "api" | "invite" | "setup" | "ingest";

const PREFIX: Record<TokenKind, string> = { share: "", api: "mp_", invite: "inv_", setup: "setup_", ingest: "rpt_" };

export function newToken(kind: TokenKind): { token: string; hash: string } {
  const token = PREFIX[kind] + randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a string could be one of our tokens at all (rejects junk before a database lookup). */
export function looksLikeToken(value: string, kind: TokenKind): boolean {
  const prefix = PREFIX[kind];
  return value.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(value.slice(prefix.length));
}
