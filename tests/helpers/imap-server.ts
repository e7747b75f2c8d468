/**
 * A minimal IMAP4rev1 server (RFC 3501) for integration tests, written on node:tls: implicit TLS
 * ("imaps", RFC 8314 §3.2) with a certificate from the test CA for imap.lab.test and 127.0.0.1,
 * listening on 127.0.0.1 with an OS-chosen port. It speaks what imapflow sends when the mailbox
 * poller connects, reads and files report mail:
 *
 *   const server = await startImapServer({ user: "u", pass: "p", mailboxes: { INBOX: [mail], Processed: [] } });
 *   // imaps://u:p@127.0.0.1:${server.port}, trusting server.caPem
 *   expect(server.mailbox("Processed")).toHaveLength(1);
 *   expect(server.commands).toContain("UID MOVE");
 *   await server.close();
 *
 * Implements: CAPABILITY, NOOP, LOGOUT; LOGIN and AUTHENTICATE PLAIN (wrong credentials answer
 * NO [AUTHENTICATIONFAILED], RFC 5530); ID (RFC 2971); ENABLE (RFC 5161, enables nothing);
 * NAMESPACE (RFC 2342); LIST and LSUB with * and % patterns; SELECT and EXAMINE; [UID] SEARCH with ALL,
 * SEEN, UNSEEN, DELETED, UNDELETED and UID <set>; [UID] FETCH of UID, FLAGS, RFC822.SIZE, BODY[]
 * and BODY.PEEK[] (the whole message only); [UID] STORE of [+-]FLAGS[.SILENT]; [UID] COPY with
 * COPYUID and UID EXPUNGE (UIDPLUS, RFC 4315); [UID] MOVE (RFC 6851); EXPUNGE. Synchronizing and
 * non-synchronizing literals are read. Anything else is answered BAD.
 *
 * Does not implement: STARTTLS and plaintext, other SASL mechanisms, APPEND/CREATE/DELETE/RENAME/
 * SUBSCRIBE/STATUS/CLOSE/IDLE, other search keys, body sections or partial fetches, \Recent,
 * CONDSTORE, and telling one session about another's changes (each session reads the shared store
 * as it is; only NOOP reports messages appended since SELECT). Mailboxes are flat ("/" separator,
 * no children), and INBOX is the only case-insensitive name.
 */
import type { AddressInfo, Socket } from "node:net";
import tls from "node:tls";
import { createTestCa, type TestCa } from "./test-ca";

export type ImapMessage = { uid: number; flags: Set<string>; source: Buffer };

export type ImapServerOptions = { user: string; pass: string; mailboxes: Record<string, Buffer[]> };

export type ImapServer = {
  host: string;
  port: number;
  /** The name in the server certificate (with the IP 127.0.0.1). */
  servername: string;
  ca: TestCa;
  /** The root a client must trust. */
  caPem: string;
  /** The messages of a mailbox now, in order (the flag sets are the live ones). */
  mailbox(name: string): ImapMessage[];
  /** Delivers a message to a mailbox; returns its UID. */
  append(mailbox: string, source: Buffer, flags?: string[]): number;
  /** Command names as received, "UID " prefixed where given ("CAPABILITY", "AUTHENTICATE", "UID FETCH"…). */
  commands: string[];
  close(): Promise<void>;
};

type Mailbox = { name: string; uidValidity: number; uidNext: number; messages: ImapMessage[] };

/** An atom or quoted string (string), a literal (Buffer) or a parenthesized list. */
type Token = string | Buffer | Token[];

const CAPABILITIES = "IMAP4rev1 AUTH=PLAIN ID ENABLE NAMESPACE UIDPLUS MOVE";
const SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
const SERVERNAME = "imap.lab.test";
/** The search keys for flags; "UN" before one negates it. */
const FLAG_KEYS: Record<string, string> = { SEEN: "\\Seen", DELETED: "\\Deleted" };

