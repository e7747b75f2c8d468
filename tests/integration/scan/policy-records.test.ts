/**
 * DMARC, SPF and TLS-RPT over the real wire: one loopback DNS server (tests/helpers/dns-server.ts)
 * plays the recursive resolver, the production DNS client asks it, and the real checkDmarc /
 * checkSpf / checkTlsRpt judge what comes back. Each table row is one case: its own domain, the
 * records it publishes there, the RFC section it exercises, and the exact set of finding ids.
 *
 * Names outside every zone answer SERVFAIL (`outside: "servfail"`): that is how the SERVFAIL cases
 * are made (their domain has no zone), while every other case's missing names are NXDOMAIN/NODATA
 * inside its own zone. Rows marked `dnssec: "bogus"` live in zones that fail validation: the server
 * answers SERVFAIL, and the data only with CD set, as a validating resolver does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDmarc } from "@/lib/scan/checks/dmarc";
import { evaluateMtaSts, lookupMtaStsRecord } from "@/lib/scan/checks/mta-sts";
import { checkSpf } from "@/lib/scan/checks/spf";
import { checkTlsRpt } from "@/lib/scan/checks/tls-rpt";
import { FINDING_CATALOGUE, FINDING_IDS, type FindingId } from "@/lib/scan/findings";
import { createDnsClient } from "@/lib/scan/net/dns";
import type { DnsClient } from "@/lib/scan/net/dns-types";
import type { CheckStatus, Severity } from "@/lib/scan/types";
import { startDnsServer, type DnsServer, type ZoneDnssec, type ZoneRecord } from "@/tests/helpers/dns-server";
import { mxNames, spfIncludeChain, txt, zonesFor } from "@/tests/helpers/policy-zones";

type Row = {
  /** The RFC (or spec) section the case exercises. */
  rfc: string;
  name: string;
  domain: string;
  /** The zone of the records, when not `domain` (a subdomain inheriting from its parent). */
  origin?: string;
  /** What the domain publishes; "no zone" makes every name of it answer SERVFAIL. */
  records: ZoneRecord[] | "no zone";
  /** DNSSEC state of the row's zone (default unsigned). */
  dnssec?: ZoneDnssec;
  ids: FindingId[];
  status: CheckStatus;
  /** Further fields the result must carry (toMatchObject). */
  match?: Record<string, unknown>;
  /** Every name the check asked about, sorted: proves what was (and was not) looked up. */
  asked?: string[];
};

type Judged = { status: CheckStatus; findings: { id: FindingId; severity: Severity }[] };

/** The report-authorization domain of the external `rua` cases (RFC 7489 §7.1). */
const VENDOR = "reports.test";
const AUTHORIZED = "v=DMARC1";

/**
 * A zone that fails DNSSEC validation but whose unchecked data is clean: were it trusted, every
 * check would pass. Validating receivers get SERVFAIL for all of it (RFC 4035 §5.5).
 */
const BOGUS_RECORDS: ZoneRecord[] = [
  ...txt("_dmarc", "v=DMARC1; p=reject; rua=mailto:d@bogus.test"),
  ...txt("@", "v=spf1 -all"),
  ...txt("_smtp._tls", "v=TLSRPTv1; rua=mailto:d@bogus.test"),
  ...txt("_mta-sts", "v=STSv1; id=20260101"),
  ...txt("dmarc-ext-bogus.test._report._dmarc", AUTHORIZED),
];

