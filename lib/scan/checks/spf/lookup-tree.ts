import type { DnsAnswer, DnsClient, RRType } from "../../net/dns-types";
import { parseSpfAnswer } from "./lookup-record";
import { parseSpfRecord } from "./parse-record";
import type { SpfMechanism, SpfNode, SpfTreeObservation } from "./types";

/** RFC 7208 §4.6.4: at most 10 terms that cause DNS lookups per check_host() evaluation. */
export const SPF_LOOKUP_LIMIT = 10;
/** RFC 7208 §4.6.4: void lookups SHOULD be limited to two. */
export const SPF_VOID_LOOKUP_LIMIT = 2;
/** RFC 7208 §4.6.4: one "mx" mechanism may not lead to more than 10 address lookups. */
export const SPF_MX_ADDRESS_LIMIT = 10;

// RFC 7208 §4.6.4: include, a, mx, ptr, exists (and the redirect modifier) count; all, ip4, ip6 and exp do not.
const COUNTED: ReadonlySet<string> = new Set(["include", "a", "mx", "ptr", "exists"]);

type Options = { signal?: AbortSignal };

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.+$/, "");
}

// A bogus answer's data is unchecked (CD): validating receivers get SERVFAIL, so it is never void, always unknown.
const isBogus = (a: DnsAnswer) => a.dnssec === "bogus";
const isVoid = (a: DnsAnswer) => !isBogus(a) && (a.outcome === "nxdomain" || a.outcome === "nodata");
const isUnknown = (a: DnsAnswer) => isBogus(a) || (!isVoid(a) && a.outcome !== "ok");

/**
 * Walks the SPF record of `domain` with every include and redirect it reaches, counting DNS-querying
 * terms, void lookups and per-mx address limits as RFC 7208 §4.6.4 does. The whole reachable tree is
 * counted (as checkers do, since which branch a sender takes depends on its IP); the walk stops as soon
 * as the lookup limit is exceeded. Macros are not expanded: such terms are counted but not followed.
 */
