import Link from "next/link";
import { GradeBadge } from "@/components/report/grade-badge";
import { RelativeTime } from "@/components/time";

export type DomainTableRow = {
  name: string;
  grade: string | null;
  score: number | null;
  exposure: string | null;
  lastScanAt: Date | null;
  criticalCount: number;
  highCount: number;
  activeScan: { status: "queued" | "running" } | null;
};

const EXPOSURE_WORD: Record<string, string> = {
  protected: "Protected",
  partial: "Partially protected",
  exposed: "Exposed",
  inconclusive: "Inconclusive",
  "no-inbound-mail": "No inbound mail",
};

export function DomainTable({ rows, now }: { rows: DomainTableRow[]; now: Date }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Domains in this workspace</caption>
        <thead className="bg-slate-50 text-xs uppercase text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Domain</th>
            <th scope="col" className="px-3 py-2">Grade</th>
            <th scope="col" className="px-3 py-2">STARTTLS stripping</th>
            <th scope="col" className="px-3 py-2">Critical / high</th>
            <th scope="col" className="px-3 py-2">Last scan</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} className="border-t border-slate-100" data-domain={r.name}>
              <td className="px-3 py-2">
                <Link href={`/domains/${encodeURIComponent(r.name)}`} className="font-mono text-blue-700 hover:underline">{r.name}</Link>
              </td>
              <td className="px-3 py-2">
                <span className="inline-flex items-center gap-2">
                  <GradeBadge grade={r.grade} score={r.score} />
                  {r.score != null ? <span className="text-slate-600">{r.score}</span> : null}
                </span>
              </td>
              <td className="px-3 py-2">{r.exposure ? (EXPOSURE_WORD[r.exposure] ?? r.exposure) : "—"}</td>
              <td className="px-3 py-2">{r.lastScanAt ? `${r.criticalCount} / ${r.highCount}` : "—"}</td>
              <td className="px-3 py-2">
                {r.activeScan ? (
                  <span className="text-slate-700">{r.activeScan.status === "queued" ? "Queued…" : "Scanning…"}</span>
                ) : r.lastScanAt ? (
                  <RelativeTime date={r.lastScanAt} now={now} />
                ) : (
                  <span className="text-slate-500">Not scanned yet</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
