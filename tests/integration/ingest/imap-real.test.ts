/**
 * The mailbox poller against a real IMAP server on loopback (tests/helpers/imap-server.ts, over
 * implicit TLS), through the production opener (imapflow): a report mail's attachment is stored
 * and the message moved to the done mailbox, or flagged \Seen when there is none, so a second
 * poll reads nothing; wrong credentials fail the poll and store nothing.
 * The server's certificate comes from a test CA made at test time, which the opener is told to
 * trust (certificate verification stays on).
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pollMailbox, type MailboxSettings } from "../../../lib/services/ingest/imap";
import { imapFlowOpener } from "../../../lib/services/ingest/imap-client";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { startImapServer, type ImapServer } from "../../helpers/imap-server";
import { tlsRptGzip, tlsRptMail } from "./fixtures";

/** A TLS-RPT mail carrying report(reportId). */
const reportMail = (reportId: string): Buffer => tlsRptMail({ domain, reportId, report: report(reportId), gzip: true });

const db = openTestDb();
let workspaceId: string;
let domain: string;
let server: ImapServer | null = null;

const USER = "reports@lab.test";
const PASS = "correct horse";
const open = (s: ImapServer) => imapFlowOpener({ allowPrivate: true, tlsCa: s.caPem });

function settings(s: ImapServer, doneMailbox: string, pass = PASS): MailboxSettings {
  return { url: `imaps://${encodeURIComponent(USER)}:${encodeURIComponent(pass)}@${s.host}:${s.port}`, mailbox: "INBOX", doneMailbox };
}

/** The gzipped TLS-RPT report a mail carries. */
function report(reportId: string): Buffer {
  return tlsRptGzip({ domain, org: "Mail Org", reportId });
}


const personalMail = Buffer.from("From: someone@example.net\r\nSubject: hello\r\nContent-Type: text/plain\r\n\r\nJust saying hi.\r\n");

async function storedReports(): Promise<Buffer[]> {
  const rows = await db.rawReport.findMany({ where: { workspaceId, channel: "imap" }, orderBy: { receivedAt: "asc" }, select: { bytes: true } });
  return rows.map((r) => Buffer.from(r.bytes));
}

beforeAll(async () => {
  const ws = await db.workspace.create({ data: { slug: `imap-real-${randomBytes(4).toString("hex")}`, name: "Mailbox over IMAP" } });
  workspaceId = ws.id;
  domain = uniqueDomain("imapreal");
  await db.domain.create({ data: { workspaceId, name: domain } });
});

afterEach(async () => {
  await server?.close();
  server = null;
});

afterAll(async () => {
  const raws = await db.rawReport.findMany({ where: { workspaceId }, select: { id: true } });
  for (const r of raws) await db.$executeRaw`SELECT graphile_worker.remove_job(${`ingest:${r.id}`})`;
  await db.workspace.delete({ where: { id: workspaceId } });
  await db.$disconnect();
});

describe("pollMailbox over IMAP", () => {
  it("stores a report mail's attachment and moves every message to the done mailbox", async () => {
    server = await startImapServer({ user: USER, pass: PASS, mailboxes: { INBOX: [reportMail("real-1"), personalMail], Processed: [] } });
    const before = (await storedReports()).length;

    const result = await pollMailbox(workspaceId, settings(server, "Processed"), open(server), db);
    expect(result).toMatchObject({ messages: 2, files: 1, duplicates: 0 });
    expect(result.skipped).toEqual([{ uid: 2, reason: "no report attached" }]);

    const stored = await storedReports();
    expect(stored).toHaveLength(before + 1);
    expect(stored.at(-1)!.equals(report("real-1"))).toBe(true);

    expect(server.mailbox("INBOX")).toEqual([]);
    const processed = server.mailbox("Processed");
    expect(processed.map((m) => m.source.toString())).toEqual([reportMail("real-1").toString(), personalMail.toString()]);
    // Read with BODY.PEEK[], so moving did not mark them read on the way.
    expect(processed.every((m) => !m.flags.has("\\Seen"))).toBe(true);
    expect(server.commands).toEqual(expect.arrayContaining(["SELECT", "UID SEARCH", "UID FETCH", "UID MOVE", "LOGOUT"]));
    expect(server.commands).not.toContain("UID STORE");
  });

  it("without a done mailbox flags messages \\Seen, and a second poll reads nothing new", async () => {
    server = await startImapServer({ user: USER, pass: PASS, mailboxes: { INBOX: [reportMail("real-2"), personalMail] } });
    const before = (await storedReports()).length;

    expect(await pollMailbox(workspaceId, settings(server, ""), open(server), db)).toMatchObject({ messages: 2, files: 1, duplicates: 0 });
    const inbox = server.mailbox("INBOX");
    expect(inbox).toHaveLength(2);
    expect(inbox.map((m) => [...m.flags])).toEqual([["\\Seen"], ["\\Seen"]]);
    expect(server.commands).toContain("UID STORE");
    expect(server.commands).not.toContain("UID MOVE");

    expect(await pollMailbox(workspaceId, settings(server, ""), open(server), db)).toEqual({ messages: 0, files: 0, duplicates: 0, skipped: [] });
    const stored = await storedReports();
    expect(stored).toHaveLength(before + 1);
    expect(stored.at(-1)!.equals(report("real-2"))).toBe(true);
  });

  it("fails on a wrong password and stores nothing", async () => {
    server = await startImapServer({ user: USER, pass: PASS, mailboxes: { INBOX: [reportMail("real-3")] } });
    const before = (await storedReports()).length;

    await expect(pollMailbox(workspaceId, settings(server, "", "wrong password"), open(server), db)).rejects.toThrow(/refused the user name or password/);
    expect(await storedReports()).toHaveLength(before);
    expect(server.mailbox("INBOX").map((m) => m.flags.size)).toEqual([0]);
    expect(server.commands).toContain("AUTHENTICATE");
    expect(server.commands).not.toContain("SELECT");
  });

  it("fails, leaving the message in place, when the done mailbox does not exist; the report is kept once", async () => {
    server = await startImapServer({ user: USER, pass: PASS, mailboxes: { INBOX: [reportMail("real-4")] } });
    const before = (await storedReports()).length;
    await expect(pollMailbox(workspaceId, settings(server, "No Such Folder"), open(server), db)).rejects.toThrow(/refused to move a message to No Such Folder/);
    expect(server.mailbox("INBOX")).toHaveLength(1);
    // Committed before the move was tried; the next poll finds the same bytes and stores nothing new.
    expect(await storedReports()).toHaveLength(before + 1);
    await expect(pollMailbox(workspaceId, settings(server, "No Such Folder"), open(server), db)).rejects.toThrow(/refused to move/);
    expect(await storedReports()).toHaveLength(before + 1);
  });

  it("refuses a server whose certificate the CA did not issue", async () => {
    server = await startImapServer({ user: USER, pass: PASS, mailboxes: { INBOX: [reportMail("real-5")] } });
    const other = await startImapServer({ user: USER, pass: PASS, mailboxes: {} });
    try {
      await expect(pollMailbox(workspaceId, settings(server, ""), open(other), db)).rejects.toThrow(/certificate|self.signed|issuer/i);
      expect(server.mailbox("INBOX")[0]!.flags.size).toBe(0);
    } finally {
      await other.close();
    }
  });
});
