/**
 * The per-scan budget: how much of the outside world one domain scan may touch, whatever the
 * domain publishes. A hostile or careless zone (500 MX records, a host with 500 A records) must not
 * turn one scan into hundreds of connections and thousands of DNS queries, so every scan gets ONE
 * budget object (createScanBudget) and scanDomain wraps the DNS client, the SMTP prober and the
 * policy fetcher with it before any check runs. Checks never see the raw dependencies, so none of
 * them can go around it. See docs/budgets.md.
 *
 * Every limit that is hit is recorded (`budget.hits()`) so the report can say so: a skipped
 * connection or an unasked DNS question is never silently turned into "absent".
 */
import { setMaxListeners } from "node:events";
import type { MtaStsPolicyFetch } from "./checks/mta-sts/types";
import type { DnsAnswer, DnsClient, RRType } from "./net/dns-types";
import type { SmtpProbeOptions, SmtpProbeResult } from "./net/smtp";
import type { ScanDeps } from "./scan-domain";
import type { Endpoint } from "./types";

export type ScanLimits = {
  /** MX hosts probed: the ones with the lowest preference (ties by name). */
  maxMxHosts: number;
  /** Addresses probed per MX host and address family (the first ones of each answer). */
  maxAddressesPerFamily: number;
  /** TCP connections opened by the scan: one per SMTP probe, one per MTA-STS policy fetch. */
  maxConnections: number;
  /** Distinct DNS questions (name and type) the scan asks; repeating a question is free (cached). */
  maxDnsQueries: number;
};

export const DEFAULT_SCAN_LIMITS: Readonly<ScanLimits> = Object.freeze({
  maxMxHosts: 10,
  maxAddressesPerFamily: 2,
  maxConnections: 50,
  maxDnsQueries: 200,
});

export type BudgetResource = "connections" | "dnsQueries";

/** One limit that refused work: how much was allowed and how many requests it refused. */
export type BudgetHit = { resource: BudgetResource; limit: number; refused: number; examples: string[] };

/** Listeners beyond the budgeted work: the scan's own stages, resolver-trust queries, QUIT waits. */
const LISTENER_SLACK = 32;
/** Refused requests named in a hit; the rest are only counted. */
const MAX_EXAMPLES = 3;

export class ScanBudget {
  readonly limits: Readonly<ScanLimits>;
  private readonly controller = new AbortController();
  private readonly used: Record<BudgetResource, number> = { connections: 0, dnsQueries: 0 };
  private readonly refused = new Map<BudgetResource, { count: number; examples: string[] }>();
  private readonly askedQuestions = new Set<string>();
  private detach: (() => void) | null = null;

  constructor(limits: Partial<ScanLimits> = {}, parent?: AbortSignal) {
    this.limits = Object.freeze({ ...DEFAULT_SCAN_LIMITS, ...stripUndefined(limits) });
    for (const [key, value] of Object.entries(this.limits)) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`scan limit ${key} must be a non-negative integer, got ${String(value)}`);
    }
    // Everything a scan starts listens on this one signal, not on the caller's: the caller's signal
    // gets exactly one listener per scan, and this one is allowed as many as the budget lets the scan
    // start (one per connection, up to two per DNS question: the lookup and one waiter), so
    // Node's MaxListenersExceededWarning means a real leak and listeners grow with the budget,
    // never with what the domain publishes.
    setMaxListeners(this.limits.maxConnections + 2 * this.limits.maxDnsQueries + LISTENER_SLACK, this.controller.signal);
    if (parent?.aborted) this.controller.abort();
    else if (parent) {
      const onAbort = (): void => this.controller.abort();
      parent.addEventListener("abort", onAbort, { once: true });
      this.detach = () => parent.removeEventListener("abort", onAbort);
    }
  }

  /** The signal every part of the scan uses; aborted when the caller's signal aborts. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Takes one unit of `resource`; false (and the refusal recorded) when the budget is used up. */
  take(resource: BudgetResource, what: string): boolean {
    const limit = resource === "connections" ? this.limits.maxConnections : this.limits.maxDnsQueries;
    if (this.used[resource] < limit) {
      this.used[resource] += 1;
      return true;
    }
    const entry = this.refused.get(resource) ?? { count: 0, examples: [] };
    entry.count += 1;
    if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(what);
    this.refused.set(resource, entry);
    return false;
  }

  /** A DNS question: free when already asked in this scan (the client's cache answers it). */
  takeQuestion(name: string, type: RRType): boolean {
    const key = `${type} ${name.trim().toLowerCase().replace(/\.$/, "")}`;
    if (this.askedQuestions.has(key)) return true;
    if (!this.take("dnsQueries", `${name} ${type}`)) return false;
    this.askedQuestions.add(key);
    return true;
  }

  usage(): Record<BudgetResource, number> {
    return { ...this.used };
  }

  /** Every limit that refused something, in a stable order. */
  hits(): BudgetHit[] {
    return (["connections", "dnsQueries"] as const).flatMap((resource) => {
      const r = this.refused.get(resource);
      if (!r) return [];
      return [{ resource, limit: resource === "connections" ? this.limits.maxConnections : this.limits.maxDnsQueries, refused: r.count, examples: [...r.examples] }];
    });
  }

  /** One line per limit hit, for `checks.starttls.messages`. */
  messages(): string[] {
    return this.hits().map((h) => {
      const what = h.resource === "connections" ? `connection budget of ${h.limit} per scan` : `DNS budget of ${h.limit} distinct questions per scan`;
      const verb = h.resource === "connections" ? "connection(s) not opened" : "question(s) not asked";
      return `${what} used up: ${h.refused} ${verb} (${h.examples.join(", ")}${h.refused > h.examples.length ? ", …" : ""}); those results are unknown, not absent`;
    });
  }

  /** Releases the listener on the caller's signal; call when the scan ends. */
  close(): void {
    this.detach?.();
    this.detach = null;
  }
}

