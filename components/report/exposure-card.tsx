import { CircleCheck, CircleX } from "lucide-react";
import type { FindingGroup } from "@/lib/report/areas";
import { type ExposureRow, type ExposureSummary, type PathState } from "@/lib/report/exposure";
import { ExposureBadge } from "./exposure-badge";
import { HostName, TD, TH } from "./parts";
import { SeverityBadge } from "./severity-badge";
import { UntrustedText } from "@/components/ui/untrusted-text";

const ROW_BADGE = { protected: "protected", partial: "partial", exposed: "exposed", unknown: "inconclusive" } as const;

function Path({ label, state, extra }: { label: string; state: PathState; extra?: string }) {
  return (
    <div className="flex items-start gap-1.5">
      {state.ok ? (
        <CircleCheck aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-emerald-700 print:text-black" />
      ) : (
        <CircleX aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-red-700 print:text-black" />
      )}
      <span className="min-w-0">
        <span className="sr-only">{label}: </span>
        <span className={state.ok ? "font-medium text-emerald-900" : "font-medium text-red-900"}>{state.ok ? "Protects" : "Does not protect"}</span>
        {extra ? <span className="text-slate-600"> · {extra}</span> : null}
        <span className="block text-xs text-slate-600">
          <UntrustedText value={state.why} />
        </span>
      </span>
    </div>
  );
}

function daneExtra(row: ExposureRow): string | undefined {
  if (row.dane.reached === undefined) return undefined;
  return `${row.dane.matched} of ${row.dane.reached} ${row.dane.reached === 1 ? "address" : "addresses"} match`;
}

/**
 * The flagship (docs/ui.md §5.2): can an on-path attacker strip STARTTLS from mail to this domain?
 * One row per MX with its two protection paths and why; the weakest MX decides the domain's verdict.
 */
export function ExposureCard({ summary, domain, findings }: { summary: ExposureSummary; domain: string; findings: FindingGroup[] }) {
  const { verdict, rows } = summary;
  return (
    <section id="exposure" aria-labelledby="exposure-h" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 print:break-inside-avoid">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="exposure-h" className="text-lg font-semibold">
          STARTTLS-stripping exposure
        </h2>
        <ExposureBadge verdict={verdict} />
      </div>
      {verdict === "no-inbound-mail" ? (
        <p className="mt-2 text-sm text-slate-700">
          <HostName name={domain} /> publishes a null MX and accepts no mail, so there is no inbound mail to protect. DMARC and SPF still matter: they stop others sending mail in its name.
        </p>
      ) : rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">The mail servers could not be determined, so the exposure is unknown. Rescan when DNS answers again.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">
            Each MX needs its own protection — an enforced MTA-STS policy or valid DANE — because senders fall back to backup MX hosts: the weakest row decides.
            {summary.protectedCount > 0 ? ` ${summary.protectedCount} of ${rows.length} protected for all senders.` : ""}
          </p>
          <div className="mt-3 hidden overflow-x-auto rounded-md border border-slate-200 md:block print:block">
            <table className="w-full text-sm">
              <caption className="sr-only">Protection of each MX host against STARTTLS stripping</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={TH}>MX</th>
                  <th scope="col" className={TH}>Pref</th>
                  <th scope="col" className={TH}>MTA-STS path</th>
                  <th scope="col" className={TH}>DANE path</th>
                  <th scope="col" className={TH}>Verdict</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} className="border-t border-slate-100 print:break-inside-avoid">
                    <td className={`${TD} font-medium`}>
                      <HostName name={r.host} keepWords />
                    </td>
                    <td className={TD}>{r.preference}</td>
                    <td className={`${TD} min-w-[12rem]`}>
                      <Path label="MTA-STS path" state={r.mtaSts} />
                    </td>
                    <td className={`${TD} min-w-[12rem]`}>
                      <Path label="DANE path" state={r.dane} extra={daneExtra(r)} />
                    </td>
                    <td className={TD}>
                      <ExposureBadge verdict={ROW_BADGE[r.verdict]} size="sm" />
                      <span className="mt-1 block text-xs text-slate-600">
                        Protected for: <UntrustedText value={r.protectedFor} />
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="mt-3 space-y-2 md:hidden print:hidden" aria-label="Protection of each MX host">
            {rows.map((r, i) => (
              <li key={i} className="rounded-md border border-slate-200 p-3 text-sm">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="min-w-0 font-medium">
                    <HostName name={r.host} /> <span className="font-normal text-slate-500">· pref {r.preference}</span>
                  </span>
                  <ExposureBadge verdict={ROW_BADGE[r.verdict]} size="sm" />
                </div>
                <div className="mt-2 space-y-2">
                  <div>
                    <div className="text-xs font-medium uppercase tracking-wide text-slate-500">MTA-STS</div>
                    <Path label="MTA-STS path" state={r.mtaSts} />
                  </div>
                  <div>
                    <div className="text-xs font-medium uppercase tracking-wide text-slate-500">DANE</div>
                    <Path label="DANE path" state={r.dane} extra={daneExtra(r)} />
                  </div>
                  <p className="text-xs text-slate-600">
                    Protected for: <UntrustedText value={r.protectedFor} />
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {findings.length > 0 ? (
        <ul className="mt-3 space-y-1">
          {findings.map((g) => (
            <li key={g.id} className="text-sm">
              <span className="mr-2 inline-block align-middle">
                <SeverityBadge severity={g.severity} />
              </span>
              <a href={`#${g.anchor}`} className="text-blue-700 hover:underline">
                {g.title}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
