/**
 * Loopback SMTP servers for tests, well-behaved and hostile, all on raw node:net/tls so every
 * byte is under the test's control. Each listens on 127.0.0.1 with an OS-chosen port.
 *
 *   const server = await startSmtpServer("starttls", { tls: { key: leaf.keyPem, cert: leaf.chainPem } });
 *   await probeSmtp({ address: server.address, port: server.port, host: "mx1.example.test", ehloName: "scanner.test" });
 *   expect(server.connections).toBe(1);        // guard tests: expect 0
 *   await server.waitForIdle();                // every socket the client opened is closed again
 *   await server.close();
 *
 * Variants:
 * - "starttls"             EHLO advertises STARTTLS; TLS with `tls.key/cert` (PEM; cert may be a chain)
 * - "no-starttls"          EHLO without STARTTLS
 * - "ehlo-rejected"        EHLO → 502, HELO → 250 (a pre-ESMTP server)
 * - "starttls-454"         STARTTLS advertised, the command answers 454 (RFC 3207 §4)
 * - "handshake-failure"    STARTTLS → 220, then plaintext garbage instead of a ServerHello
 * - "421-greeting"         greets with 421 and closes (busy / rate limiting)
 * - "tls10-only"           like "starttls" but TLS 1.0 only (needs @SECLEVEL=0, which Node 20's OpenSSL 3 allows)
 * - "silent"               accepts and never writes
 * - "drip"                 writes a never-ending "220-" reply one byte every `dripIntervalMs`
 * - "endless-continuation" writes "220-" lines as fast as the client reads, forever
 * - "huge-line"            greets with one 100 KB line
 * - "injection"            answers STARTTLS with "220 Ready" + "250 injected" in a single write, then TLS
 * - "greeting-injection"   sends an unasked "250 STARTTLS" in the same write as its greeting; its real
 *                          EHLO reply offers no STARTTLS (a reader that takes the first reply after
 *                          EHLO as its answer is fooled)
 * - "tls-stall"            answers STARTTLS with 220, then never answers the ClientHello
 */
import net from "node:net";
import tls from "node:tls";

export type SmtpServerVariant =
  | "starttls"
  | "no-starttls"
  | "ehlo-rejected"
  | "starttls-454"
  | "handshake-failure"
  | "421-greeting"
  | "tls10-only"
  | "silent"
  | "drip"
  | "endless-continuation"
  | "huge-line"
  | "injection"
  | "greeting-injection"
  | "tls-stall";

export type SmtpServerOptions = {
  /** Key and certificate (chain) PEM, for variants that complete TLS. */
  tls?: { key: string; cert: string };
  /** Name in the greeting and EHLO reply. Default "mx.test.invalid". */
  hostname?: string;
  /** Greeting lines (the last gets "220 ", the others "220-"). Default one line. */
  greetingLines?: string[];
  /** Wait this long before the greeting, and between its lines (models slow, multi-line greetings). */
  greetingDelayMs?: number;
  /** Byte interval of the "drip" variant. Default 200 ms. */
  dripIntervalMs?: number;
  /** After QUIT: answer 221 and close (default), answer and keep the connection open, or not answer at all. */
  onQuit?: "close" | "stay-open" | "ignore";
  /**
   * Where to listen. Default 127.0.0.1 on a free port; labs put several servers on one port, each on
   * its own loopback address. `alsoOn`: more addresses on the same port served by this one server
   * (its counters add up over all of them), e.g. a host with hundreds of A records.
   */
  listen?: { host: string; port: number; alsoOn?: string[] };
};

export type TestSmtpServer = {
  readonly address: string;
  readonly port: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Connections on which the client sent bytes before the greeting was complete (RFC 5321 §4.3.1 says it must not). */
  readonly spokeBeforeGreeting: number;
  /** Command lines received (plaintext and inside TLS), in order, across connections. */
  readonly commands: readonly string[];
  /** SNI names received in TLS handshakes that completed. */
  readonly serverNames: readonly string[];
  /** Sockets (plain and TLS) currently open. */
  openSockets(): number;
  /** Resolves once no socket is open; rejects after `timeoutMs` (default 2000). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Closes the listener and every socket, and stops every timer. */
  close(): Promise<void>;
};

