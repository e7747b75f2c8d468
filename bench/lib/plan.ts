/**
 * The synthetic population the benchmark scans: which domain uses which mail provider and which
 * policy records it publishes. Deterministic for a given seed, so two runs scan the same mix and
 * their figures can be compared. Pure data: the server child turns it into zones and servers, the
 * scanner side uses it to know what each scan should have found.
 */

/** A mail provider: two MX hosts on their own loopback addresses, sharing one certificate. */
export type ProviderPlan = {
  zone: string;
  /** mx1.<zone>, mx2.<zone>. */
  hosts: [string, string];
  /** Loopback addresses of mx1 and mx2. */
  addresses: [string, string];
  /** The zone is DNSSEC-signed and publishes TLSA 3 1 1 for both hosts (a DANE provider). */
  dane: boolean;
};

/** A shared-hosting SMTP server: self-hosted domains point `mail.<domain>` at it; its certificate names only itself. */
export type HostingPlan = { name: string; address: string };

export type MxPlan =
  | { kind: "provider"; provider: number; both: boolean }
  | { kind: "self-hosted"; hosting: number }
  | { kind: "implicit"; hosting: number }
  | { kind: "null" };

export type DomainPlan = {
  domain: string;
  dnssec: "signed" | "unsigned";
  mx: MxPlan;
  spf: "provider" | "mx" | "softfail" | "none";
  dmarc: { policy: "reject" | "quarantine" | "none"; rua: "own" | "vendor-authorized" | "vendor-unauthorized" } | null;
  /** served: record + policy over HTTPS; not-found: record, but the policy URL answers 404; none: no MTA-STS at all. */
  mtaSts: { kind: "served"; mode: "enforce" | "testing" } | { kind: "not-found" } | { kind: "none" };
  tlsRpt: boolean;
};

export type BenchPlan = {
  seed: number;
  providers: ProviderPlan[];
  hosting: HostingPlan[];
  domains: DomainPlan[];
  /** Where the DMARC report vendor lives (authorizations at <domain>._report._dmarc.<vendor>). */
  dmarcVendor: string;
};

/** mulberry32: a tiny seeded PRNG; statistical quality is ample for picking a mix. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVIDERS = 6;
const HOSTING = 4;

export function makePlan(count: number, seed: number): BenchPlan {
  const random = seededRandom(seed);
  const chance = (p: number): boolean => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const providers: ProviderPlan[] = Array.from({ length: PROVIDERS }, (_, i) => {
    const zone = `provider${i + 1}.test`;
    return { zone, hosts: [`mx1.${zone}`, `mx2.${zone}`], addresses: [`127.0.${i + 1}.1`, `127.0.${i + 1}.2`], dane: i === 2 };
  });
  const hosting: HostingPlan[] = Array.from({ length: HOSTING }, (_, i) => ({ name: `smtp${i + 1}.hosting.test`, address: `127.0.9.${i + 1}` }));
  // Big providers host most domains: weights fall off like a real market share.
  const providerWeights = [0.3, 0.22, 0.16, 0.13, 0.11, 0.08];
  const pickProvider = (): number => {
    let r = random();
    for (const [i, w] of providerWeights.entries()) {
      if (r < w) return i;
      r -= w;
    }
    return 0;
  };

  const domains: DomainPlan[] = [];
  for (let i = 0; i < count; i++) {
    const domain = `d${String(i + 1).padStart(6, "0")}.test`;
    const r = random();
    const mx: MxPlan =
      r < 0.7 ? { kind: "provider", provider: pickProvider(), both: chance(0.6) }
      : r < 0.95 ? { kind: "self-hosted", hosting: Math.floor(random() * HOSTING) }
      : r < 0.97 ? { kind: "implicit", hosting: Math.floor(random() * HOSTING) }
      : { kind: "null" };
    const acceptsMail = mx.kind !== "null";
    const spf: DomainPlan["spf"] = !chance(0.85) ? "none" : mx.kind === "provider" ? "provider" : chance(0.7) ? "mx" : "softfail";
    const dmarc: DomainPlan["dmarc"] = chance(0.7)
      ? {
          policy: pick(["reject", "quarantine", "none"] as const),
          rua: chance(0.6) ? "own" : chance(0.8) ? "vendor-authorized" : "vendor-unauthorized",
        }
      : null;
    const s = random();
    const mtaSts: DomainPlan["mtaSts"] =
      !acceptsMail ? { kind: "none" }
      : s < 0.3 ? { kind: "served", mode: chance(0.7) ? "enforce" : "testing" }
      : s < 0.33 ? { kind: "not-found" }
      : { kind: "none" };
    domains.push({
      domain,
      dnssec: mx.kind === "provider" && providers[mx.provider]!.dane ? (chance(0.8) ? "signed" : "unsigned") : chance(0.15) ? "signed" : "unsigned",
      mx,
      spf,
      dmarc,
      mtaSts,
      tlsRpt: acceptsMail && chance(0.25),
    });
  }
  return { seed, providers, hosting, domains, dmarcVendor: "dmarc-vendor.test" };
}

/** The STARTTLS (MX) endpoints a scan of `d` should probe; every one should end "ok". */
export function expectedEndpoints(d: DomainPlan): number {
  return d.mx.kind === "provider" ? (d.mx.both ? 2 : 1) : d.mx.kind === "null" ? 0 : 1;
}

/** The MX host names a domain's MX records name (what an MTA-STS policy must cover). */
export function mxHostsOf(plan: BenchPlan, d: DomainPlan): string[] {
  switch (d.mx.kind) {
    case "provider": {
      const p = plan.providers[d.mx.provider]!;
      return d.mx.both ? [...p.hosts] : [p.hosts[0]];
    }
    case "self-hosted":
      return [`mail.${d.domain}`];
    case "implicit":
      return [d.domain];
    case "null":
      return [];
  }
}
