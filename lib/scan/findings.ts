/**
 * Finding catalogue API: stable ids, their default severity, title, fix and metadata, and the
 * constructor that turns an id plus observed detail into the report's `findings[]` shape.
 * Pure and safe in the browser. The data lives in ./findings-catalogue.ts (append-only).
 */
import type { Finding, Severity } from "./types";
import { FINDING_DEFINITIONS, type FindingDefinition } from "./findings-catalogue";

export type { FindingArea, FindingDefinition, FindingEffort, FindingOwner } from "./findings-catalogue";

/** Every finding id of the report contract, as a string-literal union. */
export type FindingId = keyof typeof FINDING_DEFINITIONS;

function freezeCatalogue(source: Record<FindingId, FindingDefinition>): Readonly<Record<FindingId, FindingDefinition>> {
  for (const entry of Object.values(source)) Object.freeze(entry);
  return Object.freeze(source);
}

/** The catalogue keyed by id (frozen). Entry order is the spec table's order. */
export const FINDING_CATALOGUE: Readonly<Record<FindingId, FindingDefinition>> = freezeCatalogue(FINDING_DEFINITIONS);

/** All ids in catalogue (spec table) order. */
export const FINDING_IDS: readonly FindingId[] = Object.freeze(Object.keys(FINDING_CATALOGUE) as FindingId[]);

export function isFindingId(s: unknown): s is FindingId {
  return typeof s === "string" && Object.hasOwn(FINDING_CATALOGUE, s);
}

export type MakeFindingOptions = {
  /** What was observed, in one or two sentences (may quote untrusted DNS/SMTP/HTTP text). */
  detail: string;
  /** The MX (or policy) host the finding concerns; omitted for domain-wide findings. */
  host?: string;
  /**
   * Severity decided by context. Meant for ids with `contextSeverity: true` (certificate
   * problems under an MTA-STS `enforce` policy or DANE-EE, `mta-sts-mx-*` in enforce mode);
   * fixed severities in the spec table are exact, so other ids should not pass it.
   */
  severity?: Severity;
};

/** Builds a report finding `{ id, severity, title, detail, fix, host? }` from the catalogue. */
export function makeFinding(id: FindingId, opts: MakeFindingOptions): Finding {
  const def = FINDING_CATALOGUE[id];
  const finding: Finding = {
    id,
    severity: opts.severity ?? def.severity,
    title: def.title,
    detail: opts.detail,
    fix: def.fix,
  };
  if (opts.host !== undefined) finding.host = opts.host;
  return finding;
}
