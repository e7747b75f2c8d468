/**
 * What a seeded domain publishes and runs, area by area, and how that changes over a year: most
 * domains start weak and some improve step by step (DMARC none → quarantine → reject, MTA-STS
 * testing → enforce, TLS-RPT added, certificates fixed); a few regress for a while (a certificate
 * expires, an MX move breaks the MTA-STS policy). Pure data; world.ts turns a posture into DNS
 * records, SMTP endpoints and a policy file, and the real scanner turns those into a report.
 */
import type { Random } from "./random";

/** Mail providers the seeded domains use (weights fall off like a real market share). */
export const PROVIDERS = [
  { zone: "mailhost-a.example", share: 0.3, dane: false, tls: "TLSv1.3", expiringSoon: false, ipv6: true },
  { zone: "outbound-b.example", share: 0.22, dane: false, tls: "TLSv1.3", expiringSoon: false, ipv6: true },
  { zone: "secure-mx.example", share: 0.16, dane: true, tls: "TLSv1.3", expiringSoon: false, ipv6: true },
  { zone: "mailgate-d.example", share: 0.13, dane: false, tls: "TLSv1.2", expiringSoon: false, ipv6: false },
  { zone: "hostmail-e.example", share: 0.11, dane: false, tls: "TLSv1.2", expiringSoon: false, ipv6: false },
  { zone: "smtp-relay-f.example", share: 0.08, dane: false, tls: "TLSv1.2", expiringSoon: true, ipv6: false },
] as const;

export type MxKind = "provider" | "self" | "implicit" | "null";
export type TlsState = "ok" | "self-signed" | "expired" | "expiring" | "name-mismatch" | "no-starttls";
export type DaneState = "none" | "match" | "mismatch" | "unusable";
export type MtaStsState = "none" | "testing" | "enforce" | "enforce-short" | "mode-none" | "not-found" | "mx-mismatch" | "content-type" | "record-invalid";
export type TlsRptState = "none" | "ok" | "invalid";
export type DmarcState = "missing" | "none" | "quarantine" | "reject" | "invalid";
export type RuaState = "own" | "vendor" | "vendor-unauth" | "none";
export type SpfState = "missing" | "softfail" | "strict" | "permissive" | "too-many";

export type Posture = {
  mx: MxKind;
  /** Index into PROVIDERS (provider MX only). */
  provider: number;
  /** The domain's zone is DNSSEC-signed. */
  dnssec: boolean;
  /** The own mail server's TLS (self-hosted and implicit MX only). */
  tls: TlsState;
  /** TLSA records for the own mail server (self-hosted and implicit MX only). */
  dane: DaneState;
  mtaSts: MtaStsState;
  tlsRpt: TlsRptState;
  dmarc: DmarcState;
  /** pct=50 with quarantine or reject. */
  dmarcPct: boolean;
  rua: RuaState;
  spf: SpfState;
  /** This scan could not reach the provider's second MX (transient; one scan only). */
  unreachable: boolean;
};

/** One canonical string per distinct posture: the template cache key. */
export function postureKey(p: Posture): string {
  return [p.mx, p.provider, p.dnssec ? 1 : 0, p.tls, p.dane, p.mtaSts, p.tlsRpt, p.dmarc, p.dmarcPct ? 1 : 0, p.rua, p.spf, p.unreachable ? 1 : 0].join("|");
}

/** Clears the fields that do not apply to the MX kind, so equal reports share one key. */
export function normalizePosture(p: Posture): Posture {
  const q = { ...p };
  if (q.mx !== "provider") {
    q.provider = 0;
    q.unreachable = false;
  }
  if (q.mx === "provider" || q.mx === "null") {
    q.tls = "ok";
    q.dane = "none";
  }
  if (q.mx === "null") {
    q.mtaSts = "none";
    q.tlsRpt = "none";
  }
  if (q.dmarc === "missing" || q.dmarc === "invalid" || q.dmarc === "none") q.dmarcPct = false;
  if (q.dmarc === "missing" || q.dmarc === "invalid") q.rua = "none";
  return q;
}

function providerIndex(r: Random): number {
  let x = r.next();
  for (const [i, p] of PROVIDERS.entries()) {
    if (x < p.share) return i;
    x -= p.share;
  }
  return 0;
}

