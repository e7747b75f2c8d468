/**
 * The spec's `suggestions` object from one scan's observations, and the adapter from the
 * orchestrator's variables to the generators' input. Pure.
 *
 * Shapes (spec "Suggestions": present for every domain that accepts mail and whose MX hosts are
 * known; a domain whose DNS is bogus may have none):
 * - accepts mail, MX hosts known → `Suggestions`: the spec's five fields plus `hostingNote`
 *   (string) and `notes` ({ mtaSts, tlsRpt, dmarc, tlsa }: string[] each, why each file is as it is);
 * - null MX, or no MX and no address → `NoMailSuggestions` (kind "no-mail": nullMxRecord,
 *   spfRecord, dmarcRecord, notes), which is not the spec's `Suggestions`;
 * - MX lookup failed or NXDOMAIN, the domain's MX answer is DNSSEC-bogus, or no valid file can
 *   be written for what was observed (an MX host name no policy can hold) → nothing.
 */
import type { DmarcResult } from "../checks/dmarc/types";
import type { MtaStsResult } from "../checks/mta-sts/types";
import type { MxObservation } from "../checks/mx/lookup-mx";
import type { SpfResult } from "../checks/spf/types";
import { evaluateHostTls } from "../checks/starttls/evaluate-starttls";
import type { ProbedHost } from "../checks/starttls/probe-hosts";
import type { TlsRptResult } from "../checks/tls-rpt/types";
import type { Suggestions } from "../types";
import { suggestDmarcRecord, suggestNoMailRecords } from "./dmarc";
import { suggestHostingNote, suggestMtaStsPolicy, suggestMtaStsRecord } from "./mta-sts";
import { suggestTlsaRecords } from "./tlsa";
import { suggestTlsRptRecord } from "./tls-rpt";
import { SuggestionRejectedError, type NoMailSuggestions, type SuggestInput, type SuggestMail, type SuggestOptions } from "./types";

/** What scan-domain.ts holds when the scan ends, under its own variable names. */
export type ScanObservations = {
  domain: string;
  /** The clock of the scan (`now` in scanDomain): certificate dates and the fresh `_mta-sts` id. */
  now: Date;
  mx: MxObservation;
  /** probeHosts() result, one per MX host in `mx` order. */
  probed: readonly ProbedHost[];
  mtaSts: Pick<MtaStsResult, "recordId" | "policy">;
  tlsRpt: Pick<TlsRptResult, "record">;
  dmarc: Pick<DmarcResult, "record" | "source" | "inherited" | "policy" | "parsed">;
  spf: Pick<SpfResult, "record">;
};

function mailOf(mx: MxObservation): SuggestMail {
  switch (mx.kind) {
    case "mx":
      return "accepts";
    case "implicit":
      // RFC 5321 §5.1: without MX records mail goes to the domain's own address; with none, nowhere.
      return mx.hosts.some((h) => h.addresses.length > 0) ? "accepts" : "no-host";
    case "null-mx":
      return "null-mx";
    default:
      return "unknown";
  }
}

/** Assembles the generators' input from the orchestrator's observations. */
export function suggestInputFromScan(obs: ScanObservations): SuggestInput {
  const mx = obs.probed.map((p) => {
    const endpoints = p.endpoints.map((e) => e.endpoint);
    const verdict = evaluateHostTls(endpoints, obs.now);
    const chains = p.endpoints.filter((e) => e.endpoint.starttls === "ok" && e.peerChain.length > 0).map((e) => e.peerChain);
    return { host: p.host, tlsOk: verdict.tlsOk, ...(verdict.reason !== undefined ? { reason: verdict.reason } : {}), chains };
  });
  return {
    domain: obs.domain,
    now: obs.now,
    mail: mailOf(obs.mx),
    dnsBogus: obs.mx.dnssec === "bogus",
    mx,
    mtaSts: {
      ...(obs.mtaSts.recordId !== undefined ? { recordId: obs.mtaSts.recordId } : {}),
      ...(obs.mtaSts.policy !== undefined ? { policy: obs.mtaSts.policy } : {}),
    },
    tlsRpt: obs.tlsRpt.record !== undefined ? { record: obs.tlsRpt.record } : {},
    dmarc: {
      inherited: obs.dmarc.inherited,
      ...(obs.dmarc.record !== undefined ? { record: obs.dmarc.record } : {}),
      ...(obs.dmarc.source !== undefined ? { source: obs.dmarc.source } : {}),
      ...(obs.dmarc.policy !== undefined ? { policy: obs.dmarc.policy } : {}),
      ...(obs.dmarc.parsed !== undefined ? { parsed: obs.dmarc.parsed } : {}),
    },
    spf: obs.spf.record !== undefined ? { record: obs.spf.record } : {},
  };
}

export type SuggestionNotes = { mtaSts: string[]; tlsRpt: string[]; dmarc: string[]; tlsa: string[] };

export type SuggestionPlan =
  | { kind: "mail"; suggestions: Suggestions & { hostingNote: string; notes: SuggestionNotes } }
  | { kind: "no-mail"; suggestions: NoMailSuggestions }
  | { kind: "none"; reason: string };

/** Everything buildSuggestions decides, with the reason when there is nothing to suggest. */
export function planSuggestions(input: SuggestInput, options: SuggestOptions = {}): SuggestionPlan {
  if (input.dnsBogus) return { kind: "none", reason: `DNSSEC validation fails for the MX records of ${input.domain}: fix DNSSEC first.` };
  if (input.mail === "unknown") return { kind: "none", reason: `the MX records of ${input.domain} are not known` };
  try {
    if (input.mail === "null-mx" || input.mail === "no-host") return { kind: "no-mail", suggestions: suggestNoMailRecords(input) };
    const policy = suggestMtaStsPolicy(input, options);
    const record = suggestMtaStsRecord(input);
    const tlsRpt = suggestTlsRptRecord(input);
    const dmarc = suggestDmarcRecord(input);
    const tlsa = suggestTlsaRecords(input);
    return {
      kind: "mail",
      suggestions: {
        mtaStsPolicy: policy.text,
        mtaStsRecord: record.text,
        tlsRptRecord: tlsRpt.text,
        dmarcRecord: dmarc.text,
        tlsa: tlsa.records,
        hostingNote: suggestHostingNote(input.domain),
        notes: { mtaSts: [...policy.notes, ...record.notes], tlsRpt: tlsRpt.notes, dmarc: dmarc.notes, tlsa: tlsa.notes },
      },
    };
  } catch (error) {
    // Never offer a file our own parsers reject: no suggestion beats a wrong one.
    if (error instanceof SuggestionRejectedError) return { kind: "none", reason: error.message };
    throw error;
  }
}

/**
 * The suggestions for a scan: the spec's `Suggestions` for a domain that accepts mail,
 * `NoMailSuggestions` for one that accepts none, undefined when nothing can be suggested.
 */
export function buildSuggestions(input: SuggestInput, options: SuggestOptions = {}): Suggestions | NoMailSuggestions | undefined {
  const plan = planSuggestions(input, options);
  return plan.kind === "none" ? undefined : plan.suggestions;
}

export function isNoMailSuggestions(value: Suggestions | NoMailSuggestions): value is NoMailSuggestions {
  return value.kind === "no-mail";
}
