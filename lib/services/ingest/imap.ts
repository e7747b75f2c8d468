/**
 * Reports by mail: each workspace may name an IMAP mailbox (IngestSettings.imapUrl) that the
 * worker polls. A message's report attachments are handed to `receiveReport` (stored and queued in
 * its transaction) and only then is the message moved to the done mailbox, or flagged \Seen when
 * none is set: a crash in between leaves the message to be read again, and the SHA-256 of the
 * files makes that second reading a no-op. Mail can be forged: each message's DKIM/DMARC are
 * checked (mail-authenticity.ts) and a report that fails is stored unverified and never alerts.
 */
import { getDb, type Db } from "@/lib/db/client";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { extractReportsFromMail } from "@/lib/ingest/mail";
import { ServiceError } from "@/lib/services/errors";
import type { MailAuthenticator } from "./mail-authenticity";
import { receiveReport } from "./receive";

export type MailboxSettings = { url: string; mailbox: string; doneMailbox: string };

/** What the poller needs of a mailbox; the production one is imapflow's (imap-client.ts). */
export interface MailboxClient {
  /** Messages still to process, oldest first, at most `limit`: unseen ones, or all when processed mail is moved away. */
  list(limit: number): Promise<{ uid: number; size: number }[]>;
  /** The message's full source (RFC 5322), or null when it is gone. */
  source(uid: number): Promise<Buffer | null>;
  /** Moves the message to the done mailbox, or flags it \Seen when there is none. */
  markDone(uid: number): Promise<void>;
  close(): Promise<void>;
}

export type MailboxOpener = (settings: MailboxSettings) => Promise<MailboxClient>;

export type PollResult = { messages: number; files: number; duplicates: number; skipped: { uid: number; reason: string }[] };

/** Messages read per poll: a backlog is worked off over several polls rather than in one long session. */
export const MAX_MESSAGES_PER_POLL = 200;

/** Without an authenticator (tests of the mailbox flow alone) every mail report stays unverified. */
const notChecked: MailAuthenticator = async () => ({ verified: false, reason: "The message's signatures were not checked", dkimDomains: [] });

/** Reads the workspace's mailbox once; throws (leaving unprocessed messages in place) on a connection or database error. */
export async function pollMailbox(
  workspaceId: string,
  settings: MailboxSettings,
  open: MailboxOpener,
  db: Db = getDb(),
  limit = MAX_MESSAGES_PER_POLL,
  authenticate: MailAuthenticator = notChecked,
): Promise<PollResult> {
  const result: PollResult = { messages: 0, files: 0, duplicates: 0, skipped: [] };
  const client = await open(settings);
  try {
    for (const message of await client.list(limit)) {
      result.messages++;
      // Too large to be a report (RFC 8460 §5.3 lets receivers refuse what they would not accept): marked, never read.
      if (message.size > INGEST_LIMITS.maxMessageBytes) {
        result.skipped.push({ uid: message.uid, reason: "larger than 15 MB" });
        await client.markDone(message.uid);
        continue;
      }
      const source = await client.source(message.uid);
      if (!source) continue;
      const mail = await extractReportsFromMail(source);
      if (!mail.ok || mail.attachments.length === 0) {
        // Not a report (a bounce, a person's mail): marked so it is not read on every poll.
        result.skipped.push({ uid: message.uid, reason: mail.ok ? "no report attached" : mail.error });
        await client.markDone(message.uid);
        continue;
      }
      const h = mail.headers;
      const authenticity = await authenticate(source, h.tlsReportSubmitter !== undefined ? { tlsReportSubmitter: h.tlsReportSubmitter } : {});
      const origin: Record<string, string> = {
        authenticity: authenticity.reason.slice(0, 500),
        ...(h.from ? { from: h.from.slice(0, 500) } : {}),
        ...(h.tlsReportSubmitter ? { tlsReportSubmitter: h.tlsReportSubmitter.slice(0, 500) } : {}),
        ...(h.tlsReportDomain ? { tlsReportDomain: h.tlsReportDomain.slice(0, 500) } : {}),
        ...(h.subject ? { subject: h.subject.slice(0, 500) } : {}),
      };
      for (const a of mail.attachments) {
        try {
          const received = await receiveReport(
            workspaceId,
            a.bytes,
            { channel: "imap", origin, verified: authenticity.verified, ...(a.contentType ? { contentType: a.contentType } : {}), ...(a.filename ? { filename: a.filename } : {}) },
            db,
          );
          if (received.duplicate) result.duplicates++;
          else result.files++;
        } catch (err) {
          // An empty or oversized attachment is the sender's problem; anything else (the database) is ours: retry next poll.
          if (!(err instanceof ServiceError)) throw err;
          result.skipped.push({ uid: message.uid, reason: err.message });
        }
      }
      // Only now, with every report of the message committed.
      await client.markDone(message.uid);
    }
  } finally {
    await client.close().catch(() => {});
  }
  return result;
}

/**
 * Polls each workspace mailbox that is due (not polled within `intervalMs`), recording the time and
 * the last error on its settings. Every worker process runs this: claiming a mailbox is one
 * conditional UPDATE of its poll time, so only one process reads it per interval.
 */
export async function pollDueMailboxes(
  open: MailboxOpener,
  intervalMs: number,
  db: Db = getDb(),
  now: () => Date = () => new Date(),
  authenticate: MailAuthenticator = notChecked,
): Promise<number> {
  const configured = await db.ingestSettings.findMany({ where: { imapUrl: { not: null } }, select: { workspaceId: true } });
  let files = 0;
  for (const { workspaceId } of configured) {
    const at = now();
    const claimed = await db.ingestSettings.updateManyAndReturn({
      where: { workspaceId, imapUrl: { not: null }, OR: [{ imapLastPollAt: null }, { imapLastPollAt: { lte: new Date(at.getTime() - intervalMs) } }] },
      data: { imapLastPollAt: at },
      select: { imapUrl: true, imapMailbox: true, imapDoneMailbox: true },
    });
    const s = claimed[0];
    if (!s?.imapUrl) continue;
    let error: string | null = null;
    try {
      files += (await pollMailbox(workspaceId, { url: s.imapUrl, mailbox: s.imapMailbox, doneMailbox: s.imapDoneMailbox }, open, db, MAX_MESSAGES_PER_POLL, authenticate)).files;
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    }
    await db.ingestSettings.update({ where: { workspaceId }, data: { imapLastError: error } });
  }
  return files;
}
