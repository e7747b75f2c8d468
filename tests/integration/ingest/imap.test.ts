/**
 * Reports by mail: the poller hands each message's report attachments to receiveReport and marks
 * the message only once they are committed; mail that is not a report is marked too (so it is
 * not read on every poll); a database failure leaves the message for the next poll; and two
 * workers polling at once read a mailbox once. The mailbox is an in-memory one behind the
 * MailboxClient interface (imapflow's is the production one).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemScope, type Scope } from "../../../lib/services/access/scope";
import { pollDueMailboxes, pollMailbox, type MailboxClient, type MailboxOpener } from "../../../lib/services/ingest/imap";
import { getMailboxState, saveMailboxSettings } from "../../../lib/services/ingest/mailbox-settings";
import { processRawReport } from "../../../lib/services/ingest/process";
import { openTestDb, uniqueDomain } from "../../helpers/db";
import { roleScope } from "../../helpers/scope";
import { tlsRptGzip, tlsRptMail } from "./fixtures";

/** A TLS-RPT mail (RFC 8460 §5.3) with a gzipped report for the test's domain. */
const reportMail = (reportId: string): Buffer => tlsRptMail({ domain, reportId, report: tlsRptGzip({ domain, org: "Mail Org", reportId }), gzip: true });

const db = openTestDb();
let scope: Scope;
let domain: string;
const SETTINGS = { url: "imaps://u:p@imap.example.test", mailbox: "INBOX", doneMailbox: "" };


const personalMail = Buffer.from("From: someone@example.net\r\nSubject: hello\r\nContent-Type: text/plain\r\n\r\nJust saying hi.\r\n");

/** An in-memory mailbox: messages by uid; `done` holds the uids marked, in order. */
function fakeMailbox(messages: Map<number, Buffer>) {
  const done: number[] = [];
  let opens = 0;
  const open: MailboxOpener = async () => {
    opens++;
    const client: MailboxClient = {
      list: async (limit) => [...messages.keys()].filter((uid) => !done.includes(uid)).sort((a, b) => a - b).slice(0, limit).map((uid) => ({ uid, size: messages.get(uid)!.length })),
      source: async (uid) => messages.get(uid) ?? null,
      markDone: async (uid) => {
        done.push(uid);
      },
      close: async () => {},
    };
    return client;
  };
  return { open, done, opens: () => opens };
}

beforeAll(async () => {
  const ws = await db.workspace.create({ data: { slug: `imap-${randomBytes(4).toString("hex")}`, name: "Mailbox" } });
  scope = systemScope(ws.id);
  domain = uniqueDomain("mail");
  await db.domain.create({ data: { workspaceId: ws.id, name: domain } });
});

afterAll(async () => {
  const raws = await db.rawReport.findMany({ where: { workspaceId: scope.workspaceId }, select: { id: true } });
  for (const r of raws) await db.$executeRaw`SELECT graphile_worker.remove_job(${`ingest:${r.id}`})`;
  await db.workspace.delete({ where: { id: scope.workspaceId } });
  await db.$disconnect();
});

describe("pollMailbox", () => {
  it("stores a report mail's attachment unverified, then marks the message; other mail is marked without storing", async () => {
    const box = fakeMailbox(new Map([[1, reportMail("m-1")], [2, personalMail]]));
    const result = await pollMailbox(scope.workspaceId, SETTINGS, box.open, db);
    expect(result).toMatchObject({ messages: 2, files: 1, duplicates: 0 });
    expect(result.skipped.map((s) => s.uid)).toEqual([2]);
    expect(box.done).toEqual([1, 2]);

    const raw = await db.rawReport.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, channel: "imap" } });
    expect(raw.verified).toBe(false);
    expect(raw.origin).toMatchObject({ from: "tlsrpt@sender.example", tlsReportSubmitter: "sender.example" });
    expect((await processRawReport(raw.id, db)).status).toBe("parsed");
    expect(await db.senderReport.findFirstOrThrow({ where: { rawId: raw.id } })).toMatchObject({ orgName: "Mail Org", verified: false });

    // The same mail again (a second copy in the mailbox): recognised, nothing new stored.
    const again = fakeMailbox(new Map([[7, reportMail("m-1")]]));
    expect(await pollMailbox(scope.workspaceId, SETTINGS, again.open, db)).toMatchObject({ files: 0, duplicates: 1 });
    expect(again.done).toEqual([7]);
  });

  it("leaves a message unmarked when storing its report fails", async () => {
    const box = fakeMailbox(new Map([[3, reportMail("m-3")]]));
    // A workspace that does not exist: the insert fails in the database, as an outage would.
    const missingWorkspace = "00000000-0000-4000-8000-00000000dead";
    await expect(pollMailbox(missingWorkspace, SETTINGS, box.open, db)).rejects.toThrow();
    expect(box.done).toEqual([]);
    expect(await db.rawReport.count({ where: { workspaceId: missingWorkspace } })).toBe(0);
  });
});

describe("pollDueMailboxes", () => {
  it("reads a due mailbox once however many workers poll, and records the poll", async () => {
    await saveMailboxSettings(scope, { url: "imaps://reports%40example.test:secret@imap.example.test", mailbox: "INBOX", doneMailbox: "Processed" }, db);
    const box = fakeMailbox(new Map([[10, reportMail("m-10")]]));
    const [a, b] = await Promise.all([pollDueMailboxes(box.open, 60_000, db), pollDueMailboxes(box.open, 60_000, db)]);
    expect(box.opens()).toBe(1);
    expect(a + b).toBe(1);
    // Within the interval it is not read again.
    await pollDueMailboxes(box.open, 60_000, db);
    expect(box.opens()).toBe(1);
    const state = await getMailboxState(scope, db);
    expect(state).toMatchObject({ configured: true, mailbox: "INBOX", doneMailbox: "Processed", lastError: null });
    expect(state.lastPollAt).toBeInstanceOf(Date);
    expect(state.urlWithoutPassword).not.toContain("secret");
  });

  it("records a mailbox that cannot be opened as the last error", async () => {
    await saveMailboxSettings(scope, { url: "imaps://u:p@imap.example.test", mailbox: "INBOX", doneMailbox: "" }, db);
    const failing: MailboxOpener = async () => {
      throw new Error("connection refused");
    };
    await pollDueMailboxes(failing, 60_000, db);
    expect((await getMailboxState(scope, db)).lastError).toBe("connection refused");
  });
});

describe("saveMailboxSettings", () => {
  it("checks the URL and needs the manage permission", async () => {
    await expect(saveMailboxSettings(scope, { url: "https://imap.example.test", mailbox: "INBOX", doneMailbox: "" }, db)).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { url: expect.any(String) } });
    await expect(saveMailboxSettings(scope, { url: "imaps://imap.example.test", mailbox: "INBOX", doneMailbox: "" }, db)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(saveMailboxSettings(roleScope(scope.workspaceId, "editor"), { url: "", mailbox: "INBOX", doneMailbox: "" }, db)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await saveMailboxSettings(scope, { url: "", mailbox: "INBOX", doneMailbox: "" }, db);
    expect((await getMailboxState(scope, db)).configured).toBe(false);
  });
});
