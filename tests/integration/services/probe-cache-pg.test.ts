/**
 * The workers' shared probe cache and per-address limiter in PostgreSQL (docs/politeness.md),
 * against a loopback SMTP server that counts sessions: observations are shared across database
 * clients, and two worker processes together keep to 1 concurrent and 6 new sessions per window.
 * Each test uses a loopback address of its own (127.x.y.z), so it owns its rows.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { randomInt } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { probeSmtpEndpoint } from "@/lib/scan/net/smtp-endpoint";
import { shareProbe } from "@/lib/scan/probe-cache";
import { createPgLimiter, createPgProbeCache, pruneProbeResults } from "@/lib/services/probe-cache/pg";
import { maxArrivalsWithin, startCountingSmtpServer, type CountingSmtpServer } from "@/tests/helpers/counting-smtp-server";
import { openTestDb, testDatabaseUrl } from "@/tests/helpers/db";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const dbA = openTestDb(10);
const dbB = openTestDb(10);

afterAll(async () => {
  await dbA.$disconnect();
  await dbB.$disconnect();
});

async function serverOnOwnAddress(options: { busyFirst?: number } = {}): Promise<{ server: CountingSmtpServer; address: string }> {
  for (let attempt = 0; ; attempt++) {
    const address = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    try {
      return { server: await startCountingSmtpServer({ addresses: [address], ...options }), address };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt > 10) throw error;
    }
  }
}

function runProbeWorker(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/fixtures/politeness/probe-worker.ts")], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`probe worker exited with ${code}:\n${out}`))));
  });
}

describe("PostgreSQL probe cache", () => {
  it("one session per (host, address) for many scans on two database clients; a refresh probes again", async () => {
    const { server, address } = await serverOnOwnAddress();
    try {
      const share = (db: typeof dbA, refresh = false) => shareProbe(probeSmtpEndpoint, { cache: createPgProbeCache(db), maxAgeMs: 3_600_000, refresh });
      const a = share(dbA);
      const b = share(dbB);
      const hosts = ["mx1.pg-shared.test", "mx2.pg-shared.test"];
      const calls = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b)({ address, port: server.port, host: hosts[i % 2]!, ehloName: "scanner.test.invalid" }));
      const results = await Promise.all(calls);
      expect(server.count()).toBe(2);
      expect(results.every((r) => r.endpoint.starttls === "not-offered")).toBe(true);
      expect(results.filter((r) => r.endpoint.reusedFrom === undefined)).toHaveLength(2);
      // The stored form round-trips: the reused endpoint equals the observed one but for the stamp.
      const fresh = results.find((r) => r.endpoint.reusedFrom === undefined && r.endpoint.address === address)!;
      const reused = results.find((r) => r.endpoint.reusedFrom !== undefined)!;
      const { reusedFrom, ...rest } = reused.endpoint;
      expect(rest).toEqual(fresh.endpoint);
      expect(Number.isNaN(Date.parse(reusedFrom!))).toBe(false);

      const again = await share(dbB, true)({ address, port: server.port, host: hosts[0]!, ehloName: "scanner.test.invalid" });
      expect(again.endpoint.reusedFrom).toBeUndefined();
      expect(server.count()).toBe(3);
      const later = await a({ address, port: server.port, host: hosts[0]!, ehloName: "scanner.test.invalid" });
      expect(Date.parse(later.endpoint.reusedFrom!)).toBeGreaterThanOrEqual(Date.parse(reusedFrom!));
      expect(server.count()).toBe(3);
    } finally {
      await server.close();
      await dbA.$executeRaw`DELETE FROM "ProbeResult" WHERE address = ${address}`;
    }
  });

  it("keeps DER certificates through storage (base64) and prunes old rows", async () => {
    const { server, address } = await serverOnOwnAddress();
    try {
      const der = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x07]);
      const cache = createPgProbeCache(dbA);
      const observation = (await probeSmtpEndpoint({ address, port: server.port, host: "mx.der.test", ehloName: "scanner.test.invalid" }));
      observation.probe.peerChain = [der];
      await cache.share({ host: "mx.der.test", address, port: 25 }, { maxAgeMs: 60_000, refresh: false }, async () => ({ observation, shareable: true }));
      const back = await createPgProbeCache(dbB).share({ host: "mx.der.test", address, port: 25 }, { maxAgeMs: 60_000, refresh: false }, async () => {
        throw new Error("must be reused");
      });
      expect(back.reused).toBe(true);
      expect(back.observation.probe.peerChain.map((b) => b.toString("hex"))).toEqual([der.toString("hex")]);
      await dbA.$executeRaw`UPDATE "ProbeResult" SET "observedAt" = now() - interval '2 hours' WHERE address = ${address}`;
      expect(await pruneProbeResults(dbA, 3_600_000, { address })).toBeGreaterThanOrEqual(1);
      const left = await dbA.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ProbeResult" WHERE address = ${address}`;
      expect(left[0]!.n).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe("PostgreSQL politeness across worker processes", () => {
  it("two processes never hold two sessions to one address at once, nor start more than 6 per window", async () => {
    const { server, address } = await serverOnOwnAddress();
    const windowMs = 2_000;
    try {
      // Distinct host names: no sharing, every probe is a session of its own.
      const hostsOf = (p: string) => Array.from({ length: 7 }, (_, i) => `mx${i}.${p}.politeness.test`).join(",");
      const common = { DATABASE_URL: testDatabaseUrl(), ADDRESS: address, PORT: String(server.port), CONCURRENT: "1", PER_WINDOW: "6", WINDOW_MS: String(windowMs) };
      const outs = await Promise.all([runProbeWorker({ ...common, HOSTS: hostsOf("a") }), runProbeWorker({ ...common, HOSTS: hostsOf("b") })]);
      for (const out of outs) expect(out).toMatch(/done (not-offered,){6}not-offered/);
      expect(server.count()).toBe(14);
      expect(server.peakConcurrent()).toBe(1);
      // Arrivals are timed by the server after the database granted each session; on a loaded
      // machine a connection can arrive a few hundred ms after its grant (seen in CI: 7 arrivals
      // within 1.9 s), so the window is checked with a quarter of it as tolerance. Without the cap,
      // 14 one-at-a-time sessions all arrive within well under a second, so this still fails then.
      expect(maxArrivalsWithin(server.arrivals, windowMs * 0.75)).toBeLessThanOrEqual(6);
      // 14 sessions at 6 per window span two windows of grants: at least one between the arrivals.
      expect(server.arrivals.at(-1)!.at - server.arrivals[0]!.at).toBeGreaterThanOrEqual(windowMs);
    } finally {
      await server.close();
      await dbA.$executeRaw`DELETE FROM "DestinationSession" WHERE address = ${address}`;
      await dbA.$executeRaw`DELETE FROM "ProbeResult" WHERE address = ${address}`;
    }
  });

  it("a 421 greeting backs the address off for every worker, then the probe is retried", async () => {
    const { server, address } = await serverOnOwnAddress({ busyFirst: 1 });
    try {
      const limiter = createPgLimiter(dbA, { concurrent: 2, windowMs: 60_000 });
      const probe = shareProbe(probeSmtpEndpoint, { limiter, backoff: { initialMs: 300, maxMs: 1_000, maxRetries: 2 } });
      const result = await probe({ address, port: server.port, host: "mx.busy.test", ehloName: "scanner.test.invalid" });
      expect(result.endpoint.starttls).toBe("not-offered");
      expect(server.count()).toBe(2);
      expect(server.arrivals[1]!.at - server.arrivals[0]!.at).toBeGreaterThanOrEqual(250);
      const rows = await dbA.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "DestinationBackoff" WHERE address = ${address}`;
      expect(rows[0]!.n).toBe(1);
    } finally {
      await server.close();
      await dbA.$executeRaw`DELETE FROM "DestinationSession" WHERE address = ${address}`;
      await dbA.$executeRaw`DELETE FROM "DestinationBackoff" WHERE address = ${address}`;
    }
  });
});