/** The commands understood, by the state they need (RFC 3501 §6). */
const ANY_STATE = new Set(["CAPABILITY", "NOOP", "LOGOUT", "ID", "LOGIN", "AUTHENTICATE"]);
const AUTHENTICATED_STATE = new Set(["ENABLE", "NAMESPACE", "LIST", "LSUB", "SELECT", "EXAMINE"]);
const SELECTED_STATE = new Set(["SEARCH", "FETCH", "STORE", "COPY", "MOVE", "EXPUNGE"]);

/** A command the server answers with a tagged BAD. */
class Bad extends Error {}

function canonicalName(name: string): string {
  return name.toUpperCase() === "INBOX" ? "INBOX" : name;
}

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function text(token: Token | undefined, what: string): string {
  if (typeof token === "string") return token;
  if (Buffer.isBuffer(token)) return token.toString("utf8");
  throw new Bad(`Expected ${what}`);
}

/** Splits a command (its lines and literal data, as latin1 text so bytes survive) into tokens. */
function tokenize(input: string): Token[] {
  const root: Token[] = [];
  const stack: Token[][] = [root];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    const top = stack[stack.length - 1]!;
    if (c === " " || c === "\r" || c === "\n") {
      i++;
    } else if (c === "(") {
      const list: Token[] = [];
      top.push(list);
      stack.push(list);
      i++;
    } else if (c === ")") {
      if (stack.length === 1) throw new Bad("Unbalanced parenthesis");
      stack.pop();
      i++;
    } else if (c === '"') {
      let s = "";
      for (i++; input[i] !== '"'; i++) {
        if (i >= input.length) throw new Bad("Unterminated quoted string");
        if (input[i] === "\\") i++;
        s += input[i];
      }
      i++;
      top.push(Buffer.from(s, "latin1").toString("utf8"));
    } else if (c === "{") {
      const m = /^\{(\d+)\+?\}\r\n/.exec(input.slice(i, i + 24));
      if (!m) throw new Bad("Malformed literal");
      const start = i + m[0].length;
      i = start + Number(m[1]);
      top.push(Buffer.from(input.slice(start, i), "latin1"));
    } else {
      // An atom; a [...] section stays part of it (BODY.PEEK[HEADER.FIELDS (From)]).
      const start = i;
      let depth = 0;
      for (; i < input.length; i++) {
        const ch = input[i];
        if (ch === "[") depth++;
        else if (ch === "]") depth--;
        else if (depth === 0 && (ch === " " || ch === "(" || ch === ")" || ch === "\r")) break;
      }
      top.push(input.slice(start, i));
    }
  }
  if (stack.length !== 1) throw new Bad("Unbalanced parenthesis");
  return root;
}

/** Whether `n` is in an IMAP sequence set ("1,3:5,7:*"), `*` being `max`. */
function inSet(set: string, n: number, max: number): boolean {
  if (!/^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(set)) throw new Bad(`Invalid sequence set ${set}`);
  return set.split(",").some((part) => {
    const [a, b = a] = part.split(":").map((x) => (x === "*" ? max : Number(x)));
    return n >= Math.min(a!, b!) && n <= Math.max(a!, b!);
  });
}

/** What "*" means in a UID set: the largest UID in use (RFC 3501 §9, seq-number). */
function lastUid(box: Mailbox): number {
  return box.messages.at(-1)?.uid ?? 0;
}

class Session {
  private pending = Buffer.alloc(0);
  /** The command read so far: its lines and literal data. */
  private parts: Buffer[] = [];
  private literalLeft = 0;
  /** Set while AUTHENTICATE waits for the client's response line. */
  private saslResponse: ((line: string) => void) | null = null;
  private authenticated = false;
  private selected: Mailbox | null = null;
  private readOnly = false;
  private knownExists = 0;

