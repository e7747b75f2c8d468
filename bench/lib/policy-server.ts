/**
 * The benchmark's MTA-STS policy host: one loopback HTTPS listener serving many
 * `mta-sts.<domain>` names, each with a certificate that is valid for it (picked by SNI), the
 * way a hosting provider's policy host does. tests/helpers/https-server.ts presents one
 * certificate to every client, which would make every policy fetch but one "cert-invalid";
 * this small server exists for that reason only.
 *
 * Each response waits a random delay in the latency range (a policy host is as far away as
 * the DNS answers are), then answers once and closes (Connection: close, as the scanner asks).
 */
import type { AddressInfo } from "node:net";
import tls from "node:tls";

export type PolicyAnswer = { status: 200; body: string } | { status: 404 };

export type PolicyServerOptions = {
  /** Key and chain PEM per certificate, with the host names it covers. */
  certificates: { keyPem: string; chainPem: string; names: string[] }[];
  /** What each host serves; hosts not listed answer 404. */
  answers: ReadonlyMap<string, PolicyAnswer>;
  /** Random delay before each response, [min, max] ms. */
  latencyMs: readonly [number, number];
};

export type PolicyServer = {
  port: number;
  readonly connections: number;
  readonly requests: number;
  readonly handshakeErrors: number;
  close(): Promise<void>;
};

const MAX_HEAD = 16 * 1024;

function respond(answer: PolicyAnswer | undefined): string {
  if (answer?.status === 200) {
    const body = Buffer.from(answer.body, "utf8");
    return `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${answer.body}`;
  }
  return "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n";
}

function hostOf(head: string): string {
  const match = /\r\nhost:[ \t]*([^\r\n:]+)/i.exec(head);
  return (match?.[1] ?? "").trim().toLowerCase();
}

export async function startPolicyServer(options: PolicyServerOptions): Promise<PolicyServer> {
  const contexts = new Map<string, tls.SecureContext>();
  for (const c of options.certificates) {
    const context = tls.createSecureContext({ key: c.keyPem, cert: c.chainPem });
    for (const name of c.names) contexts.set(name.toLowerCase(), context);
  }
  const first = options.certificates[0];
  if (!first) throw new Error("the policy server needs at least one certificate");
  const [min, max] = options.latencyMs;
  // TLS sockets only: destroying a raw socket under a live TLS socket can crash Node 20.
  const sockets = new Set<tls.TLSSocket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let requests = 0;
  let handshakeErrors = 0;

  const server = tls.createServer({
    key: first.keyPem,
    cert: first.chainPem,
    SNICallback: (name, callback) => callback(null, contexts.get(name.toLowerCase())),
  });
  server.on("connection", () => {
    connections += 1;
  });
  server.on("tlsClientError", (_error, socket) => {
    handshakeErrors += 1;
    socket.destroy();
  });
  server.on("secureConnection", (socket: tls.TLSSocket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let head = "";
    const onData = (chunk: Buffer): void => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) {
        if (head.length > MAX_HEAD) socket.destroy();
        return;
      }
      socket.off("data", onData);
      socket.resume();
      requests += 1;
      const reply = respond(options.answers.get(hostOf(head.slice(0, end + 2))));
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!socket.destroyed) socket.end(reply);
      }, min + Math.random() * (max - min));
      timers.add(timer);
    };
    socket.on("data", onData);
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    get handshakeErrors() {
      return handshakeErrors;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