export async function lookupSpfTree(dns: DnsClient, domain: string, options: Options = {}): Promise<SpfTreeObservation> {
  const cache = new Map<string, Promise<DnsAnswer>>();
  const query = (name: string, type: RRType) => {
    const key = `${type} ${name}`;
    let pending = cache.get(key);
    if (pending === undefined) {
      pending = dns.query(name, type, options);
      cache.set(key, pending);
    }
    return pending;
  };
  const obs: Omit<SpfTreeObservation, "root"> = {
    domain: normalize(domain),
    lookups: 0,
    isLimitExceeded: false,
    voidLookups: 0,
    voidTerms: [],
    cycles: [],
    mxOverLimit: [],
    temperrors: [],
    macrosNotExpanded: false,
    hasPtr: false,
  };

  /** Counts one DNS-querying term; false once the limit is exceeded (the walk then stops). */
  const count = (node: SpfNode): boolean => {
    obs.lookups++;
    node.lookups++;
    if (obs.lookups > SPF_LOOKUP_LIMIT) obs.isLimitExceeded = true;
    return !obs.isLimitExceeded;
  };
  const recordVoid = (name: string, term: string) => {
    obs.voidLookups++;
    obs.voidTerms.push({ domain: name, term });
  };

  async function lookupTerm(node: SpfNode, mechanism: SpfMechanism): Promise<void> {
    const target = normalize(mechanism.domainSpec ?? node.domain);
    const unknown = (answer: DnsAnswer) =>
      obs.temperrors.push({ domain: target, term: mechanism.text, error: isBogus(answer) ? "DNSSEC validation failed (bogus)" : (answer.error ?? answer.outcome) });
    if (mechanism.name === "ptr") {
      // The ptr lookup starts from the sender's IP, which a checker does not have (and §5.5 discourages ptr).
      obs.hasPtr = true;
      return;
    }
    if (mechanism.name === "mx") {
      const answer = await query(target, "MX");
      if (isUnknown(answer)) return void unknown(answer);
      if (isVoid(answer)) return recordVoid(target, mechanism.text);
      const names = answer.records.filter((r) => r.type === "MX").length;
      // RFC 7208 §4.6.4: each MX name needs an address lookup; more than 10 is a permerror.
      if (names > SPF_MX_ADDRESS_LIMIT) obs.mxOverLimit.push({ domain: target, term: mechanism.text, count: names });
      return;
    }
    // a and exists: RFC 7208 §5.7 exists asks A only; for a the sender's address family is unknown, so the
    // term is void only when neither A nor AAAA has an answer (never a void lookup an IPv6 sender would not see).
    const a = await query(target, "A");
    if (isUnknown(a)) return void unknown(a);
    if (!isVoid(a)) return;
    if (mechanism.name === "a") {
      const aaaa = await query(target, "AAAA");
      if (isUnknown(aaaa)) return void unknown(aaaa);
      if (!isVoid(aaaa)) return;
    }
    recordVoid(target, mechanism.text);
  }

  async function follow(parent: SpfNode, via: "include" | "redirect", spec: string, hasMacros: boolean, term: string, path: string[]): Promise<void> {
    const target = normalize(spec);
    const child = (outcome: SpfNode["outcome"]): SpfNode => ({ domain: target, via, term, outcome, lookups: 0, children: [] });
    if (hasMacros) {
      obs.macrosNotExpanded = true;
      parent.children.push(child("macro"));
      return;
    }
    if (path.includes(target)) {
      // A loop never ends by itself; real evaluation runs into the lookup limit (RFC 7208 §4.6.4).
      obs.cycles.push([...path, target]);
      parent.children.push(child("cycle"));
      return;
    }
    parent.children.push(await visit(target, via, term, [...path, target]));
  }

  /**
   * Starts the queries of a record's counted terms at once, so that sibling includes and mx/a terms
   * are resolved side by side instead of one round trip after another. Only the queries start
   * early: the walk below still takes the terms one by one in order, so counting and where it stops
   * stay exactly RFC 7208 §4.6.4's. At most as many terms as the limit leaves are started, so no
   * query is sent for a term past it.
   */
  function prefetch(name: string, mechanisms: readonly SpfMechanism[], terms: ReturnType<typeof parseSpfRecord>["terms"], path: string[]): void {
    let room = SPF_LOOKUP_LIMIT - obs.lookups;
    for (const m of mechanisms) {
      if (m.name === "all" || room <= 0) return;
      if (!COUNTED.has(m.name)) continue;
      room--;
      if (m.hasMacros || m.name === "ptr") continue;
      if (m.name === "include") {
        const target = normalize(m.domainSpec as string); // safe: include has a domain-spec
        if (!path.includes(target)) void query(target, "TXT");
      } else {
        void query(normalize(m.domainSpec ?? name), m.name === "mx" ? "MX" : "A");
      }
    }
    const redirect = terms.find((t) => t.kind === "modifier" && t.name === "redirect");
    if (room > 0 && redirect?.kind === "modifier" && !redirect.hasMacros) {
      const target = normalize(redirect.value);
      if (!path.includes(target)) void query(target, "TXT");
    }
  }

  async function visit(name: string, via: SpfNode["via"], term: string | undefined, path: string[]): Promise<SpfNode> {
    const node: SpfNode = { domain: name, via, ...(term !== undefined ? { term } : {}), outcome: "ok", lookups: 0, children: [] };
    const lookup = parseSpfAnswer(name, await query(name, "TXT"));
    if (lookup.outcome === "unknown") {
      obs.temperrors.push({ domain: name, ...(term !== undefined ? { term } : {}), error: lookup.error ?? "lookup failed" });
      return { ...node, outcome: "temperror" };
    }
    // The TXT query of an include or redirect target is one of the term's lookups: it can be void.
    if (via !== "root" && lookup.isVoid && term !== undefined) recordVoid(name, term);
    if (lookup.outcome === "none") return { ...node, outcome: "none" };
    // The records stay as evidence: with several, each is shown as published (RFC 7208 §4.5 permerror).
    if (lookup.outcome === "multiple") return { ...node, outcome: "multiple", records: lookup.records ?? [] };
    // Spec "Records as published" concerns the domain itself; include/redirect targets keep just their record.
    if (via === "root") node.records = lookup.records ?? [];
    const record = parseSpfRecord(lookup.record as string); // safe: outcome "ok" carries the record
    node.record = record.record;
    if (!record.valid) return { ...node, outcome: "invalid", errors: record.errors };
    if (record.all !== undefined) node.all = record.all;
    if (record.redirect !== undefined) node.redirect = record.redirect;

    prefetch(name, record.mechanisms, record.all === undefined ? record.terms : [], path);
    for (const mechanism of record.mechanisms) {
      // RFC 7208 §5.1: "all" always matches, so mechanisms after it are never tested.
      if (mechanism.name === "all") break;
      if (!COUNTED.has(mechanism.name)) continue;
      if (!count(node)) return node;
      if (mechanism.name === "include") {
        await follow(node, "include", mechanism.domainSpec as string, mechanism.hasMacros, mechanism.text, path); // safe: include has a domain-spec
        if (obs.isLimitExceeded) return node;
      } else if (mechanism.hasMacros) {
        obs.macrosNotExpanded = true;
      } else {
        await lookupTerm(node, mechanism);
      }
    }
    // RFC 7208 §6.1: redirect is evaluated after all mechanisms, and ignored when the record has "all".
    const redirect = record.terms.find((t) => t.kind === "modifier" && t.name === "redirect");
    if (redirect !== undefined && record.all === undefined) {
      if (!count(node)) return node;
      await follow(node, "redirect", redirect.kind === "modifier" ? redirect.value : "", redirect.hasMacros, redirect.text, path);
    }
    return node;
  }

  const root = await visit(obs.domain, "root", undefined, [obs.domain]);
  return { ...obs, root };
}
