/**
 * A plain SMTP server that counts sessions for the politeness tests (docs/politeness.md): when
 * each connection arrived, how many were open at once at most, on which local address. It greets,
 * answers EHLO without STARTTLS and QUIT, so a probe ends "not-offered" quickly; `busyFirst`
 * greets the first N connections with 421 instead (RFC 5321 §3.8: service not available).
 *
 * A session counts as open from the connection until the server answers QUIT (or closes).
 * It can listen on several loopback addresses on one port (the scanner uses one SMTP port).
 */
import net from "node:net";

export type CountingSmtpServer = {
  readonly port: number;
  /** Arrival time (ms, this process's clock) and local address of every connection, in order. */
  readonly arrivals: readonly { at: number; address: string }[];
  /** Connections received on `address` (all addresses when omitted). */
  count(address?: string): number;
  /** The most connections that were open at the same time (per address when given). */
  peakConcurrent(address?: string): number;
  reset(): void;
  close(): Promise<void>;
};

export async function startCountingSmtpServer(options: { addresses: string[]; port?: number; busyFirst?: number }): Promise<CountingSmtpServer> {
  const arrivals: { at: number; address: string }[] = [];
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  let openAll = 0;
  let peakAll = 0;
  let busyLeft = options.busyFirst ?? 0;
  const sockets = new Set<net.Socket>();
  const servers: net.Server[] = [];

  const onConnection = (address: string) => (socket: net.Socket) => {
    sockets.add(socket);
    arrivals.push({ at: Date.now(), address });
    open.set(address, (open.get(address) ?? 0) + 1);
    peak.set(address, Math.max(peak.get(address) ?? 0, open.get(address)!));
    openAll++;
    peakAll = Math.max(peakAll, openAll);
    let closed = false;
    const done = () => {
      if (closed) return;
      closed = true;
      open.set(address, open.get(address)! - 1);
      openAll--;
    };
    socket.on("close", () => {
      sockets.delete(socket);
      done();
    });
    socket.on("error", () => socket.destroy());
    if (busyLeft > 0) {
      busyLeft--;
      socket.end("421 4.7.0 too many connections, try later\r\n");
      done();
      return;
    }
    socket.write("220 counting.test.invalid ESMTP\r\n");
    let buffer = "";
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      for (let lf = buffer.indexOf("\n"); lf !== -1; lf = buffer.indexOf("\n")) {
        const line = buffer.slice(0, lf).replace(/\r$/, "").toUpperCase();
        buffer = buffer.slice(lf + 1);
        if (line.startsWith("EHLO")) socket.write("250-counting.test.invalid\r\n250 8BITMIME\r\n");
        else if (line.startsWith("QUIT")) {
          // The session ends with our 221 (RFC 5321 §4.1.1.10): the client's FIN may reach us
          // after its next connection does, so the TCP close is not the end that counts.
          socket.end("221 bye\r\n");
          done();
        }
        else socket.write("502 not here\r\n");
      }
    });
  };

  let port = options.port ?? 0;
  for (const address of options.addresses) {
    const server = net.createServer(onConnection(address));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, address, () => resolve());
    });
    port = (server.address() as net.AddressInfo).port;
    servers.push(server);
  }

  return {
    port,
    arrivals,
    count: (address) => (address ? arrivals.filter((a) => a.address === address).length : arrivals.length),
    peakConcurrent: (address) => (address ? (peak.get(address) ?? 0) : peakAll),
    reset() {
      arrivals.length = 0;
      peak.clear();
      peakAll = openAll;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

/** The most arrivals within any span shorter than `windowMs` (a sliding window over arrival times). */
export function maxArrivalsWithin(arrivals: readonly { at: number }[], windowMs: number): number {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
