/**
 * The IMAP side of the mailbox poller, with imapflow. The URL is `imaps://user:password@host[:port]`
 * (or `imap://`, which imapflow upgrades with STARTTLS when offered). Its host is resolved and
 * checked like any address a user names (docs/architecture.md rule 17): loopback and private
 * addresses only in lab mode, and the connection goes to the checked address, with the name kept
 * for TLS verification, so a second DNS answer cannot redirect it.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ImapFlow } from "imapflow";
import { guardTarget } from "@/lib/scan/net/target-guard";
import type { MailboxClient, MailboxOpener, MailboxSettings } from "./imap";

const CONNECT_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 120_000;

/** Checks an IMAP URL's form; null when usable (its address is checked on connecting). */
export function imapUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a URL such as imaps://reports%40example.com:password@imap.example.com";
  }
  if (url.protocol !== "imaps:" && url.protocol !== "imap:") return "The URL must start with imaps:// (or imap://)";
  if (!url.username || !url.password) return "Put the mailbox's user name and password in the URL";
  if (!url.hostname) return "The URL names no server";
  return null;
}

async function checkedAddress(hostname: string, allowPrivate: boolean): Promise<string> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare) ? [{ address: bare }] : await lookup(bare, { all: true });
  if (addresses.length === 0) throw new Error(`${hostname} has no address`);
  for (const a of addresses) {
    const verdict = guardTarget(a.address, { allowPrivate });
    if (!verdict.allowed) throw new Error(`refused: ${hostname} resolves to ${a.address} (${verdict.category}); set MAILPOSTURE_ALLOW_PRIVATE=1 only in a lab`);
  }
  return addresses[0]!.address;
}

/** Opens mailboxes with imapflow; `allowPrivate` is lab mode (MAILPOSTURE_ALLOW_PRIVATE). */
export function imapFlowOpener(options: { allowPrivate: boolean; tlsRejectUnauthorized?: boolean; tlsCa?: string }): MailboxOpener {
  return async (settings: MailboxSettings): Promise<MailboxClient> => {
    const problem = imapUrlProblem(settings.url);
    if (problem) throw new Error(problem);
    const url = new URL(settings.url);
    const secure = url.protocol === "imaps:";
    const address = await checkedAddress(url.hostname, options.allowPrivate);
    const client = new ImapFlow({
      host: address,
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      secure,
      ...(isIP(url.hostname.replace(/^\[|\]$/g, "")) ? {} : { servername: url.hostname }),
      auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      logger: false,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      disableAutoIdle: true,
      tls: { rejectUnauthorized: options.tlsRejectUnauthorized ?? true, ...(options.tlsCa ? { ca: options.tlsCa } : {}) },
    });
    try {
      await client.connect();
    } catch (err) {
      // imapflow says only "Command failed" for a refused login: name the cause for the settings page.
      const e = err as { authenticationFailed?: boolean; response?: string; message?: string };
      if (e.authenticationFailed) throw new Error(`the mail server refused the user name or password${e.response ? ` (${e.response})` : ""}`);
      throw err;
    }
    const lock = await client.getMailboxLock(settings.mailbox);
    const moving = settings.doneMailbox !== "";
    return {
      async list(limit) {
        const uids = await client.search(moving ? { all: true } : { seen: false }, { uid: true });
        // imapflow returns false when the server refuses the search: not the same as an empty mailbox.
        if (!uids) throw new Error(`the mail server refused to search ${settings.mailbox}`);
        const first = uids.sort((a, b) => a - b).slice(0, limit);
        if (first.length === 0) return [];
        const found = await client.fetchAll(first.join(","), { uid: true, size: true }, { uid: true });
        return found.map((m) => ({ uid: m.uid, size: m.size ?? 0 }));
      },
      async source(uid) {
        const m = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        return m && m.source ? m.source : null;
      },
      async markDone(uid) {
        // Both return false on a server NO (a done mailbox that does not exist): an error to show, or
        // every later poll would read the same mail again.
        const ok = moving ? await client.messageMove(String(uid), settings.doneMailbox, { uid: true }) : await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
        if (ok === false) throw new Error(moving ? `the mail server refused to move a message to ${settings.doneMailbox}` : "the mail server refused to flag a message as read");
      },
      async close() {
        lock.release();
        await client.logout();
      },
    };
  };
}