/** A domain's posture at the start of the seeded period. */
export function initialPosture(r: Random): Posture {
  const mx = r.weighted<MxKind>({ provider: 72, self: 18, implicit: 3, null: 7 });
  const dnssec = r.chance(mx === "self" ? 0.22 : 0.1);
  if (mx === "null") {
    // A parked or send-only domain: usually locked down, sometimes half done.
    return normalizePosture({
      mx,
      provider: 0,
      dnssec,
      tls: "ok",
      dane: "none",
      mtaSts: "none",
      tlsRpt: "none",
      dmarc: r.weighted<DmarcState>({ reject: 55, quarantine: 10, none: 10, missing: 25, invalid: 0 }),
      dmarcPct: false,
      rua: r.weighted<RuaState>({ none: 60, own: 30, vendor: 10, "vendor-unauth": 0 }),
      spf: r.weighted<SpfState>({ strict: 70, missing: 25, softfail: 5, permissive: 0, "too-many": 0 }),
      unreachable: false,
    });
  }
  const own = mx === "self" || mx === "implicit";
  return normalizePosture({
    mx,
    provider: providerIndex(r),
    dnssec,
    tls: own ? r.weighted<TlsState>({ ok: 75, "self-signed": 7, expired: 5, expiring: 4, "name-mismatch": 7, "no-starttls": 2 }) : "ok",
    dane: own && dnssec ? r.weighted<DaneState>({ none: 55, match: 35, mismatch: 5, unusable: 5 }) : own && r.chance(0.04) ? "match" : "none",
    mtaSts: r.weighted<MtaStsState>({ none: 64, testing: 13, enforce: 11, "enforce-short": 3, "mode-none": 2, "not-found": 3, "mx-mismatch": 2, "content-type": 1, "record-invalid": 1 }),
    tlsRpt: r.weighted<TlsRptState>({ none: 62, ok: 36, invalid: 2 }),
    dmarc: r.weighted<DmarcState>({ missing: 24, none: 34, quarantine: 17, reject: 22, invalid: 3 }),
    dmarcPct: r.chance(0.1),
    rua: r.weighted<RuaState>({ own: 50, vendor: 30, "vendor-unauth": 5, none: 15 }),
    spf: r.weighted<SpfState>({ strict: 44, softfail: 36, missing: 10, permissive: 4, "too-many": 6 }),
    unreachable: false,
  });
}

const DMARC_UP: Partial<Record<DmarcState, DmarcState>> = { missing: "none", invalid: "none", none: "quarantine", quarantine: "reject" };
const STS_UP: Partial<Record<MtaStsState, MtaStsState>> = {
  none: "testing",
  testing: "enforce",
  "enforce-short": "enforce",
  "not-found": "testing",
  "mx-mismatch": "enforce",
  "content-type": "enforce",
  "record-invalid": "testing",
  "mode-none": "testing",
};
const SPF_UP: Partial<Record<SpfState, SpfState>> = { missing: "softfail", softfail: "strict", permissive: "softfail", "too-many": "strict" };

/** One step better in one area that can improve; the same posture when nothing can. */
export function improve(p: Posture, r: Random): Posture {
  const own = p.mx === "self" || p.mx === "implicit";
  const steps: [number, () => Posture][] = [];
  if (p.mx !== "null") {
    if (STS_UP[p.mtaSts]) steps.push([p.mtaSts === "none" ? 3 : 4, () => ({ ...p, mtaSts: STS_UP[p.mtaSts]! })]);
    if (p.tlsRpt !== "ok") steps.push([2, () => ({ ...p, tlsRpt: "ok" })]);
  }
  if (DMARC_UP[p.dmarc]) steps.push([4, () => ({ ...p, dmarc: DMARC_UP[p.dmarc]!, rua: p.rua === "none" ? "own" : p.rua })]);
  if (p.dmarcPct) steps.push([1, () => ({ ...p, dmarcPct: false })]);
  if (p.rua === "vendor-unauth") steps.push([1, () => ({ ...p, rua: "vendor" })]);
  if (SPF_UP[p.spf]) steps.push([2, () => ({ ...p, spf: SPF_UP[p.spf]! })]);
  if (own && p.tls !== "ok") steps.push([5, () => ({ ...p, tls: "ok" })]);
  if (own && p.dnssec && p.dane !== "match") steps.push([2, () => ({ ...p, dane: "match" })]);
  if (own && !p.dnssec && p.mx === "self") steps.push([0.5, () => ({ ...p, dnssec: true })]);
  if (steps.length === 0) return p;
  const total = steps.reduce((s, [w]) => s + w, 0);
  let x = r.next() * total;
  for (const [w, step] of steps) {
    if (x < w) return normalizePosture(step());
    x -= w;
  }
  return normalizePosture(steps[steps.length - 1]![1]());
}

/** Something breaks: a certificate runs out, an MX move outdates the policy, a rollover breaks DANE. */
export function regress(p: Posture, r: Random): Posture {
  const own = p.mx === "self" || p.mx === "implicit";
  const options: (() => Posture)[] = [];
  if (own && p.tls === "ok") options.push(() => ({ ...p, tls: "expired" }));
  if (p.mtaSts === "enforce") options.push(() => ({ ...p, mtaSts: "mx-mismatch" }));
  if (own && p.dane === "match") options.push(() => ({ ...p, dane: "mismatch" }));
  if (p.spf === "strict" && p.mx !== "null") options.push(() => ({ ...p, spf: "too-many" }));
  if (p.dmarc === "reject") options.push(() => ({ ...p, dmarc: "none" }));
  if (options.length === 0) return p;
  return normalizePosture(r.pick(options)());
}