const DMARC_ROWS: Row[] = [
  {
    rfc: "RFC 7489 §6.3", name: "clean p=reject with an in-domain rua: no finding", domain: "dmarc-clean.test",
    records: txt("_dmarc", "v=DMARC1; p=reject; rua=mailto:dmarc@dmarc-clean.test"),
    ids: [], status: "pass", match: { policy: "reject", source: "dmarc-clean.test", inherited: false },
    asked: ["_dmarc.dmarc-clean.test"],
  },
  {
    rfc: "RFC 7489 §6.6.3", name: "no record at the domain (an organizational domain itself): missing", domain: "dmarc-missing.test",
    records: txt("@", "v=spf1 -all"), ids: ["dmarc-missing"], status: "missing", asked: ["_dmarc.dmarc-missing.test"],
  },
  {
    rfc: "RFC 7489 §6.6.3 step 5", name: "two v=DMARC1 records: invalid only", domain: "dmarc-multiple.test",
    records: txt("_dmarc", "v=DMARC1; p=reject; rua=mailto:d@dmarc-multiple.test", "v=DMARC1; p=none"),
    // Spec "Records as published": both records are reported as received, none as the one that applies.
    ids: ["dmarc-invalid"], status: "fail", match: { records: ["v=DMARC1; p=reject; rua=mailto:d@dmarc-multiple.test", "v=DMARC1; p=none"] },
  },
  {
    rfc: "RFC 7489 §6.6.3 step 6", name: "invalid p and no rua: invalid only (no policy, so no other dmarc-* id)", domain: "dmarc-bad-p.test",
    records: txt("_dmarc", "v=DMARC1; p=rejected"), ids: ["dmarc-invalid"], status: "fail",
  },
  {
    rfc: "RFC 7489 §6.6.3 step 6", name: "invalid p with a valid rua: invalid, applied as p=none", domain: "dmarc-bad-p-rua.test",
    records: txt("_dmarc", "v=DMARC1; p=rejected; rua=mailto:d@dmarc-bad-p-rua.test"),
    ids: ["dmarc-invalid", "dmarc-policy-none"], status: "fail", match: { policy: "none" },
  },
  {
    rfc: "RFC 7489 §6.3 (p)", name: "p=none: policy-none", domain: "dmarc-none.test",
    records: txt("_dmarc", "v=DMARC1; p=none; rua=mailto:d@dmarc-none.test"), ids: ["dmarc-policy-none"], status: "warn", match: { policy: "none" },
  },
  {
    rfc: "RFC 7489 §6.3 (pct)", name: "pct=50 with quarantine: pct-partial", domain: "dmarc-pct.test",
    records: txt("_dmarc", "v=DMARC1; p=quarantine; pct=50; rua=mailto:d@dmarc-pct.test"),
    ids: ["dmarc-pct-partial"], status: "warn", match: { policy: "quarantine", parsed: { pct: 50 } },
  },
  {
    rfc: "RFC 7489 §6.3 (sp)", name: "sp weaker than p: subdomain-weaker", domain: "dmarc-sp-weaker.test",
    records: txt("_dmarc", "v=DMARC1; p=reject; sp=none; rua=mailto:d@dmarc-sp-weaker.test"),
    ids: ["dmarc-subdomain-weaker"], status: "warn", match: { policy: "reject" },
  },
  {
    rfc: "RFC 7489 §6.3 (rua)", name: "no rua: no-rua", domain: "dmarc-no-rua.test",
    records: txt("_dmarc", "v=DMARC1; p=reject"), ids: ["dmarc-no-rua"], status: "warn",
  },
  {
    rfc: "RFC 7489 §7.1", name: "external rua whose host publishes the authorization record: no finding", domain: "dmarc-ext-ok.test",
    records: txt("_dmarc", `v=DMARC1; p=reject; rua=mailto:agg@${VENDOR}`),
    ids: [], status: "pass",
    match: { reportAuthorizations: [{ tag: "rua", host: VENDOR, external: true, name: `dmarc-ext-ok.test._report._dmarc.${VENDOR}`, authorized: true }] },
    asked: ["_dmarc.dmarc-ext-ok.test", `dmarc-ext-ok.test._report._dmarc.${VENDOR}`],
  },
  {
    rfc: "RFC 7489 §7.1", name: "external rua without the authorization record: rua-unauthorized", domain: "dmarc-ext-no.test",
    records: txt("_dmarc", `v=DMARC1; p=reject; rua=mailto:agg@${VENDOR}`),
    ids: ["dmarc-rua-unauthorized"], status: "warn",
    match: { reportAuthorizations: [{ external: true, authorized: false }] },
    asked: ["_dmarc.dmarc-ext-no.test", `dmarc-ext-no.test._report._dmarc.${VENDOR}`],
  },
  {
    rfc: "RFC 7489 §7.1", name: "rua in the same organizational domain: no authorization lookup", domain: "dmarc-same-org.test",
    records: txt("_dmarc", "v=DMARC1; p=reject; rua=mailto:agg@reports.dmarc-same-org.test"),
    ids: [], status: "pass", match: { reportAuthorizations: [{ host: "reports.dmarc-same-org.test", external: false, authorized: true }] },
    asked: ["_dmarc.dmarc-same-org.test"],
  },
  {
    rfc: "RFC 7489 §6.6.3 step 3", name: "subdomain without a record inherits the organizational domain's sp: inherited", domain: "mail.dmarc-inherit.test",
    origin: "dmarc-inherit.test",
    records: [...txt("_dmarc", "v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@dmarc-inherit.test"), { name: "mail", type: "A", data: "192.0.2.1" }],
    // sp=reject (not p=quarantine) is what applies to the subdomain.
    ids: ["dmarc-inherited"], status: "pass", match: { policy: "reject", source: "dmarc-inherit.test", inherited: true, organizationalDomain: "dmarc-inherit.test" },
    asked: ["_dmarc.dmarc-inherit.test", "_dmarc.mail.dmarc-inherit.test"],
  },
  {
    rfc: "RFC 7489 §6.6.3 step 3", name: "subdomain inherits p when the organizational record has no sp", domain: "www.dmarc-inherit-p.test",
    origin: "dmarc-inherit-p.test",
    records: txt("_dmarc", "v=DMARC1; p=quarantine; rua=mailto:d@dmarc-inherit-p.test"),
    ids: ["dmarc-inherited"], status: "pass", match: { policy: "quarantine", source: "dmarc-inherit-p.test", inherited: true },
  },
  {
    rfc: "RFC 6376 §3.6.2.2 (via RFC 7489 §6.1)", name: "record split into several character-strings: joined, no finding", domain: "dmarc-split.test",
    records: txt("_dmarc", ["v=DMARC1; p=reject; ", "rua=mailto:", "dmarc@dmarc-split.test"]),
    ids: [], status: "pass", match: { record: "v=DMARC1; p=reject; rua=mailto:dmarc@dmarc-split.test" },
  },
  {
    rfc: "DMARCbis (draft-ietf-dmarc-dmarcbis §4.7)", name: "np/psd/t tags: accepted, no finding", domain: "dmarc-bis.test",
    records: txt("_dmarc", "v=DMARC1; p=reject; np=reject; psd=n; t=n; rua=mailto:d@dmarc-bis.test"),
    ids: [], status: "pass", match: { policy: "reject", parsed: { np: "reject", psd: "n", t: "n", issues: [] } },
  },
  {
    rfc: "RFC 7489 §6.6.3 (DNS error)", name: "SERVFAIL at _dmarc: error, not missing", domain: "servfail.test",
    records: "no zone", ids: [], status: "error", match: { error: expect.stringMatching(/^_dmarc\.servfail\.test: /) },
    asked: ["_dmarc.servfail.test"],
  },
  {
    rfc: "RFC 7489 §6.6.3 (DNS error), RFC 4035 §5.5", name: "DNSSEC-bogus _dmarc: error, the unchecked record is not used", domain: "bogus.test",
    records: BOGUS_RECORDS, dnssec: "bogus", ids: [], status: "error", match: { error: expect.stringMatching(/^_dmarc\.bogus\.test: DNSSEC/), records: [] },
  },
  {
    rfc: "RFC 7489 §7.1, RFC 4035 §5.5", name: "authorization record in a DNSSEC-bogus zone: unknown, no finding", domain: "dmarc-ext-bogus.test",
    records: txt("_dmarc", "v=DMARC1; p=reject; rua=mailto:agg@bogus.test"),
    ids: [], status: "pass", match: { reportAuthorizations: [{ host: "bogus.test", external: true, authorized: "unknown" }] },
  },
];

