/**
 * Inputs and outputs of the suggestion generators (spec: `suggestions` in the JSON report). The
 * input is what the orchestrator has observed by the end of a scan; `suggestInputFromScan`
 * (build.ts) assembles it from the orchestrator's own variables. Pure types.
 */
import type { DmarcPolicy, DmarcRecord } from "../checks/dmarc/types";
import type { MtaStsPolicy } from "../types";

/** One MX host as the generators need it. */
export type SuggestMxHost = {
  /** Host name, as in `mx[].host` (lower case, no trailing dot); the domain itself for an implicit MX. */
  host: string;
  /** The MTA-STS TLS verdict (evaluateHostTls): "unknown" when no endpoint was reached. */
  tlsOk: boolean | "unknown";
  reason?: string;
  /** The DER chain each endpoint presented after STARTTLS, leaf first; endpoints without TLS left out. */
  chains: readonly (readonly Buffer[])[];
};

export type SuggestMail =
  /** MX records (or an implicit MX with addresses): the domain accepts mail at `mx`. */
  | "accepts"
  /** RFC 7505 null MX: the domain says it accepts no mail. */
  | "null-mx"
  /** No MX records and no address for the implicit MX: mail cannot be delivered today. */
  | "no-host"
  /** NXDOMAIN, or the MX lookup failed: nothing is known. */
  | "unknown";

export type SuggestInput = {
  /** Normalized domain (lower case A-labels, no trailing dot). */
  domain: string;
  /** The fresh `_mta-sts` id is this instant in UTC; certificate dates are judged at it. */
  now: Date;
  mail: SuggestMail;
  /** The domain's MX answer failed DNSSEC validation (spec: such a domain may have no suggestions). */
  dnsBogus: boolean;
  mx: readonly SuggestMxHost[];
  /** What is published now: the `_mta-sts` record's id and the valid policy, when there are. */
  mtaSts: { recordId?: string; policy?: MtaStsPolicy };
  /** The `v=TLSRPTv1` record at `_smtp._tls.<domain>`, valid or not, when there is one. */
  tlsRpt: { record?: string };
  /** The DMARC discovery result (a DmarcResult fits). */
  dmarc: { record?: string; source?: string; inherited: boolean; policy?: DmarcPolicy; parsed?: DmarcRecord };
  /** The SPF record at the domain, when there is exactly one. */
  spf: { record?: string };
};

/** Options that only the caller can know. */
export type SuggestOptions = {
  /**
   * Every name that exists exactly one label below `parent`, when the caller knows the complete
   * list (say, from the operator's own zone); undefined when unknown. A `*.parent` wildcard is
   * used only when every such name is an observed MX host (see chooseMxPatterns).
   */
  namesUnder?: (parent: string) => readonly string[] | undefined;
};

/** A suggestion failed our own parser: a bug or an observation no valid record can express. */
export class SuggestionRejectedError extends Error {
  constructor(
    readonly suggestion: string,
    message: string,
  ) {
    super(`${suggestion}: ${message}`);
    this.name = "SuggestionRejectedError";
  }
}

export type SuggestedMtaStsPolicy = {
  /** The file body, LF line ends (RFC 8461 §3.2 allows CRLF or LF). */
  text: string;
  mode: "enforce" | "testing";
  maxAge: number;
  mx: string[];
  notes: string[];
};

export type SuggestedRecord = { text: string; notes: string[] };

export type SuggestedDmarc = SuggestedRecord & {
  /** The p the suggested record sets. */
  policy: DmarcPolicy;
  /** The policy in effect now (after RFC 7489 §6.6.3 step 6), absent when none applies. */
  current?: DmarcPolicy;
};

export type SuggestedTlsa = { records: string[]; notes: string[] };

/**
 * The no-mail trio (RFC 7505 null MX, SPF `-all`, DMARC `p=reject`) for a domain that accepts
 * no mail. Not the spec's `Suggestions`: the spec defines `suggestions` for domains that accept
 * mail only, so this shape needs a spec addition before it goes into a report.
 */
export type NoMailSuggestions = {
  kind: "no-mail";
  /** `<domain>. IN MX 0 .` */
  nullMxRecord: string;
  /** `<domain>. IN TXT "v=spf1 -all"` */
  spfRecord: string;
  /** `_dmarc.<domain>. IN TXT "v=DMARC1; p=reject…"` */
  dmarcRecord: string;
  notes: string[];
};
