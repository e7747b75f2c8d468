/**
 * A loopback HTTPS policy host for tests: raw node:net + node:tls, so every byte (and every delay)
 * is under the test's control. Listens on 127.0.0.1 with an OS-chosen port and answers every
 * request with the configured behaviour, whatever the path.
 *
 *   const leaf = await ca.issue({ names: ["mta-sts.example.test"] });
 *   const server = await startHttpsPolicyServer({
 *     cert: { keyPem: leaf.keyPem, chainPem: leaf.chainPem },
 *     behaviour: { kind: "serve", body: "version: STSv1\r\nmode: enforce\r\nmx: mx.example.test\r\nmax_age: 86400\r\n" },
 *   });
 *   ... fetchMtaStsPolicy({ domain: "example.test", port: server.port, allowPrivate: true, ... }) ...
 *   expect(server.serverNames).toEqual(["mta-sts.example.test"]);
 *   expect(server.requests[0]?.path).toBe("/.well-known/mta-sts.txt");
 *   await server.waitForIdle();   // the client closed everything it opened
 *   await server.close();
 *
 * Behaviours (`behaviour.kind`):
 * - "serve"        status (200), content type ("text/plain"; null = no header), body, extra headers,
 *                  framing: "content-length" (default), "chunked" or "close" (body ends at close)
 * - "redirect"     301 (or `status`) with Location, short HTML body
 * - "not-found"    404 text/plain
 * - "html"         200 text/html with a small HTML page (or `body`)
 * - "large"        200 text/plain, `bytes` long (default 70 KiB), in the given framing
 * - "endless"      200 text/plain, then `chunkBytes` (512) every `intervalMs` (20; 0 = as fast as the
 *                  client reads), forever; framing "close" (default) or "chunked"
 * - "drip-headers" a response head one byte every `intervalMs` (50), whose last header never ends
 * - "stall"        completes the TLS handshake, reads the request, never answers
 * - "raw"          writes `response` as given (bytes or latin1 text), then closes
 * - "plaintext"    no TLS at all: answers the ClientHello with a plain HTTP 400 and closes
 */
import net from "node:net";
import tls from "node:tls";

type Framing = "content-length" | "chunked" | "close";

export type HttpsPolicyBehaviour =
  | { kind: "serve"; body: string | Buffer; status?: number; contentType?: string | null; headers?: Record<string, string>; framing?: Framing }
  | { kind: "redirect"; location: string; status?: number }
  | { kind: "not-found" }
  | { kind: "html"; body?: string }
  | { kind: "large"; bytes?: number; framing?: Framing }
  | { kind: "endless"; intervalMs?: number; chunkBytes?: number; framing?: "close" | "chunked" }
  | { kind: "drip-headers"; intervalMs?: number }
  | { kind: "stall" }
  | { kind: "raw"; response: string | Buffer }
  | { kind: "plaintext" };

export type HttpsPolicyServerOptions = {
  /** The key and the chain to present (leaf first), PEM. */
  cert: { keyPem: string; chainPem: string };
  behaviour: HttpsPolicyBehaviour;
};

export type RecordedRequest = { method: string; path: string; version: string; headers: Record<string, string> };

export type HttpsPolicyServer = {
  readonly address: "127.0.0.1";
  readonly port: number;
  /** TCP connections accepted so far (guard tests expect 0). */
  readonly connections: number;
  /** SNI names seen in ClientHellos, in order (a ClientHello without SNI adds nothing). */
  readonly serverNames: readonly string[];
  /** Requests received (head only), in order. */
  readonly requests: readonly RecordedRequest[];
  /** Changes the behaviour for connections from now on. */
  setBehaviour(behaviour: HttpsPolicyBehaviour): void;
  /** Sockets (raw and TLS) currently open. */
  openSockets(): number;
  /** Resolves once no socket is open; rejects after `timeoutMs` (default 2000). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Closes the listener and every socket, and stops every timer. */
  close(): Promise<void>;
};

const MAX_REQUEST_HEAD = 16 * 1024;
const STATUS_TEXT: Record<number, string> = { 200: "OK", 301: "Moved Permanently", 302: "Found", 307: "Temporary Redirect", 308: "Permanent Redirect", 404: "Not Found" };

