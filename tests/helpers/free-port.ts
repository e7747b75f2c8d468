import net from "node:net";

/** A TCP port that was free on `host` a moment ago (the OS picks it). */
export async function freePortOn(host = "127.0.0.1"): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, host, () => resolve());
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
