/**
 * Who gets scanned when: per domain a start (most domains exist from the first week, some are
 * added later), an end (a few stopped being scanned: stale), a cadence (daily, twice a week,
 * weekly, monthly), and a posture timeline of improvements and regressions. Scan counts are
 * shared out so the total is exactly --scans. Pure and deterministic for a seed.
 */
import { weekStartOf } from "@/lib/services/scans/weekly-rollup";
import { improve, initialPosture, regress, type Posture } from "./posture";
import { createRandom, subSeed, type Random } from "./random";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

const PREFIX = ["north", "blue", "acme", "river", "summit", "cedar", "harbor", "silver", "bright", "oak", "granite", "maple", "pioneer", "atlas", "crescent", "delta", "ember", "falcon", "golden", "horizon", "iron", "juniper", "keystone", "lumen", "meridian", "nova", "orchid", "prairie", "quartz", "redwood", "sterling", "tidal", "union", "valley", "willow", "zenith", "alpine", "beacon", "coastal", "evergreen"];
const SUFFIX = ["logistics", "health", "labs", "bank", "media", "shop", "legal", "energy", "foods", "travel", "systems", "partners", "clinic", "school", "studio", "capital", "motors", "realty", "insurance", "consulting", "analytics", "outfitters", "pharma", "robotics", "freight", "hotels", "dental", "builders", "farms", "security"];

/** `count` distinct names under .example (RFC 2606: never a real domain), none in `taken`. */
export function domainNames(count: number, seed: number, taken: ReadonlySet<string> = new Set()): string[] {
  const r = createRandom(subSeed(seed, 0x6e616d65));
  const out: string[] = [];
  const used = new Set(taken);
  while (out.length < count) {
    const base = `${r.pick(PREFIX)}${r.chance(0.5) ? "-" : ""}${r.pick(SUFFIX)}`;
    let name = r.chance(0.35) ? `${base}.example` : `${base}-${r.int(2, 9_999)}.example`;
    for (let n = 2; used.has(name); n++) name = `${base}-x${n}.example`;
    used.add(name);
    out.push(name);
  }
  return out;
}

export type PlannedScan = {
  requestedAt: number;
  startedAt: number;
  /** null for a failed scan. */
  durationMs: number | null;
  finishedAt: number;
  failed: string | null;
  posture: Posture;
};

type Shape = { createdAt: number; start: number; end: number; weight: number };

const CADENCE = { daily: 7, "twice-weekly": 2, weekly: 1, monthly: 0.25 } as const;
const FAILURES = [
  "scan timed out after 120 s",
  "worker stopped heartbeating; gave up after 3 attempts",
  "DNS resolver did not answer (timeout)",
];

function shapeOf(r: Random, windowStart: number, now: number): Shape {
  const span = now - windowStart;
  const start = r.chance(0.3) ? windowStart + r.next() * span * 0.85 : windowStart + r.next() * 2 * DAY_MS;
  // A few domains are no longer scanned (their latest scan goes stale).
  const end = r.chance(0.06) ? Math.max(start + DAY_MS, start + (now - start) * (0.3 + 0.6 * r.next()) - 14 * DAY_MS) : now - r.next() * 6 * 3_600_000;
  const cadence = CADENCE[r.weighted({ daily: 15, "twice-weekly": 25, weekly: 45, monthly: 15 })];
  // The domain was added shortly before its first scan.
  const createdAt = Math.round(start - r.int(5, 600) * 60_000);
  return { createdAt, start, end: Math.max(end, start + 3_600_000), weight: cadence * Math.max(end - start, DAY_MS) };
}

/** Scan counts per domain summing to `total` (largest remainder), at least one each. */
function shareOut(weights: number[], total: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const spare = Math.max(0, total - weights.length);
  const raw = weights.map((w) => (w / sum) * spare);
  const counts = raw.map((x) => 1 + Math.floor(x));
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]! += 1;
  return counts;
}

export type Planner = {
  /** When domain `i` (0-based) was added. */
  createdAt(i: number): number;
  /** Scans planned for domain `i`, oldest first (computed on demand: a million scans do not sit in memory). */
  plan(i: number): PlannedScan[];
  counts: number[];
};

export function createPlanner(options: { domains: number; scans: number; weeks: number; seed: number; now: Date }): Planner {
  if (options.scans < options.domains) throw new Error("--scans must be at least --domains (every domain gets a finished scan)");
  const now = options.now.getTime();
  const windowStart = now - options.weeks * WEEK_MS;
  const shapes = Array.from({ length: options.domains }, (_, i) => shapeOf(createRandom(subSeed(options.seed, i)), windowStart, now));
  const counts = shareOut(
    shapes.map((s) => s.weight),
    options.scans,
  );

  function plan(i: number): PlannedScan[] {
    const r = createRandom(subSeed(options.seed, i + 1_000_003));
    const { start, end } = shapes[i]!;
    const count = counts[i]!;
    // Posture changes: mostly improvements; a regression is usually fixed a few weeks later.
    const events: { at: number; kind: "up" | "down" }[] = [];
    const changes = r.weighted({ 0: 30, 1: 35, 2: 20, 3: 10, 4: 5 });
    for (let k = 0; k < Number(changes); k++) {
      const at = start + r.next() * (end - start);
      if (r.chance(0.85)) events.push({ at, kind: "up" });
      else {
        events.push({ at, kind: "down" });
        if (r.chance(0.7)) events.push({ at: at + (1 + r.next() * 5) * WEEK_MS, kind: "up" });
      }
    }
    events.sort((a, b) => a.at - b.at);
    let posture = initialPosture(r);
    let e = 0;
    const spacing = (end - start) / count;
    const scans: PlannedScan[] = [];
    for (let k = 0; k < count; k++) {
      const requestedAt = Math.round(start + (k + 0.2 + 0.6 * r.next()) * spacing);
      while (e < events.length && events[e]!.at <= requestedAt) {
        posture = events[e]!.kind === "up" ? improve(posture, r) : regress(posture, r);
        e++;
      }
      const startedAt = requestedAt + r.int(40, 4_000);
      const last = k === count - 1;
      const failed = !last && r.chance(0.004) ? r.pick(FAILURES) : null;
      const unreachable = posture.mx === "provider" && r.chance(0.02);
      const durationMs = failed ? null : unreachable ? r.int(10_050, 12_500) : Math.round(600 + 2_500 * r.next() ** 2 + (r.chance(0.05) ? r.int(2_000, 9_000) : 0));
      const finishedAt = failed ? startedAt + r.int(60_000, 130_000) : startedAt + durationMs!;
      scans.push({ requestedAt, startedAt, durationMs, finishedAt, failed, posture: unreachable ? { ...posture, unreachable: true } : posture });
    }
    return scans;
  }

  return { createdAt: (i) => shapes[i]!.createdAt, plan, counts };
}

/** The ISO week (Monday, UTC) of a time, as YYYY-MM-DD: the DomainWeek key of lib/services/scans/weekly-rollup.ts. */
export function weekKey(ms: number): string {
  return weekStartOf(new Date(ms)).toISOString().slice(0, 10);
}