const spfClean = "v=spf1 mx a:out.spf-clean.test ip4:192.0.2.0/24 -all";
const spfLong = `v=spf1 ${Array.from({ length: 20 }, (_, i) => `ip4:198.51.100.${i}`).join(" ")} -all`;

const SPF_ROWS: Row[] = [
  {
    rfc: "RFC 7208 §4.6, §5", name: "clean -all record: no finding, two lookups", domain: "spf-clean.test",
    records: [...txt("@", spfClean), { name: "@", type: "MX", data: "10 mx.spf-clean.test" }, { name: "out", type: "A", data: "192.0.2.5" }],
    ids: [], status: "pass", match: { record: spfClean, lookups: 2, voidLookups: 0, outcome: "ok", all: "-", macrosNotExpanded: false },
  },
  {
    rfc: "RFC 7208 §4.5", name: "no v=spf1 among the TXT records: missing", domain: "spf-missing.test",
    records: txt("@", "google-site-verification=abc"), ids: ["spf-missing"], status: "missing", match: { outcome: "none" },
  },
  {
    rfc: "RFC 7208 §4.5", name: "two v=spf1 records: multiple (permerror)", domain: "spf-multiple.test",
    records: txt("@", "v=spf1 -all", "v=spf1 mx -all"), ids: ["spf-multiple"], status: "fail",
    match: { outcome: "permerror", records: ["v=spf1 -all", "v=spf1 mx -all"] },
  },
  {
    rfc: "RFC 7208 §4.6", name: "syntax error (ip4:300.0.0.1): invalid", domain: "spf-syntax.test",
    records: txt("@", "v=spf1 ip4:300.0.0.1 -all"), ids: ["spf-invalid"], status: "fail", match: { outcome: "permerror" },
  },
  {
    rfc: "RFC 7208 §4.6.1", name: "unknown mechanism (ip:): invalid", domain: "spf-unknown.test",
    records: txt("@", "v=spf1 ip:192.0.2.1 -all"), ids: ["spf-invalid"], status: "fail",
  },
  {
    rfc: "RFC 7208 §5.1", name: "+all: permissive", domain: "spf-pass-all.test",
    records: txt("@", "v=spf1 +all"), ids: ["spf-permissive"], status: "fail", match: { all: "+" },
  },
  {
    rfc: "RFC 7208 §5.1", name: "?all: permissive", domain: "spf-neutral.test",
    records: txt("@", "v=spf1 ip4:192.0.2.1 ?all"), ids: ["spf-permissive"], status: "fail", match: { all: "?" },
  },
  {
    rfc: "RFC 7208 §4.7", name: "neither all nor redirect: permissive", domain: "spf-no-all.test",
    records: txt("@", "v=spf1 ip4:192.0.2.1"), ids: ["spf-permissive"], status: "fail",
  },
  {
    rfc: "RFC 7208 §5.1, §2.6.5", name: "~all: softfail (info)", domain: "spf-soft.test",
    records: txt("@", "v=spf1 ip4:192.0.2.1 ~all"), ids: ["spf-softfail"], status: "pass", match: { all: "~" },
  },
  {
    rfc: "RFC 7208 §4.6.4", name: "11 chained includes: too-many-lookups, the 11th target never asked", domain: "spf-chain11.test",
    records: spfIncludeChain("spf-chain11.test", 11), ids: ["spf-too-many-lookups"], status: "fail", match: { lookups: 11, outcome: "permerror" },
    asked: ["spf-chain11.test", ...Array.from({ length: 10 }, (_, i) => `i${i + 1}.spf-chain11.test`)].sort(),
  },
  {
    rfc: "RFC 7208 §4.6.4", name: "exactly 10 chained includes: within the limit", domain: "spf-chain10.test",
    records: spfIncludeChain("spf-chain10.test", 10), ids: [], status: "pass", match: { lookups: 10, outcome: "ok" },
  },
  {
    rfc: "RFC 7208 §4.6.4", name: "include cycle: too-many-lookups (it never ends within the limit)", domain: "spf-cycle.test",
    records: [...txt("@", "v=spf1 include:loop.spf-cycle.test -all"), ...txt("loop", "v=spf1 include:spf-cycle.test -all")],
    ids: ["spf-too-many-lookups"], status: "fail",
    match: { includeTree: { children: [{ domain: "loop.spf-cycle.test", children: [{ domain: "spf-cycle.test", outcome: "cycle" }] }] } },
    asked: ["loop.spf-cycle.test", "spf-cycle.test"],
  },
  {
    rfc: "RFC 7208 §4.6.4", name: "three void lookups (a, mx, exists): void-lookups", domain: "spf-void3.test",
    records: txt("@", "v=spf1 a:v1.spf-void3.test mx:v2.spf-void3.test exists:v3.spf-void3.test -all"),
    ids: ["spf-void-lookups"], status: "warn", match: { voidLookups: 3, lookups: 3, outcome: "permerror" },
  },
  {
    rfc: "RFC 7208 §4.6.4", name: "two void lookups are allowed", domain: "spf-void2.test",
    records: txt("@", "v=spf1 a:v1.spf-void2.test exists:v2.spf-void2.test -all"), ids: [], status: "pass", match: { voidLookups: 2 },
  },
  {
    rfc: "RFC 7208 §5.2", name: "include target without any record (NXDOMAIN): invalid", domain: "spf-inc-gone.test",
    records: txt("@", "v=spf1 include:gone.spf-inc-gone.test -all"), ids: ["spf-invalid"], status: "fail", match: { voidLookups: 1, outcome: "permerror" },
  },
  {
    rfc: "RFC 7208 §6.1", name: "redirect to a good record: no finding, the redirect counted", domain: "spf-redirect.test",
    records: [...txt("@", "v=spf1 redirect=_spf.spf-redirect.test"), ...txt("_spf", "v=spf1 ip4:192.0.2.0/24 -all")],
    ids: [], status: "pass", match: { lookups: 1, all: "-" },
  },
  {
    rfc: "RFC 7208 §4.6.4", name: "mx with 11 MX names: too-many-lookups", domain: "spf-mx11.test",
    records: [...txt("@", "v=spf1 mx -all"), ...mxNames("spf-mx11.test", 11)], ids: ["spf-too-many-lookups"], status: "fail", match: { lookups: 1 },
  },
  {
    rfc: "RFC 7208 §4.6.4", name: "mx with 10 MX names: within the limit", domain: "spf-mx10.test",
    records: [...txt("@", "v=spf1 mx -all"), ...mxNames("spf-mx10.test", 10)], ids: [], status: "pass", match: { lookups: 1 },
  },
  {
    rfc: "RFC 7208 §7", name: "macros are counted, not expanded, not queried", domain: "spf-macro.test",
    records: txt("@", "v=spf1 include:%{d}._spf.spf-macro.test exists:%{i}._ip.spf-macro.test ptr -all"),
    ids: [], status: "pass", match: { macrosNotExpanded: true, lookups: 3 }, asked: ["spf-macro.test"],
  },
  {
    rfc: "RFC 7208 §3.3", name: "record split over several strings: joined without spaces", domain: "spf-split.test",
    records: txt("@", ["v=spf1 ip4:192.0.2.0/24", " ip4:198.51.100.0/24 -a", "ll"]),
    ids: [], status: "pass", match: { record: "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 -all" },
  },
  {
    rfc: "RFC 7208 §3.3", name: "record longer than 255 octets (split by the zone): joined", domain: "spf-long.test",
    records: txt("@", spfLong), ids: [], status: "pass", match: { record: spfLong },
  },
  {
    rfc: "RFC 7208 §4.4", name: "SERVFAIL: error (temperror), not missing", domain: "servfail.test",
    records: "no zone", ids: [], status: "error", match: { outcome: "temperror" }, asked: ["servfail.test"],
  },
  {
    rfc: "RFC 7208 §4.4, RFC 4035 §5.5", name: "DNSSEC-bogus record: error (temperror), the unchecked record is not used", domain: "bogus.test",
    records: BOGUS_RECORDS, dnssec: "bogus", ids: [], status: "error", match: { outcome: "temperror", records: [] },
  },
  {
    rfc: "RFC 7208 §5.2, §4.4", name: "include target in a DNSSEC-bogus zone: error (temperror)", domain: "spf-inc-bogus.test",
    records: txt("@", "v=spf1 include:bogus.test -all"), ids: [], status: "error", match: { outcome: "temperror" },
  },
  {
    // Trusted, the unchecked NXDOMAIN of nothing.bogus.test would be a third void lookup.
    rfc: "RFC 7208 §5.3, §4.4", name: "a: term whose name is DNSSEC-bogus: error (temperror), not a void lookup", domain: "spf-a-bogus.test",
    records: txt("@", "v=spf1 a:nothing.bogus.test a:gone1.spf-a-bogus.test a:gone2.spf-a-bogus.test -all"),
    ids: [], status: "error", match: { outcome: "temperror", voidLookups: 2 },
  },
];

