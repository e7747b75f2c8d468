/**
 * Where `certificate.trusted` gets its anchors: Node's default roots plus the NODE_EXTRA_CA_CERTS
 * file, which the caller passes in as a path (lib/scan reads no env).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTrustAnchors } from "@/lib/scan/net/trust-store";
import { evaluateCertificateChain } from "@/lib/scan/checks/starttls/certificate";
import { createTestCa, type IssuedCertificate, type TestCa } from "@/tests/helpers/test-ca";

const HOST = "mx1.example.test";
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

let ca: TestCa;
let leaf: IssuedCertificate;
let rootFile: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  ca = await createTestCa();
  leaf = await ca.issue({ names: [HOST] });
  rootFile = await ca.writeRootPemFile();
});

afterAll(async () => {
  await rootFile?.remove();
});

describe("loadTrustAnchors", () => {
  it("trusts the private CA only when its file is passed (the NODE_EXTRA_CA_CERTS path)", async () => {
    const withLab = await loadTrustAnchors({ extraCaFile: rootFile.path });
    const without = await loadTrustAnchors();
    expect(withLab.warnings).toEqual([]);
    expect(evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors: withLab.anchors })?.certificate.trusted).toBe(true);
    expect(evaluateCertificateChain(leaf.chainDer, { host: HOST, anchors: without.anchors })?.certificate.trusted).toBe(false);
    // Node's bundled roots are there by default, and the extra file adds exactly one anchor.
    expect(without.anchors.certificates.length).toBeGreaterThan(50);
    expect(withLab.anchors.certificates.length).toBe(without.anchors.certificates.length + 1);
  });

  it("can leave the default roots out and take PEM text directly", async () => {
    const { anchors } = await loadTrustAnchors({ includeDefaultRoots: false, extraCaPem: [ca.rootPem] });
    expect(anchors.certificates).toHaveLength(1);
  });

  it("an unreadable or empty extra file is a warning, like Node's own handling, not a crash", async () => {
    const missing = await loadTrustAnchors({ includeDefaultRoots: false, extraCaFile: join(tmpdir(), "no-such-mailposture-ca.pem") });
    expect(missing.anchors.certificates).toHaveLength(0);
    expect(missing.warnings).toEqual([expect.stringMatching(/could not be read \(ENOENT\)/)]);
    const dir = await mkdtemp(join(tmpdir(), "mailposture-empty-ca-"));
    try {
      await writeFile(join(dir, "empty.pem"), "nothing here\n");
      const empty = await loadTrustAnchors({ includeDefaultRoots: false, extraCaFile: join(dir, "empty.pem") });
      expect(empty.warnings).toEqual([expect.stringMatching(/no certificate found/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * End to end in a process started with NODE_EXTRA_CA_CERTS, as a lab deployment runs: Node's own
 * TLS store then trusts the lab CA (and appends its root to getPeerCertificate(true)), while
 * probeSmtp still records exactly the presented chain and `trusted` comes out true.
 */
const CHILD_SCRIPT = `
import tls from "node:tls";
import { probeSmtp } from ${JSON.stringify(join(repoRoot, "lib/scan/net/smtp.ts"))};
import { loadTrustAnchors } from ${JSON.stringify(join(repoRoot, "lib/scan/net/trust-store.ts"))};
import { evaluateCertificateChain } from ${JSON.stringify(join(repoRoot, "lib/scan/checks/starttls/certificate.ts"))};
import { startSmtpServer } from ${JSON.stringify(join(repoRoot, "tests/helpers/smtp-server.ts"))};

const { key, cert, host } = JSON.parse(process.argv[2]);
// What Node itself does with the variable: a default-context client trusts the lab CA.
const plain = tls.createServer({ key, cert }, (s) => { s.on("error", () => {}); s.end(); });
await new Promise((r) => plain.listen(0, "127.0.0.1", r));
const nodeView = await new Promise((resolve) => {
  const c = tls.connect({ host: "127.0.0.1", port: plain.address().port, servername: host }, () => {
    let n = 0; let p = c.getPeerCertificate(true);
    while (p && p.raw) { n++; if (p.issuerCertificate === p) break; p = p.issuerCertificate; }
    resolve({ authorized: c.authorized, walked: n }); c.destroy();
  });
  c.on("error", (e) => resolve({ error: e.message }));
});
plain.close();

const server = await startSmtpServer("starttls", { tls: { key, cert } });
const probe = await probeSmtp({ address: server.address, port: server.port, host, ehloName: "scanner.test.invalid" });
const { anchors } = await loadTrustAnchors({ extraCaFile: process.env.NODE_EXTRA_CA_CERTS });
const summary = evaluateCertificateChain(probe.peerChain, { host, anchors });
await server.close();
console.log(JSON.stringify({ nodeView, state: probe.state, presented: probe.peerChain.length, trusted: summary?.certificate.trusted }));
`;

function runChild(scriptPath: string, env: NodeJS.ProcessEnv, arg: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", scriptPath, arg], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe("NODE_EXTRA_CA_CERTS end to end", () => {
  it("is honoured for trust, and does not leak the lab root into the recorded chain", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mailposture-extra-ca-child-"));
    try {
      const script = join(dir, "probe.mts");
      await writeFile(script, CHILD_SCRIPT);
      const out = await runChild(script, { ...process.env, NODE_EXTRA_CA_CERTS: rootFile.path }, JSON.stringify({ key: leaf.keyPem, cert: leaf.chainPem, host: HOST }));
      const report = JSON.parse(out.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
      expect(report).toEqual({
        nodeView: { authorized: true, walked: 3 }, // Node's store knows the lab root and appends it
        state: "ok",
        presented: 2, // we record leaf + intermediate: what the server actually sent
        trusted: true,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
