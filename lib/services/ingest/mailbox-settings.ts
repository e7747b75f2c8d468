/**
 * The workspace's report mailbox (IMAP): where DMARC aggregate and TLS-RPT mail is read from and
 * where processed mail goes. The password is part of the URL and is never shown again: the page
 * gets the URL without it.
 */
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { assertCan, type Scope } from "@/lib/services/access/scope";
import { recordAudit } from "@/lib/services/audit";
import { ValidationError } from "@/lib/services/errors";
import { imapUrlProblem } from "./imap-client";

const MAILBOX_NAME = z.string().trim().max(200, { error: "Use at most 200 characters" });

export const MailboxSettingsInput = z.object({
  /** Empty turns the mailbox off. */
  url: z.string().trim().max(2000, { error: "Use at most 2000 characters" }),
  mailbox: MAILBOX_NAME.min(1, { error: "Name the mailbox to read, such as INBOX" }),
  doneMailbox: MAILBOX_NAME,
});
export type MailboxSettingsInput = z.infer<typeof MailboxSettingsInput>;

export type MailboxState = { configured: boolean; urlWithoutPassword: string | null; mailbox: string; doneMailbox: string; lastPollAt: Date | null; lastError: string | null };

function withoutPassword(raw: string): string {
  try {
    const url = new URL(raw);
    url.password = "";
    return url.toString();
  } catch {
    return "(unreadable URL)";
  }
}

export async function getMailboxState(scope: Scope, db: Db = getDb()): Promise<MailboxState> {
  const row = await db.ingestSettings.findUnique({ where: { workspaceId: scope.workspaceId } });
  return {
    configured: Boolean(row?.imapUrl),
    urlWithoutPassword: row?.imapUrl ? withoutPassword(row.imapUrl) : null,
    mailbox: row?.imapMailbox ?? "INBOX",
    doneMailbox: row?.imapDoneMailbox ?? "",
    lastPollAt: row?.imapLastPollAt ?? null,
    lastError: row?.imapLastError ?? null,
  };
}

/** Sets (or, with an empty URL, removes) the mailbox; it is read from the next poll on. */
export async function saveMailboxSettings(scope: Scope, input: unknown, db: Db = getDb()): Promise<void> {
  assertCan(scope, "manage");
  const parsed = MailboxSettingsInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    throw new ValidationError(Object.values(fieldErrors)[0] ?? "Check the form", fieldErrors);
  }
  const { url, mailbox, doneMailbox } = parsed.data;
  const problem = url === "" ? null : imapUrlProblem(url);
  if (problem) throw new ValidationError(problem, { url: problem });
  if (doneMailbox !== "" && doneMailbox === mailbox) throw new ValidationError("Processed mail must go to another mailbox", { doneMailbox: "Choose another mailbox, or leave empty" });
  const data = { imapUrl: url === "" ? null : url, imapMailbox: mailbox, imapDoneMailbox: doneMailbox, imapLastPollAt: null, imapLastError: null };
  await db.$transaction(async (tx) => {
    await tx.ingestSettings.upsert({ where: { workspaceId: scope.workspaceId }, create: { workspaceId: scope.workspaceId, ...data }, update: data });
    await recordAudit(tx, scope, "workspace.settings", "report-mailbox", { mailbox: url === "" ? "removed" : "set" });
  });
}