const TLS_RPT_ROWS: Row[] = [
  {
    rfc: "RFC 8460 §3", name: "valid mailto rua: no finding", domain: "tlsrpt-mailto.test",
    records: txt("_smtp._tls", "v=TLSRPTv1; rua=mailto:tlsrpt@tlsrpt-mailto.test"),
    ids: [], status: "pass", match: { rua: [{ scheme: "mailto", address: "tlsrpt@tlsrpt-mailto.test" }] },
  },
  {
    rfc: "RFC 8460 §3", name: "valid https rua: no finding", domain: "tlsrpt-https.test",
    records: txt("_smtp._tls", "v=TLSRPTv1;rua=https://reports.tlsrpt-https.test/v1/tlsrpt"),
    ids: [], status: "pass", match: { rua: [{ scheme: "https", host: "reports.tlsrpt-https.test" }] },
  },
  {
    rfc: "RFC 8460 §3", name: "no _smtp._tls record: missing", domain: "tlsrpt-missing.test",
    records: txt("@", "v=spf1 -all"), ids: ["tls-rpt-missing"], status: "missing", asked: ["_smtp._tls.tlsrpt-missing.test"],
  },
  {
    rfc: "RFC 8460 §3", name: "two v=TLSRPTv1 records: invalid", domain: "tlsrpt-two.test",
    records: txt("_smtp._tls", "v=TLSRPTv1; rua=mailto:a@tlsrpt-two.test", "v=TLSRPTv1; rua=mailto:b@tlsrpt-two.test"),
    ids: ["tls-rpt-invalid"], status: "warn", match: { records: ["v=TLSRPTv1; rua=mailto:a@tlsrpt-two.test", "v=TLSRPTv1; rua=mailto:b@tlsrpt-two.test"] },
  },
  {
    rfc: "RFC 8460 §3", name: "no rua: invalid", domain: "tlsrpt-no-rua.test",
    records: txt("_smtp._tls", "v=TLSRPTv1"), ids: ["tls-rpt-invalid"], status: "warn", match: { error: "the required rua field is missing" },
  },
  {
    rfc: "RFC 8460 §3", name: "rua=ftp: (neither mailto nor https): invalid", domain: "tlsrpt-ftp.test",
    records: txt("_smtp._tls", "v=TLSRPTv1; rua=ftp://reports.tlsrpt-ftp.test/tlsrpt"), ids: ["tls-rpt-invalid"], status: "warn",
  },
  {
    rfc: "RFC 8460 §3 (DNS error)", name: "SERVFAIL: error, not missing", domain: "servfail.test",
    records: "no zone", ids: [], status: "error", asked: ["_smtp._tls.servfail.test"],
  },
  {
    rfc: "RFC 8460 §3, RFC 4035 §5.5", name: "DNSSEC-bogus record: error, the unchecked record is not used", domain: "bogus.test",
    records: BOGUS_RECORDS, dnssec: "bogus", ids: [], status: "error", match: { records: [] },
  },
];