  constructor(
    private readonly socket: Socket,
    private readonly server: { options: ImapServerOptions; boxes: Map<string, Mailbox>; commands: string[] },
  ) {
    socket.on("data", (chunk: Buffer) => this.read(chunk));
    socket.on("error", () => {});
    this.send("* OK IMAP4rev1 mailposture test server ready");
  }

  private send(line: string | (string | Buffer)[]): void {
    if (this.socket.writable) this.socket.write(Buffer.concat((Array.isArray(line) ? line : [line]).map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))).concat(Buffer.from("\r\n"))));
  }

  private read(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.literalLeft > 0) {
        if (this.pending.length < this.literalLeft) return;
        this.parts.push(this.pending.subarray(0, this.literalLeft));
        this.pending = this.pending.subarray(this.literalLeft);
        this.literalLeft = 0;
      }
      const eol = this.pending.indexOf("\r\n");
      if (eol < 0) return;
      const line = this.pending.subarray(0, eol + 2);
      this.pending = this.pending.subarray(eol + 2);
      if (this.saslResponse) {
        const answer = this.saslResponse;
        this.saslResponse = null;
        answer(line.toString("latin1").trimEnd());
        continue;
      }
      this.parts.push(line);
      const literal = /\{(\d+)(\+?)\}\r\n$/.exec(line.toString("latin1"));
      if (literal) {
        this.literalLeft = Number(literal[1]);
        if (!literal[2]) this.send("+ Ready for literal data");
        continue;
      }
      const command = Buffer.concat(this.parts).toString("latin1");
      this.parts = [];
      this.execute(command);
    }
  }

  private execute(command: string): void {
    let tag = "*";
    try {
      const tokens = tokenize(command);
      tag = typeof tokens[0] === "string" && tokens[0] !== "" ? tokens[0] : "*";
      if (tag === "*") throw new Bad("Missing tag");
      let name = text(tokens[1], "a command").toUpperCase();
      let args = tokens.slice(2);
      let uid = false;
      if (name === "UID") {
        uid = true;
        name = text(args[0], "a command after UID").toUpperCase();
        args = args.slice(1);
      }
      this.server.commands.push(uid ? `UID ${name}` : name);
      this.dispatch(tag, name, args, uid);
    } catch (err) {
      if (!(err instanceof Bad)) throw err;
      this.send(`${tag} BAD ${err.message}`);
    }
  }

  private dispatch(tag: string, name: string, args: Token[], uid: boolean): void {
    if (!ANY_STATE.has(name) && !AUTHENTICATED_STATE.has(name) && !SELECTED_STATE.has(name)) throw new Bad(`Unknown command ${name}`);
    if (uid && !SELECTED_STATE.has(name)) throw new Bad(`UID ${name} is not a command`);
    switch (name) {
      case "CAPABILITY":
        this.send(`* CAPABILITY ${CAPABILITIES}`);
        return this.send(`${tag} OK CAPABILITY completed`);
      case "NOOP":
        if (this.selected && this.selected.messages.length !== this.knownExists) {
          this.knownExists = this.selected.messages.length;
          this.send(`* ${this.knownExists} EXISTS`);
        }
        return this.send(`${tag} OK NOOP completed`);
      case "LOGOUT":
        this.send("* BYE Logging out");
        this.send(`${tag} OK LOGOUT completed`);
        this.socket.end();
        return;
      case "ID":
        this.send('* ID ("name" "mailposture-test-imap")');
        return this.send(`${tag} OK ID completed`);
      case "LOGIN":
        if (this.authenticated) throw new Bad("Already authenticated");
        return this.login(tag, text(args[0], "a user name"), text(args[1], "a password"));
      case "AUTHENTICATE":
        return this.authenticate(tag, args);
    }
    if (!this.authenticated) throw new Bad(`${name} needs authentication first`);
    switch (name) {
      case "ENABLE":
        this.send("* ENABLED");
        return this.send(`${tag} OK ENABLE completed`);
      case "NAMESPACE":
        this.send('* NAMESPACE (("" "/")) NIL NIL');
        return this.send(`${tag} OK NAMESPACE completed`);
      case "LIST":
      case "LSUB":
        return this.list(tag, name, text(args[0], "a reference"), text(args[1], "a mailbox pattern"));
      case "SELECT":
      case "EXAMINE":
        return this.select(tag, text(args[0], "a mailbox name"), name === "EXAMINE");
    }
    const box = this.selected;
    if (!box) throw new Bad(`${name} needs a selected mailbox`);
    const command = uid ? `UID ${name}` : name;
    switch (name) {
      case "SEARCH":
        return this.search(tag, box, args, uid);
      case "FETCH":
        for (const [seq, message] of this.matching(box, text(args[0], "a sequence set"), uid)) this.fetch(seq, message, args[1], uid);
        return this.send(`${tag} OK ${command} completed`);
      case "STORE":
        return this.store(tag, box, args, uid);
      case "COPY":
      case "MOVE":
        return this.copy(tag, box, text(args[0], "a sequence set"), text(args[1], "a mailbox name"), uid, name === "MOVE");
      case "EXPUNGE": {
        if (this.readOnly) return this.send(`${tag} NO Mailbox is read-only`);
        // UID EXPUNGE (RFC 4315 §2.1) limits it to a UID set, read before any message goes.
        const chosen = new Set(uid ? this.matching(box, text(args[0], "a UID set"), true).map(([, m]) => m) : box.messages);
        this.expunge(box, (m) => m.flags.has("\\Deleted") && chosen.has(m));
        return this.send(`${tag} OK ${command} completed`);
      }
    }
  }

  private login(tag: string, user: string, pass: string): void {
    const { options } = this.server;
    if (user === options.user && pass === options.pass) {
      this.authenticated = true;
      this.send(`${tag} OK Logged in`);
    } else {
      this.send(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed`);
    }
  }

  /** AUTHENTICATE PLAIN (RFC 4616): "authzid NUL authcid NUL password", base64. */
  private authenticate(tag: string, args: Token[]): void {
    if (this.authenticated) throw new Bad("Already authenticated");
    if (text(args[0], "a mechanism").toUpperCase() !== "PLAIN") return this.send(`${tag} NO Unsupported mechanism`);
    const finish = (response: string) => {
      if (response === "*") return this.send(`${tag} BAD Authentication cancelled`);
      const [authzid, user, pass] = Buffer.from(response, "base64").toString("utf8").split("\0");
      if (user === undefined || pass === undefined || (authzid && authzid !== user)) return this.send(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed`);
      this.login(tag, user, pass);
    };
    if (args[1] !== undefined) return finish(text(args[1], "an initial response"));
    this.saslResponse = finish;
    this.send("+ ");
  }

  /** LIST, or LSUB (every mailbox counts as subscribed). */
  private list(tag: string, command: string, reference: string, pattern: string): void {
    if (pattern === "") {
      // The hierarchy delimiter and root (RFC 3501 §6.3.8).
      if (command === "LIST") this.send('* LIST (\\Noselect) "/" ""');
      return this.send(`${tag} OK ${command} completed`);
    }
    const source = (reference + pattern).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/%/g, "[^/]*");
    for (const name of this.server.boxes.keys()) {
      if (new RegExp(`^${source}$`, name === "INBOX" ? "i" : "").test(name)) this.send(`* ${command} (\\HasNoChildren) "/" ${quote(name)}`);
    }
    this.send(`${tag} OK ${command} completed`);
  }

  private select(tag: string, name: string, readOnly: boolean): void {
    const box = this.server.boxes.get(canonicalName(name));
    this.selected = null;
    if (!box) return this.send(`${tag} NO Mailbox does not exist`);
    this.selected = box;
    this.readOnly = readOnly;
    this.knownExists = box.messages.length;
    this.send(`* FLAGS (${SYSTEM_FLAGS})`);
    this.send(`* OK [PERMANENTFLAGS (${readOnly ? "" : `${SYSTEM_FLAGS} \\*`})] Flags permitted`);
    this.send(`* ${box.messages.length} EXISTS`);
    this.send("* 0 RECENT");
    this.send(`* OK [UIDVALIDITY ${box.uidValidity}] UIDs valid`);
    this.send(`* OK [UIDNEXT ${box.uidNext}] Predicted next UID`);
    this.send(`${tag} OK [${readOnly ? "READ-ONLY" : "READ-WRITE"}] ${readOnly ? "EXAMINE" : "SELECT"} completed`);
  }

  /** The messages a sequence set names, with their sequence numbers. */
  private matching(box: Mailbox, set: string, uid: boolean): [number, ImapMessage][] {
    const max = uid ? lastUid(box) : box.messages.length;
    return box.messages.map((m, i) => [i + 1, m] as [number, ImapMessage]).filter(([seq, m]) => inSet(set, uid ? m.uid : seq, max));
  }

  private search(tag: string, box: Mailbox, args: Token[], uid: boolean): void {
    const tests: ((m: ImapMessage) => boolean)[] = [];
    for (let i = 0; i < args.length; i++) {
      const key = text(args[i], "a search key").toUpperCase();
      const flag = FLAG_KEYS[key.replace(/^UN/, "")];
      if (key === "ALL") continue;
      else if (flag) tests.push(key.startsWith("UN") ? (m) => !m.flags.has(flag) : (m) => m.flags.has(flag));
      else if (key === "UID") {
        const set = text(args[++i], "a UID set");
        tests.push((m) => inSet(set, m.uid, lastUid(box)));
      } else throw new Bad(`Unsupported search key ${key}`);
    }
    const found = box.messages.flatMap((m, i) => (tests.every((t) => t(m)) ? [uid ? m.uid : i + 1] : []));
    this.send(`* SEARCH${found.map((n) => ` ${n}`).join("")}`);
    this.send(`${tag} OK ${uid ? "UID SEARCH" : "SEARCH"} completed`);
  }

  private fetch(seq: number, message: ImapMessage, query: Token | undefined, uid: boolean): void {
    const items = (Array.isArray(query) ? query : [query]).map((t) => text(t, "a fetch item").toUpperCase());
    if (uid && !items.includes("UID")) items.unshift("UID");
    const out: (string | Buffer)[][] = [];
    for (const item of items) {
      if (item === "UID") out.push([`UID ${message.uid}`]);
      else if (item === "FLAGS") out.push([`FLAGS (${[...message.flags].join(" ")})`]);
      else if (item === "RFC822.SIZE") out.push([`RFC822.SIZE ${message.source.length}`]);
      else if (item === "BODY[]" || item === "BODY.PEEK[]") {
        // BODY[] sets \Seen (RFC 3501 §6.4.5) and reports the new flags; BODY.PEEK[] does not.
        if (item === "BODY[]" && !this.readOnly && !message.flags.has("\\Seen")) {
          message.flags.add("\\Seen");
          out.push([`FLAGS (${[...message.flags].join(" ")})`]);
        }
        out.push([`BODY[] {${message.source.length}}\r\n`, message.source]);
      } else throw new Bad(`Unsupported fetch item ${item}`);
    }
    this.send([`* ${seq} FETCH (`, ...out.flatMap((parts, i) => (i > 0 ? [" ", ...parts] : parts)), ")"]);
  }

  private store(tag: string, box: Mailbox, args: Token[], uid: boolean): void {
    if (this.readOnly) return this.send(`${tag} NO Mailbox is read-only`);
    const operation = /^([+-]?)FLAGS(\.SILENT)?$/i.exec(text(args[1], "a store operation"));
    if (!operation) throw new Bad("Unsupported store operation");
    const flags = (Array.isArray(args[2]) ? args[2] : [args[2]]).map((t) => text(t, "a flag"));
    for (const [seq, message] of this.matching(box, text(args[0], "a sequence set"), uid)) {
      if (operation[1] === "") message.flags.clear();
      for (const flag of flags) {
        if (operation[1] === "-") message.flags.delete(flag);
        else message.flags.add(flag);
      }
      if (!operation[2]) this.send(`* ${seq} FETCH (${uid ? `UID ${message.uid} ` : ""}FLAGS (${[...message.flags].join(" ")}))`);
    }
    this.send(`${tag} OK ${uid ? "UID STORE" : "STORE"} completed`);
  }

  /** COPY, or MOVE (RFC 6851 §4.3: the COPYUID goes in an untagged OK, before the EXPUNGEs). */
  private copy(tag: string, box: Mailbox, set: string, destination: string, uid: boolean, move: boolean): void {
    const command = `${uid ? "UID " : ""}${move ? "MOVE" : "COPY"}`;
    const target = this.server.boxes.get(canonicalName(destination));
    if (!target) return this.send(`${tag} NO [TRYCREATE] Mailbox does not exist`);
    if (move && this.readOnly) return this.send(`${tag} NO Mailbox is read-only`);
    const chosen = this.matching(box, set, uid).map(([, m]) => m);
    const copies = chosen.map((m) => deliver(target, m.source, [...m.flags]));
    const copyUid = chosen.length ? `[COPYUID ${target.uidValidity} ${chosen.map((m) => m.uid).join(",")} ${copies.join(",")}] ` : "";
    if (!move) return this.send(`${tag} OK ${copyUid}${command} completed`);
    if (copyUid) this.send(`* OK ${copyUid}Moved`);
    this.expunge(box, (m) => chosen.includes(m));
    this.send(`${tag} OK ${command} completed`);
  }

  /** Removes the chosen messages, highest first, so each EXPUNGE names a current sequence number. */
  private expunge(box: Mailbox, chosen: (m: ImapMessage) => boolean): void {
    for (let i = box.messages.length - 1; i >= 0; i--) {
      if (!chosen(box.messages[i]!)) continue;
      box.messages.splice(i, 1);
      if (box === this.selected) this.knownExists--;
      this.send(`* ${i + 1} EXPUNGE`);
    }
  }
}