function stripUndefined(limits: Partial<ScanLimits>): Partial<ScanLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<ScanLimits>;
}

export function createScanBudget(limits?: Partial<ScanLimits>, parent?: AbortSignal): ScanBudget {
  return new ScanBudget(limits, parent);
}

/**
 * The DNS client every check of the scan uses: a new question beyond the budget is not asked and
 * comes back as an "error" outcome (unknown, never "absent"), naming the budget. The scan's signal
 * replaces a missing one, so an aborted scan stops its lookups.
 */
export function budgetedDns(dns: DnsClient, budget: ScanBudget): DnsClient {
  return {
    query(name: string, type: RRType, options?: { signal?: AbortSignal }): Promise<DnsAnswer> {
      if (!budget.takeQuestion(name, type)) {
        return Promise.resolve({
          name: name.trim().toLowerCase().replace(/\.$/, ""),
          type,
          outcome: "error",
          dnssec: "insecure",
          records: [],
          cnames: [],
          error: `not asked: the scan's DNS budget of ${budget.limits.maxDnsQueries} questions is used up`,
        });
      }
      return dns.query(name, type, { signal: options?.signal ?? budget.signal });
    },
    // Resolver trust is established once per process and resolver (spec "Resolver trust"): it is
    // not the scanned domain's doing, so it is not charged to the domain's budget.
    isValidating: (tld: string) => dns.isValidating(tld),
  };
}

export type BudgetedProbe = (options: SmtpProbeOptions & { signal?: AbortSignal }) => Promise<{ endpoint: Endpoint; probe: SmtpProbeResult }>;

/** The SMTP prober of the scan: a probe beyond the connection budget is skipped, never connected. */
export function budgetedProbe(probe: BudgetedProbe, budget: ScanBudget): BudgetedProbe {
  return async (options) => {
    if (!budget.take("connections", `${options.host} ${options.address}`)) {
      const detail = `not attempted: the scan's connection budget of ${budget.limits.maxConnections} is used up`;
      return {
        endpoint: { address: options.address, starttls: "skipped", detail, injectedBytes: 0 },
        probe: { state: "unreachable", detail, phase: "connect", ehloKeywords: [], usedHelo: false, starttlsOffered: false, injectedBytesDiscarded: 0, injections: [], peerChain: [] },
      };
    }
    return probe({ ...options, signal: options.signal ?? budget.signal });
  };
}

/**
 * The MTA-STS policy fetcher of the scan. One fetch counts as one connection: it tries the policy
 * host's addresses one after another, never in parallel, under its own absolute deadline. The
 * fetch starts before any SMTP probe, so the policy is never starved by the MX hosts.
 */
export function budgetedFetch<T extends { domain: string; signal?: AbortSignal }, R>(
  fetch: (input: T) => Promise<R>,
  budget: ScanBudget,
  refused: (reason: string) => R,
): (input: T) => Promise<R> {
  return async (input) => {
    if (!budget.take("connections", `mta-sts.${input.domain} (policy)`)) {
      return refused(`not fetched: the scan's connection budget of ${budget.limits.maxConnections} is used up`);
    }
    return fetch({ ...input, signal: input.signal ?? budget.signal });
  };
}

/** The scan's dependencies with the budget in front of every way out (DNS, SMTP, HTTPS). */
export function budgetedDeps(deps: ScanDeps, budget: ScanBudget): ScanDeps {
  return {
    ...deps,
    dns: budgetedDns(deps.dns, budget),
    probe: budgetedProbe(deps.probe, budget),
    fetchPolicy: budgetedFetch(deps.fetchPolicy, budget, (reason): MtaStsPolicyFetch => ({ kind: "unavailable", reason })),
  };
}