let dns: DnsServer;

beforeAll(async () => {
  const zoned = (dnssec: ZoneDnssec) =>
    [...DMARC_ROWS, ...SPF_ROWS, ...TLS_RPT_ROWS].flatMap((row) => (row.records === "no zone" || (row.dnssec ?? "unsigned") !== dnssec ? [] : [{ ...row, records: row.records }]));
  const vendor = {
    origin: VENDOR,
    dnssec: "unsigned" as const,
    // Only dmarc-ext-ok.test is authorized; dmarc-ext-no.test's name is NXDOMAIN here.
    records: txt("dmarc-ext-ok.test._report._dmarc", AUTHORIZED),
  };
  // The bogus zone is published once although three tables name it.
  const bogus = zonesFor(zoned("bogus").filter((row, i, all) => all.findIndex((r) => r.domain === row.domain) === i), [], "bogus");
  // MTA-STS records for the "Records as published" cases (the policy fetch is not part of this file).
  const mtaSts = { origin: "mtasts-two.test", dnssec: "unsigned" as const, records: txt("_mta-sts", ["v=STSv1; ", "id=1"], "v=spf1 -all", "v=STSv1; id=2") };
  dns = await startDnsServer({ zones: [...zonesFor(zoned("unsigned"), [vendor, mtaSts]), ...bogus], outside: "servfail" });
});

