/**
 * httpsGet: one hardened HTTPS GET over node:tls, written out by hand because a policy fetch must
 * (a) connect to exactly the one address that was resolved and passed the target guard, (b) send
 * SNI and Host for the policy host, (c) see redirects raw instead of following them (RFC 8461
 * §3.3), and (d) cap time and memory whatever the server does. Remote misbehaviour is returned as
 * data, never thrown; every path destroys the socket.
 */
import { isIP } from "node:net";
import tls from "node:tls";
import { HttpResponseParser, type HttpParseErrorCode, type HttpParseState, type HttpResponse, type HttpResponseHead } from "./https-parse";
import { readPeerChain } from "./tls-peer";

export type HttpsTlsInfo = {
  /** Negotiated protocol, e.g. "TLSv1.3". */
  version: string;
  /** IANA name of the cipher suite. */
  cipher: string;
  /** The certificates the server sent, DER, leaf first, exactly as presented. */
  peerChain: Buffer[];
};

export type HttpsGetOptions = {
  /** IP literal to connect to: the caller resolved and guarded it; no DNS happens here. */
  address: string;
  port: number;
  /** Host name sent as SNI (RFC 6066 §3) and in the Host header (RFC 9110 §7.2). */
  host: string;
  /** Request target in origin-form, starting with "/". */
  path: string;
  signal?: AbortSignal;
  /** One absolute deadline for the whole exchange: connect, handshake, request, head and body. */
  deadlineMs: number;
  /** Deadline of the TCP connect alone (default: deadlineMs). */
  connectTimeoutMs?: number;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  /**
   * Judges the TLS session before any request is sent; a returned reason ends the exchange
   * there (code "peer-rejected"), the way a verifying client aborts after the handshake.
   */
  verifyPeer?: (session: HttpsTlsInfo) => string | null;
  /** Asked once the response head is in; false returns without reading the body. */
  readBody?: (head: HttpResponseHead) => boolean;
};

export type HttpsStage = "connect" | "tls" | "http";

export type HttpsFailureCode =
  | "refused"
  | "connect-timeout"
  | "connect-error"
  | "tls-error"
  | "peer-rejected"
  | "timeout"
  | "aborted"
  | "socket-error"
  | HttpParseErrorCode;

type Common = { address: string; port: number; bytesReceived: number };

export type HttpsGetResult =
  | (Common & { ok: true; tls: HttpsTlsInfo; response: HttpResponse })
  | (Common & {
      ok: false;
      /** Where it ended: before the TCP connection, in the handshake, or in the HTTP exchange. */
      stage: HttpsStage;
      code: HttpsFailureCode;
      reason: string;
      tls?: HttpsTlsInfo;
      /** The response head, when it arrived before the failure (e.g. body-too-large). */
      head?: HttpResponseHead;
    });

let observerContext: tls.SecureContext | null = null;

/**
 * `ca: []` is an empty trust store on purpose: Node then cannot append issuers from its own store
 * to getPeerCertificate(true), so the recorded chain is exactly what the server sent. Trust, name
 * and dates are judged by the caller from that chain (verifyPeer).
 */
function observerSecureContext(): tls.SecureContext {
  observerContext ??= tls.createSecureContext({ ca: [] });
  return observerContext;
}

function buildRequest(options: HttpsGetOptions): string {
  // RFC 9110 §7.2: the port is part of Host unless it is the scheme's default.
  const authority = options.port === 443 ? options.host : `${options.host}:${options.port}`;
  return [
    `GET ${options.path} HTTP/1.1`,
    `Host: ${authority}`,
    "User-Agent: mailposture",
    "Accept: text/plain, */*;q=0.1",
    // Identity only: the body cap must count the bytes the policy really has (RFC 9110 §12.5.3).
    "Accept-Encoding: identity",
    "Connection: close",
    "",
    "",
  ].join("\r\n");
}

function checkOptions(options: HttpsGetOptions): void {
  if (!isIP(options.address)) throw new TypeError(`httpsGet needs an IP address, got ${JSON.stringify(options.address)}`);
  if (!/^[A-Za-z0-9._-]+$/.test(options.host) || isIP(options.host)) throw new TypeError(`httpsGet needs a host name, got ${JSON.stringify(options.host)}`);
  if (!/^\/[\x21-\x7e]*$/.test(options.path)) throw new TypeError(`httpsGet needs an origin-form path, got ${JSON.stringify(options.path)}`);
  if (!(options.deadlineMs > 0) || !(options.maxBodyBytes >= 0) || !(options.maxHeaderBytes > 0)) throw new TypeError("httpsGet needs positive caps and deadline");
}

