import type { CheckStatus } from "../../types";
import { finding as checkFinding, statusFromFindings } from "../shared";
import { SPF_LOOKUP_LIMIT, SPF_MX_ADDRESS_LIMIT, SPF_VOID_LOOKUP_LIMIT } from "./lookup-tree";
import type { SpfFinding, SpfFindingId, SpfNode, SpfQualifier, SpfResult, SpfTreeObservation } from "./types";

const finding = (id: SpfFindingId, detail: string): SpfFinding => checkFinding(id, detail);

function descendants(node: SpfNode): SpfNode[] {
  return node.children.flatMap((child) => [child, ...descendants(child)]);
}

/** Problems of include/redirect targets: each is a permerror of the whole check (RFC 7208 §5.2, §6.1). */
function targetFindings(root: SpfNode): SpfFinding[] {
  const findings: SpfFinding[] = [];
  for (const node of descendants(root)) {
    const where = `${node.via} target ${node.domain} (${node.term ?? node.via})`;
    // RFC 7208 §5.2: an include whose target returns "none" is a permerror; §6.1: likewise for redirect.
    if (node.outcome === "none") findings.push(finding("spf-invalid", `${where} has no SPF record`));
    if (node.outcome === "invalid") {
      findings.push(finding("spf-invalid", `${where} has a syntax error: ${(node.errors ?? []).map((e) => e.message).join("; ")}`));
    }
    if (node.outcome === "multiple") findings.push(finding("spf-multiple", `${where} publishes more than one v=spf1 record`));
  }
  return findings;
}

/**
 * The "all" that decides for senders that match nothing: the record's own, or (RFC 7208 §6.1) the one
 * reached through redirect when the record has none. undefined with `known` false when a redirect breaks.
 */
function effectiveAll(root: SpfNode): { known: boolean; all?: SpfQualifier; hasRedirect: boolean } {
  let node: SpfNode | undefined = root;
  let hasRedirect = false;
  while (node !== undefined && node.outcome === "ok") {
    if (node.all !== undefined) return { known: true, all: node.all, hasRedirect };
    if (node.redirect === undefined) return { known: true, hasRedirect };
    hasRedirect = true;
    node = node.children.find((c) => c.via === "redirect");
  }
  return { known: false, hasRedirect };
}

function lookupFinding(obs: SpfTreeObservation): SpfFinding | undefined {
  const reasons: string[] = [];
  if (obs.isLimitExceeded) {
    reasons.push(`more than ${SPF_LOOKUP_LIMIT} DNS-querying terms (include, a, mx, ptr, exists, redirect), nested records counted`);
  }
  for (const cycle of obs.cycles) reasons.push(`include/redirect loop ${cycle.join(" → ")}: evaluation never ends within the limit`);
  // RFC 7208 §4.6.4: more than 10 address lookups for one mx mechanism is a permerror; it is the same
  // lookup budget, so it is reported under spf-too-many-lookups rather than as a syntax error.
  for (const mx of obs.mxOverLimit) {
    reasons.push(`${mx.term} at ${mx.domain} has ${mx.count} MX names (more than ${SPF_MX_ADDRESS_LIMIT} address lookups)`);
  }
  return reasons.length > 0 ? finding("spf-too-many-lookups", reasons.join("; ")) : undefined;
}

/** spf-permissive / spf-softfail from the deciding "all" (RFC 7208 §5.1, §4.7). */
function allFinding(all: SpfQualifier | undefined): SpfFinding | undefined {
  // RFC 7208 §4.7: with no match and no redirect the result is neutral, as "?all" would give.
  if (all === undefined) return finding("spf-permissive", "the record has neither an all mechanism nor a redirect: unmatched senders get neutral");
  if (all === "+") return finding("spf-permissive", "the record ends in +all: any sender is authorized");
  if (all === "?") return finding("spf-permissive", "the record ends in ?all: any sender gets neutral");
  if (all === "~") return finding("spf-softfail", "the record ends in ~all: unauthorized senders get softfail");
  return undefined;
}

/** Judges SPF from the record tree walked by lookupSpfTree (pure; RFC 7208). */
export function evaluateSpf(obs: SpfTreeObservation): SpfResult {
  const root = obs.root;
  const base = {
    lookups: obs.lookups,
    voidLookups: obs.voidLookups,
    macrosNotExpanded: obs.macrosNotExpanded,
    includeTree: root,
    ...(root.record !== undefined ? { record: root.record } : {}),
    // Spec "Records as published": every v=spf1 record at the domain, also several or invalid ones.
    records: root.records ?? [],
  };
  switch (root.outcome) {
    case "temperror":
      return { ...base, status: "error", outcome: "temperror", error: obs.temperrors[0]?.error ?? "lookup failed", findings: [] };
    case "none":
      return { ...base, status: "missing", outcome: "none", findings: [finding("spf-missing", `no v=spf1 TXT record at ${root.domain}`)] };
    case "multiple":
      // RFC 7208 §4.5: more than one record is a permerror.
      return { ...base, status: "fail", outcome: "permerror", findings: [finding("spf-multiple", `${root.domain} publishes more than one v=spf1 record`)] };
    case "invalid": {
      // RFC 7208 §4.6: a syntax error anywhere makes the record a permerror without further interpretation.
      const detail = (root.errors ?? []).map((e) => e.message).join("; ");
      return { ...base, status: "fail", outcome: "permerror", findings: [finding("spf-invalid", detail)] };
    }
    default:
      break;
  }

  const findings = targetFindings(root);
  const lookups = lookupFinding(obs);
  if (lookups !== undefined) findings.push(lookups);
  // RFC 7208 §4.6.4: more than two void lookups is a permerror.
  if (obs.voidLookups > SPF_VOID_LOOKUP_LIMIT) {
    const terms = obs.voidTerms.map((v) => `${v.term} (${v.domain})`).join(", ");
    findings.push(finding("spf-void-lookups", `${obs.voidLookups} lookups returned no answer: ${terms}`));
  }
  const permerror = findings.length > 0;

  const decided = effectiveAll(root);
  const all = decided.known ? allFinding(decided.all) : undefined;
  if (all !== undefined) findings.push(all);

  // A lookup that failed midway leaves the verdict open, unless a failure is already certain.
  const temperror = obs.temperrors.length > 0;
  const byFindings = statusFromFindings(findings);
  const status: CheckStatus = temperror && byFindings !== "fail" ? "error" : byFindings;
  return {
    ...base,
    ...(decided.all !== undefined ? { all: decided.all } : {}),
    status,
    outcome: permerror ? "permerror" : temperror ? "temperror" : "ok",
    ...(temperror ? { error: obs.temperrors.map((t) => `${t.domain}: ${t.error}`).join("; ") } : {}),
    findings,
  };
}