const TLS_VARIANTS: ReadonlySet<SmtpServerVariant> = new Set(["starttls", "tls10-only", "injection"]);

/** Starts one test SMTP server of the given variant on 127.0.0.1 and a free port. */
export async function startSmtpServer(variant: SmtpServerVariant, options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  if (TLS_VARIANTS.has(variant) && !options.tls) throw new Error(`variant "${variant}" needs options.tls`);
  const hostname = options.hostname ?? "mx.test.invalid";
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const commands: string[] = [];
  const serverNames: string[] = [];
  let connections = 0;
  let spokeBeforeGreeting = 0;

  const secureContext = options.tls
    ? tls.createSecureContext({
        key: options.tls.key,
        cert: options.tls.cert,
        ...(variant === "tls10-only" ? { minVersion: "TLSv1" as const, maxVersion: "TLSv1" as const, ciphers: "DEFAULT@SECLEVEL=0" } : {}),
      })
    : undefined;

  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
  };
  const alive = (socket: net.Socket): boolean => !socket.destroyed && socket.writable;

  /** Reads CRLF lines from `socket` and answers them; `onStarttls` takes over the STARTTLS command. */
  const converse = (socket: net.Socket, secure: boolean): void => {
    let buffer = "";
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString("latin1");
      for (let lf = buffer.indexOf("\n"); lf !== -1; lf = buffer.indexOf("\n")) {
        const line = buffer.slice(0, lf).replace(/\r$/, "");
        buffer = buffer.slice(lf + 1);
        commands.push(line);
        const verb = line.split(" ", 1)[0]?.toUpperCase() ?? "";
        if (verb === "STARTTLS" && !secure) {
          socket.off("data", onData);
          return startTls(socket);
        }
        if (verb === "QUIT" && options.onQuit === "ignore") continue;
        socket.write(answer(verb, secure));
        if (verb === "QUIT" && options.onQuit !== "stay-open") return void socket.end();
      }
    };
    socket.on("data", onData);
  };

  const answer = (verb: string, secure: boolean): string => {
    if (verb === "EHLO") {
      if (variant === "ehlo-rejected") return "502 5.5.1 EHLO not implemented\r\n";
      const offer = variant !== "no-starttls" && variant !== "greeting-injection" && !secure;
      return [`250-${hostname} hello`, "250-PIPELINING", ...(offer ? ["250-STARTTLS"] : []), "250 8BITMIME"].join("\r\n") + "\r\n";
    }
    if (verb === "HELO") return `250 ${hostname}\r\n`;
    if (verb === "QUIT") return "221 2.0.0 Bye\r\n";
    if (verb === "NOOP" || verb === "RSET") return "250 2.0.0 OK\r\n";
    if (verb === "STARTTLS") return "503 5.5.1 TLS already active\r\n";
    return "502 5.5.2 Command not recognized\r\n";
  };

  const startTls = (socket: net.Socket): void => {
    if (variant === "starttls-454") {
      socket.write("454 4.7.0 TLS not available due to temporary reason\r\n");
      return converse(socket, false);
    }
    if (variant === "handshake-failure") {
      socket.write("220 2.0.0 Ready to start TLS\r\n");
      later(10, () => alive(socket) && socket.end("this is not a TLS ServerHello\r\n"));
      return;
    }
    if (variant === "tls-stall") {
      socket.write("220 2.0.0 Ready to start TLS\r\n");
      socket.resume(); // swallow the ClientHello, answer nothing
      return;
    }
    // The injected line rides in the same write (and TCP segment) as the 220.
    socket.write(variant === "injection" ? "220 2.0.0 Ready to start TLS\r\n250 injected\r\n" : "220 2.0.0 Ready to start TLS\r\n");
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext });
    track(secure);
    secure.on("secure", () => {
      serverNames.push((secure as tls.TLSSocket & { servername?: string | false }).servername || "");
      converse(secure, true);
    });
  };

  const greet = (socket: net.Socket, done: () => void): void => {
    const lines = options.greetingLines ?? [`${hostname} ESMTP test server`];
    const delay = options.greetingDelayMs ?? 0;
    const send = (i: number): void => {
      if (!alive(socket)) return;
      const last = i === lines.length - 1;
      // greeting-injection: an unasked reply rides in the greeting's write (and TCP segment).
      const unasked = last && variant === "greeting-injection" ? "250 STARTTLS\r\n" : "";
      socket.write(`220${last ? " " : "-"}${lines[i]}\r\n${unasked}`);
      if (last) done();
      else if (delay > 0) later(delay, () => send(i + 1));
      else send(i + 1);
    };
    if (delay > 0) later(delay, () => send(0));
    else send(0);
  };

  const hostile = (socket: net.Socket): void => {
    socket.resume();
    if (variant === "421-greeting") {
      socket.end("421 4.7.0 Too many connections, try again later\r\n");
    } else if (variant === "huge-line") {
      socket.write(`220 ${"x".repeat(100 * 1024)}\r\n`);
    } else if (variant === "drip") {
      const stream = "220-drip\r\n";
      let i = 0;
      const tick = (): void => {
        if (!alive(socket)) return;
        socket.write(stream[i++ % stream.length] ?? "");
        later(options.dripIntervalMs ?? 200, tick);
      };
      tick();
    } else if (variant === "endless-continuation") {
      // One 2 KB block per loop turn: endless for the client, without starving this process's loop.
      const block = "220-and another line\r\n".repeat(100);
      const pour = (): void => {
        if (!alive(socket)) return;
        if (socket.write(block)) setImmediate(pour);
        else socket.once("drain", pour);
      };
      pour();
    }
    // "silent": nothing at all.
  };

  const onConnection = (socket: net.Socket): void => {
    connections += 1;
    track(socket);
    if (["silent", "drip", "endless-continuation", "huge-line", "421-greeting"].includes(variant)) return hostile(socket);
    let greeted = false;
    const early = (): void => {
      if (!greeted) spokeBeforeGreeting += 1;
    };
    socket.once("data", early);
    greet(socket, () => {
      greeted = true;
      socket.off("data", early);
      converse(socket, false);
    });
  };
  const listenOn = async (host: string, port: number): Promise<net.Server> => {
    const listener = net.createServer(onConnection);
    listener.on("error", () => undefined);
    await new Promise<void>((resolve, reject) => {
      listener.once("error", reject);
      listener.listen(port, host, () => resolve());
    });
    return listener;
  };
  const server = await listenOn(options.listen?.host ?? "127.0.0.1", options.listen?.port ?? 0);
  const port = (server.address() as net.AddressInfo).port;
  const listeners = [server];
  try {
    for (const host of options.listen?.alsoOn ?? []) listeners.push(await listenOn(host, port));
  } catch (error) {
    await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
    throw error;
  }

  return {
    address: options.listen?.host ?? "127.0.0.1",
    port,
    get connections() {
      return connections;
    },
    get spokeBeforeGreeting() {
      return spokeBeforeGreeting;
    },
    commands,
    serverNames,
    openSockets: () => sockets.size,
    async waitForIdle(timeoutMs = 2_000) {
      const until = Date.now() + timeoutMs;
      while (sockets.size > 0) {
        if (Date.now() > until) throw new Error(`${sockets.size} socket(s) still open after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Outermost (TLS) sockets first: destroying a raw socket under a live TLS socket can crash Node 20.
      for (const socket of [...sockets].reverse()) socket.destroy();
      await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
    },
  };
}

/** A loopback port with nothing listening (for "connection refused"). */
export async function findClosedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