/** Performs the GET; resolves with the response or a classified failure, never rejects for remote behaviour. */
export function httpsGet(options: HttpsGetOptions): Promise<HttpsGetResult> {
  checkOptions(options);
  const common = { address: options.address, port: options.port };
  if (options.signal?.aborted) {
    return Promise.resolve({ ...common, bytesReceived: 0, ok: false, stage: "connect", code: "aborted", reason: "aborted before connecting" });
  }

  return new Promise<HttpsGetResult>((resolve, reject) => {
    let stage: HttpsStage = "connect";
    let session: HttpsTlsInfo | undefined;
    let bytesReceived = 0;
    let settled = false;
    const parser = new HttpResponseParser({ maxHeaderBytes: options.maxHeaderBytes, maxBodyBytes: options.maxBodyBytes, readBody: options.readBody });

    // tls.connect opens the TCP socket itself and owns it: destroying the TLS socket destroys both,
    // and no raw socket is ever destroyed on its own (doing that under a TLS socket with a write
    // pending crashes Node 20; see net/smtp-channel.ts).
    const socket = tls.connect({
      host: options.address,
      port: options.port,
      servername: options.host,
      secureContext: observerSecureContext(),
      ALPNProtocols: ["http/1.1"],
      // We judge trust, name and dates ourselves from the presented chain (verifyPeer).
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });

    const finish = (result: HttpsGetResult | { bug: unknown }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(connectTimer);
      options.signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      if ("bug" in result) reject(result.bug);
      else resolve(result);
    };
    // A throwing verifyPeer/readBody is a programmer error: reject the promise instead of letting
    // it escape from a socket event handler and take the process down.
    const guarded = <A extends unknown[]>(handler: (...args: A) => void) => (...args: A): void => {
      try {
        handler(...args);
      } catch (bug) {
        finish({ bug });
      }
    };
    const fail = (code: HttpsFailureCode, reason: string): void =>
      finish({
        ...common, bytesReceived, ok: false, stage, code, reason,
        ...(session ? { tls: session } : {}),
        ...(parser.head ? { head: parser.head } : {}),
      });
    const onParse = (state: HttpParseState): void => {
      if (state.state === "complete" && session) finish({ ...common, bytesReceived, ok: true, tls: session, response: state.response });
      else if (state.state === "error") fail(state.code, state.message);
    };
    const onAbort = (): void => fail("aborted", "aborted");
    const onDeadline = (): void => {
      if (stage === "connect") return fail("connect-timeout", `connect timed out after ${options.deadlineMs} ms`);
      if (stage === "tls") return fail("timeout", `no TLS handshake within ${options.deadlineMs} ms`);
      if (!parser.head) return fail("timeout", `no complete response header within ${options.deadlineMs} ms`);
      fail("timeout", `response body not complete within ${options.deadlineMs} ms (${parser.bodyLength} bytes read)`);
    };

    const deadline = setTimeout(onDeadline, options.deadlineMs);
    const connectMs = Math.min(options.connectTimeoutMs ?? options.deadlineMs, options.deadlineMs);
    const connectTimer = setTimeout(() => {
      if (stage === "connect") fail("connect-timeout", `connect timed out after ${connectMs} ms`);
    }, connectMs);
    options.signal?.addEventListener("abort", onAbort, { once: true });

    socket.once("connect", () => {
      stage = "tls";
      clearTimeout(connectTimer);
    });
    socket.once("secureConnect", guarded(() => {
      const cipher = socket.getCipher();
      session = { version: socket.getProtocol() ?? "unknown", cipher: cipher.standardName || cipher.name, peerChain: readPeerChain(socket) };
      const rejected = options.verifyPeer?.(session) ?? null;
      if (rejected !== null) return fail("peer-rejected", rejected);
      stage = "http";
      socket.write(buildRequest(options));
    }));
    socket.on("data", guarded((chunk: Buffer) => {
      bytesReceived += chunk.length;
      if (stage === "http") onParse(parser.push(chunk));
    }));
    // The server ended the stream (or reset it): a close-delimited body ends here, anything else is truncated.
    const onPeerClosed = (): void => {
      if (stage === "connect") return fail("connect-error", "connection closed while connecting");
      if (stage === "tls") return fail("tls-error", "TLS handshake failed: connection closed by the server");
      onParse(parser.end());
    };
    socket.on("end", onPeerClosed);
    socket.on("close", onPeerClosed);
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (stage === "connect") {
        if (error.code === "ECONNREFUSED") return fail("refused", "connection refused");
        return fail("connect-error", `connect failed: ${error.code ?? error.message}`);
      }
      // OpenSSL's `reason` ("wrong version number") reads better than its full error string.
      if (stage === "tls") return fail("tls-error", `TLS handshake failed: ${(error as { reason?: string }).reason ?? error.message.split("\n")[0]}`);
      fail("socket-error", `connection error: ${error.code ?? error.message}`);
    });
  });
}
