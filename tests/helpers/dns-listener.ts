/**
 * The transport half of a loopback DNS server: UDP and TCP on the same free port of 127.0.0.1,
 * TCP messages framed by their two-byte length (RFC 1035 §4.2.2). The caller decides the answers.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, type Server, type Socket as TcpSocket } from "node:net";

export type DnsTransport = "udp" | "tcp";
export type DnsHandler = (message: Buffer, transport: DnsTransport, reply: (answer: Buffer) => void) => void;
export type DnsListener = { port: number; close(): Promise<void> };

export async function listenDns(handle: DnsHandler, options: { udpReceiveBuffer?: number } = {}): Promise<DnsListener> {
  const connections = new Set<TcpSocket>();
  const tcp = createServer((socket) => {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        handle(message, "tcp", (answer) => {
          if (socket.destroyed) return;
          const length = Buffer.alloc(2);
          length.writeUInt16BE(answer.length);
          socket.write(Buffer.concat([length, answer]));
        });
      }
    });
  });
  const udp = await bindSamePort(tcp);
  if (options.udpReceiveBuffer) udp.setRecvBufferSize(options.udpReceiveBuffer);
  udp.on("message", (message, peer) =>
    handle(message, "udp", (answer) => {
      try {
        udp.send(answer, peer.port, peer.address);
      } catch {
        // The server was closed while a delayed reply was pending.
      }
    }),
  );
  return {
    port: udp.address().port,
    async close() {
      for (const c of connections) c.destroy();
      await Promise.all([new Promise<void>((done) => udp.close(() => done())), new Promise<void>((done) => tcp.close(() => done()))]);
    },
  };
}

/** Binds TCP to a free port, then UDP to the same number; retries if UDP finds it taken. */
async function bindSamePort(tcp: Server): Promise<UdpSocket> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise<void>((done, fail) => {
      tcp.once("error", fail);
      tcp.listen(0, "127.0.0.1", () => {
        tcp.off("error", fail);
        done();
      });
    });
    const address = tcp.address();
    if (!address || typeof address === "string") throw new Error("TCP server has no port");
    const udp = createSocket("udp4");
    const bound = await new Promise<boolean>((done) => {
      udp.once("error", () => done(false));
      udp.bind(address.port, "127.0.0.1", () => done(true));
    });
    if (bound) {
      udp.on("error", () => undefined); // A late ICMP error must not crash the test run.
      return udp;
    }
    try {
      udp.close();
    } catch {
      // Never bound: nothing to close.
    }
    await new Promise<void>((done) => tcp.close(() => done()));
  }
  throw new Error("no port free for both UDP and TCP on 127.0.0.1");
}