function deliver(box: Mailbox, source: Buffer, flags: string[] = []): number {
  const uid = box.uidNext++;
  box.messages.push({ uid, flags: new Set(flags), source: Buffer.from(source) });
  return uid;
}

/** Starts the server; INBOX exists whether or not `mailboxes` names it. */
export async function startImapServer(options: ImapServerOptions): Promise<ImapServer> {
  const ca = await createTestCa({ name: "imap" });
  const leaf = await ca.issue({ names: [SERVERNAME, "127.0.0.1"] });
  const boxes = new Map<string, Mailbox>();
  let validity = Math.floor(Date.now() / 1000);
  for (const name of ["INBOX", ...Object.keys(options.mailboxes)]) {
    const key = canonicalName(name);
    if (!boxes.has(key)) boxes.set(key, { name: key, uidValidity: validity++, uidNext: 1, messages: [] });
  }
  for (const [name, sources] of Object.entries(options.mailboxes)) for (const source of sources) deliver(boxes.get(canonicalName(name))!, source);

  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const server = tls.createServer({ key: leaf.keyPem, cert: leaf.chainPem }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    new Session(socket, { options, boxes, commands });
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const box = (name: string): Mailbox => {
    const found = boxes.get(canonicalName(name));
    if (!found) throw new Error(`no mailbox ${name}`);
    return found;
  };
  return {
    host: "127.0.0.1",
    port: (server.address() as AddressInfo).port,
    servername: SERVERNAME,
    ca,
    caPem: ca.rootPem,
    mailbox: (name) => [...box(name).messages],
    append: (name, source, flags) => deliver(box(name), source, flags),
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
