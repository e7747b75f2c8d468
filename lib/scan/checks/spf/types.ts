/** Observation and result types of the SPF check (RFC 7208). Pure types. */
import type { FindingId } from "../../findings";
import type { CheckStatus, Severity } from "../../types";

export type SpfQualifier = "+" | "-" | "~" | "?";
export type SpfMechanismName = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

export type SpfMechanism = {
  kind: "mechanism";
  name: SpfMechanismName;
  qualifier: SpfQualifier;
  /** The term as written. */
  text: string;
  /** include/exists/a/mx/ptr target as written (may hold macros). */
  domainSpec?: string;
  /** ip4/ip6 network. */
  network?: string;
  ip4Cidr?: number;
  ip6Cidr?: number;
  /** The domain-spec holds %{...} macros, which this checker does not expand. */
  hasMacros: boolean;
};

export type SpfModifier = {
  kind: "modifier";
  /** Lower-cased name: redirect, exp or an unknown modifier (ignored, RFC 7208 §6). */
  name: string;
  value: string;
  text: string;
  hasMacros: boolean;
};

export type SpfTerm = SpfMechanism | SpfModifier;

export type SpfSyntaxError = {
  code:
    | "bad-version"
    | "bad-term"
    | "unknown-mechanism"
    | "bad-domain-spec"
    | "bad-macro"
    | "bad-cidr"
    | "bad-ip"
    | "duplicate-modifier";
  message: string;
  term?: string;
};

export type SpfRecord = {
  record: string;
  valid: boolean;
  terms: SpfTerm[];
  mechanisms: SpfMechanism[];
  /** The qualifier of the first "all", when there is one. */
  all?: SpfQualifier;
  redirect?: string;
  exp?: string;
  errors: SpfSyntaxError[];
};

/** The records at one name, after RFC 7208 §4.5 selection. */
export type SpfTxtSelection =
  | { kind: "none"; others: string[] }
  | { kind: "one"; record: string; records: string[] }
  | { kind: "multiple"; records: string[] };

export type SpfRecordLookup = {
  domain: string;
  outcome: "ok" | "none" | "multiple" | "unknown";
  record?: string;
  /** Every v=spf1 record at the name, in the order received (one for "ok", several for "multiple"). */
  records?: string[];
  /** RFC 7208 §4.6.4 void lookup: NXDOMAIN or an answer with no records. */
  isVoid: boolean;
  error?: string;
};

/** One record in the include/redirect tree, as evidence. */
export type SpfNode = {
  domain: string;
  via: "root" | "include" | "redirect";
  /** The include/redirect term that led here. */
  term?: string;
  outcome: "ok" | "none" | "multiple" | "invalid" | "temperror" | "cycle" | "macro";
  record?: string;
  /** Every v=spf1 record published at the name, in the order received (several for "multiple"). */
  records?: string[];
  errors?: SpfSyntaxError[];
  all?: SpfQualifier;
  redirect?: string;
  /** DNS-querying terms counted in this record (RFC 7208 §4.6.4). */
  lookups: number;
  children: SpfNode[];
};

export type SpfTreeObservation = {
  domain: string;
  root: SpfNode;
  lookups: number;
  /** Evaluation needed more than 10 DNS-querying terms; the walk stopped there. */
  isLimitExceeded: boolean;
  voidLookups: number;
  voidTerms: { domain: string; term: string }[];
  /** include/redirect loops, each as the chain of domains. */
  cycles: string[][];
  /** mx mechanisms whose MX answer has more than 10 names (RFC 7208 §4.6.4). */
  mxOverLimit: { domain: string; term: string; count: number }[];
  temperrors: { domain: string; term?: string; error: string }[];
  macrosNotExpanded: boolean;
  hasPtr: boolean;
};

/** Ids from the finding catalogue (lib/scan/findings.ts); the type fails to compile if one is not there. */
type CatalogueId<T extends FindingId> = T;

export type SpfFindingId = CatalogueId<
  | "spf-missing"
  | "spf-invalid"
  | "spf-multiple"
  | "spf-permissive"
  | "spf-too-many-lookups"
  | "spf-void-lookups"
  | "spf-softfail">;

export type SpfFinding = { id: SpfFindingId; severity: Severity; detail: string };

export type SpfResult = {
  status: CheckStatus;
  record?: string;
  /**
   * Every v=spf1 record published at the domain itself, in the order received: several for
   * spf-multiple, the invalid one for spf-invalid, empty when none (or when the lookup failed).
   */
  records: string[];
  lookups: number;
  voidLookups: number;
  /** The include/redirect tree, as evidence. */
  includeTree?: SpfNode;
  macrosNotExpanded: boolean;
  /** The effective "all" qualifier (following redirect when the record has no "all"). */
  all?: SpfQualifier;
  /** none: no record; permerror/temperror per RFC 7208 §2.6; ok: evaluable (the result depends on the sender IP). */
  outcome: "none" | "ok" | "permerror" | "temperror";
  error?: string;
  findings: SpfFinding[];
};
