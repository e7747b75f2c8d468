/**
 * Dates that make a finding urgent whatever its severity. The catalogue fixes severities by what
 * breaks (a certificate that expires soon is `low` where nothing refuses an expired certificate,
 * `critical` under an enforced MTA-STS policy), but "renew within 4 days" is a deadline either
 * way: the report puts it at the top of "Fix first" with its date. Pure.
 */
import type { ScanReport } from "@/lib/scan/types";
import type { FindingGroup } from "./areas";
import { daysUntil, formatUtcDate } from "./format";

/** A certificate expiring within this many days is due now. */
export const DUE_SOON_DAYS = 7;

export type Deadline = { days: number; date: string };

/** The nearest expiry among the certificates of the hosts a `cert-expiring-soon` group names. */
export function deadlineOf(group: Pick<FindingGroup, "id" | "items">, report: Pick<ScanReport, "mx">, now: Date): Deadline | undefined {
  if (group.id !== "cert-expiring-soon") return undefined;
  const hosts = new Set(group.items.map((i) => i.host).filter((h): h is string => typeof h === "string"));
  let nearest: string | undefined;
  for (const mx of report.mx) {
    if (!hosts.has(mx.host)) continue;
    for (const ep of mx.endpoints) {
      const at = ep.certificate?.notAfter;
      if (at && !Number.isNaN(Date.parse(at)) && (!nearest || Date.parse(at) < Date.parse(nearest))) nearest = at;
    }
  }
  if (!nearest) return undefined;
  const days = daysUntil(nearest, now);
  return days >= 0 && days <= DUE_SOON_DAYS ? { days, date: formatUtcDate(nearest) } : undefined;
}

/**
 * "Fix first" order: what refuses mail now (critical) first, then anything due within
 * DUE_SOON_DAYS, then the rest worst first. Info findings are never in it.
 */
export function fixFirstOrder(groups: readonly FindingGroup[], report: Pick<ScanReport, "mx">, now: Date): { group: FindingGroup; due?: Deadline }[] {
  const items = groups.filter((g) => g.severity !== "info").map((group) => ({ group, due: deadlineOf(group, report, now) }));
  const rank = (x: (typeof items)[number]) => (x.group.severity === "critical" ? 0 : x.due ? 1 : 2);
  // Array.prototype.sort is stable: within a rank the groups keep their severity order.
  return items.sort((a, b) => rank(a) - rank(b)).map((x) => (x.due ? x : { group: x.group }));
}

/** "expires in 4 days (12 Dec 2026): renew now". */
export function dueText(due: Deadline): string {
  const when = due.days === 0 ? "today" : due.days === 1 ? "in 1 day" : `in ${due.days} days`;
  return `expires ${when} (${due.date}): renew now`;
}
