/**
 * readPeerChain over real TLS connections, for every shape of sent list: in order, out of order,
 * with a root, with strangers, with a duplicate, a lone leaf, a self-signed leaf. The chain is
 * leaf first in issuer order, as getPeerCertificate(true) links it (the reports are built from it);
 * a root sent before its intermediate is left out, a quirk of Node 20's walk that the reports keep.
 */
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPeerChain } from "@/lib/scan/net/tls-peer";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";

const servers: tls.Server[] = [];
let ca: TestCa;
let other: TestCa;
let leaf: IssuedCertificate;
let selfSigned: IssuedCertificate;
let otherLeaf: IssuedCertificate;

const toPem = (der: Buffer): string => ["-----BEGIN CERTIFICATE-----", ...(der.toString("base64").match(/.{1,64}/g) ?? []), "-----END CERTIFICATE-----"].join("\n");

async function serve(key: string, sent: Buffer[]): Promise<number> {
  const server = tls.createServer({ key, cert: sent.map(toPem).join("\n") });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

/** One connection to `port` with the scanner's kind of context (empty CA store); `read` runs at secureConnect. */
async function withPeer<T>(port: number, read: (socket: tls.TLSSocket) => T): Promise<T> {
  const socket = tls.connect({ host: "127.0.0.1", port, servername: "peer.test", rejectUnauthorized: false, ca: [] });
  try {
    await new Promise((resolve, reject) => socket.once("secureConnect", resolve).once("error", reject));
    return read(socket);
  } finally {
    socket.destroy();
  }
}

const hex = (chain: Buffer[]): string[] => chain.map((der) => der.toString("hex"));

beforeAll(async () => {
  ca = await createTestCa({ name: "peer" });
  other = await createTestCa({ name: "stranger" });
  leaf = await ca.issue({ names: ["peer.test"] });
  selfSigned = await ca.issue({ names: ["peer.test"], issuer: "self" });
  otherLeaf = await other.issue({ names: ["peer.test"] });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("readPeerChain", () => {
  const shapes: [name: string, sent: () => [key: string, certs: Buffer[]], expected: () => Buffer[]][] = [
    ["leaf, intermediate", () => [leaf.keyPem, [leaf.der, ca.intermediateDer]], () => [leaf.der, ca.intermediateDer]],
    ["leaf, intermediate, root", () => [leaf.keyPem, [leaf.der, ca.intermediateDer, ca.rootDer]], () => [leaf.der, ca.intermediateDer, ca.rootDer]],
    ["leaf, root, intermediate (out of order)", () => [leaf.keyPem, [leaf.der, ca.rootDer, ca.intermediateDer]], () => [leaf.der, ca.intermediateDer]],
    ["a stranger's CA in between", () => [leaf.keyPem, [leaf.der, other.intermediateDer, ca.intermediateDer]], () => [leaf.der, ca.intermediateDer]],
    ["the intermediate twice", () => [leaf.keyPem, [leaf.der, ca.intermediateDer, ca.intermediateDer]], () => [leaf.der, ca.intermediateDer]],
    ["the root twice", () => [leaf.keyPem, [leaf.der, ca.intermediateDer, ca.rootDer, ca.rootDer]], () => [leaf.der, ca.intermediateDer, ca.rootDer]],
    ["the leaf alone", () => [leaf.keyPem, [leaf.der]], () => [leaf.der]],
    ["an intermediate that did not issue the leaf", () => [otherLeaf.keyPem, [otherLeaf.der, ca.intermediateDer]], () => [otherLeaf.der]],
    ["a self-signed leaf", () => [selfSigned.keyPem, [selfSigned.der]], () => [selfSigned.der]],
    ["a self-signed leaf with a CA behind it", () => [selfSigned.keyPem, [selfSigned.der, ca.rootDer]], () => [selfSigned.der]],
  ];

  it.each(shapes)("%s: leaf first, then issuers among what was sent", async (_name, sent, expected) => {
    const [key, certs] = sent();
    const port = await serve(key, certs);
    const chain = await withPeer(port, readPeerChain);
    expect(hex(chain)).toEqual(hex(expected()));
    // Byte for byte what the server sent, never a copy from a trust store.
    for (const der of chain) expect(certs.some((c) => c.equals(der))).toBe(true);
  });
});