afterAll(async () => {
  await dns?.close();
});

const sortedIds = (result: Judged): string[] => result.findings.map((f) => f.id).sort();

/** Runs one check with a fresh client (no cache shared between cases) and asserts the row. */
async function judge<R extends Judged>(row: Row, check: (client: DnsClient, domain: string) => Promise<R>): Promise<R> {
  const first = dns.queries.length;
  const result = await check(createDnsClient({ resolvers: [dns.resolver] }), row.domain);
  expect(sortedIds(result)).toEqual([...row.ids].sort());
  expect(result.status).toBe(row.status);
  // Fixed severities of the catalogue (none of these ids is context-dependent).
  for (const f of result.findings) expect(f.severity).toBe(FINDING_CATALOGUE[f.id].severity);
  if (row.match) expect(result).toMatchObject(row.match);
  if (row.asked) expect([...new Set(dns.queries.slice(first).map((q) => q.name))].sort()).toEqual(row.asked);
  return result;
}

/** Table rows with a readable title (vitest's $field titles quote and truncate strings). */
const titled = (rows: Row[]): [string, Row][] => rows.map((row) => [`${row.rfc}: ${row.name} (${row.domain})`, row]);

describe("checkDmarc over the wire (RFC 7489)", () => {
  it.each(titled(DMARC_ROWS))("%s", async (_title, row) => {
    await judge(row, (client, domain) => checkDmarc(client, domain));
  });

  it("same-organization rua: no _report._dmarc query reaches the server", async () => {
    const row = DMARC_ROWS.find((r) => r.domain === "dmarc-same-org.test") as Row; // safe: defined above
    dns.resetLog();
    await judge(row, (client, domain) => checkDmarc(client, domain));
    expect(dns.count({ name: "dmarc-same-org.test._report._dmarc.reports.dmarc-same-org.test" })).toBe(0);
    expect(dns.queries.filter((q) => q.name.includes("._report._dmarc."))).toEqual([]);
  });

  it("external rua: the authorization record is asked once, as TXT", async () => {
    const row = DMARC_ROWS.find((r) => r.domain === "dmarc-ext-ok.test") as Row; // safe: defined above
    dns.resetLog();
    await judge(row, (client, domain) => checkDmarc(client, domain));
    expect(dns.count({ name: `dmarc-ext-ok.test._report._dmarc.${VENDOR}`, type: "TXT" })).toBe(1);
  });
});