function head(status: number, headers: Record<string, string | number | null | undefined>): string {
  const lines = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Status"}`];
  for (const [name, value] of Object.entries(headers)) if (value !== null && value !== undefined) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function framed(status: number, contentType: string | null, body: Buffer, framing: Framing, extra: Record<string, string> = {}): Buffer {
  const headers = { "Content-Type": contentType, Connection: "close", ...extra };
  if (framing === "content-length") return Buffer.concat([Buffer.from(head(status, { ...headers, "Content-Length": body.length })), body]);
  if (framing === "close") return Buffer.concat([Buffer.from(head(status, headers)), body]);
  // Several chunks (of at most 4 KiB) so decoders see real chunk boundaries.
  const parts: Buffer[] = [Buffer.from(head(status, { ...headers, "Transfer-Encoding": "chunked" }))];
  for (let i = 0; i < body.length; i += 4096) {
    const piece = body.subarray(i, i + 4096);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}

function parseRequest(text: string): RecordedRequest {
  const [requestLine = "", ...lines] = text.split("\r\n");
  const [method = "", path = "", version = ""] = requestLine.split(" ");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { method, path, version, headers };
}

/** Starts an HTTPS policy host on 127.0.0.1 and a free port. */
export async function startHttpsPolicyServer(options: HttpsPolicyServerOptions): Promise<HttpsPolicyServer> {
  let behaviour = options.behaviour;
  const secureContext = tls.createSecureContext({ key: options.cert.keyPem, cert: options.cert.chainPem });
  const rawSockets = new Set<net.Socket>();
  const tlsSockets = new Set<tls.TLSSocket>();
  const timers = new Set<NodeJS.Timeout>();
  const serverNames: string[] = [];
  const requests: RecordedRequest[] = [];
  let connections = 0;

  const alive = (socket: net.Socket): boolean => !socket.destroyed && socket.writable;
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const send = (socket: tls.TLSSocket, data: string | Buffer, end: boolean): void => {
    if (!alive(socket)) return;
    if (end) socket.end(data);
    else socket.write(data);
  };

  const endless = (socket: tls.TLSSocket, b: Extract<HttpsPolicyBehaviour, { kind: "endless" }>): void => {
    const chunked = b.framing === "chunked";
    send(socket, head(200, { "Content-Type": "text/plain", Connection: "close", ...(chunked ? { "Transfer-Encoding": "chunked" } : {}) }), false);
    const data = "x".repeat(b.chunkBytes ?? 512);
    const piece = chunked ? `${data.length.toString(16)}\r\n${data}\r\n` : data;
    const interval = b.intervalMs ?? 20;
    const pour = (): void => {
      if (!alive(socket)) return;
      if (interval > 0) {
        socket.write(piece);
        later(interval, pour);
      } else if (socket.write(piece)) setImmediate(pour);
      else socket.once("drain", pour);
    };
    pour();
  };

  const drip = (socket: tls.TLSSocket, intervalMs: number): void => {
    const start = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Drip: ";
    let i = 0;
    const tick = (): void => {
      if (!alive(socket)) return;
      socket.write(i < start.length ? (start[i] ?? "") : "a");
      i += 1;
      later(intervalMs, tick);
    };
    tick();
  };

  const respond = (socket: tls.TLSSocket): void => {
    const b = behaviour;
    switch (b.kind) {
      case "serve": {
        const body = typeof b.body === "string" ? Buffer.from(b.body, "utf8") : b.body;
        const type = b.contentType === undefined ? "text/plain" : b.contentType;
        return send(socket, framed(b.status ?? 200, type, body, b.framing ?? "content-length", b.headers), true);
      }
      case "redirect":
        return send(socket, framed(b.status ?? 301, "text/html", Buffer.from("<a href=\"elsewhere\">moved</a>"), "content-length", { Location: b.location }), true);
      case "not-found":
        return send(socket, framed(404, "text/plain", Buffer.from("not found\n"), "content-length"), true);
      case "html":
        return send(socket, framed(200, "text/html; charset=utf-8", Buffer.from(b.body ?? "<!doctype html><title>Welcome</title>"), "content-length"), true);
      case "large":
        return send(socket, framed(200, "text/plain", Buffer.alloc(b.bytes ?? 70 * 1024, "a"), b.framing ?? "content-length"), true);
      case "endless":
        return endless(socket, b);
      case "drip-headers":
        return drip(socket, b.intervalMs ?? 50);
      case "raw":
        return send(socket, typeof b.response === "string" ? Buffer.from(b.response, "latin1") : b.response, true);
      case "stall":
      case "plaintext":
        return;
    }
  };

  const serve = (socket: tls.TLSSocket): void => {
    let received = "";
    const onData = (chunk: Buffer): void => {
      received += chunk.toString("latin1");
      const end = received.indexOf("\r\n\r\n");
      if (end === -1) {
        if (received.length > MAX_REQUEST_HEAD) socket.destroy();
        return;
      }
      socket.off("data", onData);
      socket.resume(); // swallow anything after the request head
      requests.push(parseRequest(received.slice(0, end)));
      respond(socket);
    };
    socket.on("data", onData);
  };

  const server = net.createServer((raw) => {
    connections += 1;
    rawSockets.add(raw);
    raw.on("error", () => undefined);
    raw.on("close", () => rawSockets.delete(raw));
    if (behaviour.kind === "plaintext") {
      raw.once("data", () => raw.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
      return;
    }
    const secure = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext,
      SNICallback: (name, callback) => {
        serverNames.push(name);
        callback(null, secureContext);
      },
    });
    tlsSockets.add(secure);
    secure.on("error", () => secure.destroy());
    secure.on("close", () => tlsSockets.delete(secure));
    secure.once("secure", () => serve(secure));
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    address: "127.0.0.1",
    port,
    get connections() {
      return connections;
    },
    serverNames,
    requests,
    setBehaviour(next) {
      behaviour = next;
    },
    openSockets: () => rawSockets.size + tlsSockets.size,
    async waitForIdle(timeoutMs = 2_000) {
      const until = Date.now() + timeoutMs;
      while (rawSockets.size + tlsSockets.size > 0) {
        if (Date.now() > until) throw new Error(`${rawSockets.size + tlsSockets.size} socket(s) still open after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // TLS sockets first: destroying a raw socket under a live TLS socket can crash Node 20.
      for (const socket of tlsSockets) socket.destroy();
      for (const socket of rawSockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