describe("checkSpf over the wire (RFC 7208)", () => {
  it.each(titled(SPF_ROWS))("%s", async (_title, row) => {
    await judge(row, (client, domain) => checkSpf(client, domain));
  });
});

describe("checkTlsRpt over the wire (RFC 8460)", () => {
  it.each(titled(TLS_RPT_ROWS))("%s", async (_title, row) => {
    await judge(row, (client, domain) => checkTlsRpt(client, domain));
  });
});

describe("records as published (spec): MTA-STS over the wire (RFC 8461 §3.1)", () => {
  const judgeSts = async (domain: string) => {
    const client = createDnsClient({ resolvers: [dns.resolver] });
    return evaluateMtaSts({ domain, record: await lookupMtaStsRecord(client, domain), policy: null, mx: [] });
  };

  it("two v=STSv1 records: both, strings of each joined, in the order received; neither applies", async () => {
    const result = await judgeSts("mtasts-two.test");
    expect(result.records).toEqual(["v=STSv1; id=1", "v=STSv1; id=2"]);
    expect(result.record).toBeUndefined();
    expect(result.findings.map((f) => f.id)).toEqual(["mta-sts-record-invalid"]);
  });

  it("DNSSEC-bogus zone: could not check (error), no record shown and none claimed missing", async () => {
    const result = await judgeSts("bogus.test");
    expect(result.status).toBe("error");
    expect(result.records).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});

describe("finding coverage", () => {
  it("every dmarc-*, spf-* and tls-rpt-* id of the catalogue is raised by a row, and each check has a clean row", () => {
    const owned = FINDING_IDS.filter((id) => /^(dmarc|spf|tls-rpt)-/.test(id));
    const raised = new Set([...DMARC_ROWS, ...SPF_ROWS, ...TLS_RPT_ROWS].flatMap((row) => row.ids));
    expect(owned.filter((id) => !raised.has(id))).toEqual([]);
    for (const rows of [DMARC_ROWS, SPF_ROWS, TLS_RPT_ROWS]) {
      expect(rows.some((row) => row.ids.length === 0 && row.status === "pass")).toBe(true);
    }
  });
});
