import type { CheckStatus, Finding, MxHost, ScanReport, Severity } from "@/lib/scan/types";
import { SeverityBadge } from "./severity-badge";
import { StatusLabel } from "./status-label";

const AREAS: { key: keyof ScanReport["checks"]; title: string; anchor: string }[] = [
  { key: "starttls", title: "MX & STARTTLS", anchor: "starttls" },
  { key: "mtaSts", title: "MTA-STS", anchor: "mta-sts" },
  { key: "tlsRpt", title: "TLS-RPT", anchor: "tls-rpt" },
  { key: "dane", title: "DANE / DNSSEC", anchor: "dane" },
  { key: "dmarc", title: "DMARC", anchor: "dmarc" },
  { key: "spf", title: "SPF", anchor: "spf" },
];

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

function Mono({ children }: { children: string }) {
  return <code className="font-mono text-[13px] break-all text-slate-800">{children}</code>;
}

function AreaCard({ title, anchor, status, record }: { title: string; anchor: string; status: CheckStatus; record?: string }) {
  return (
    <section id={anchor} aria-labelledby={`${anchor}-h`} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-center justify-between gap-2">
        <h3 id={`${anchor}-h`} className="font-semibold">{title}</h3>
        <StatusLabel status={status} />
      </div>
      {record ? (
        <div className="mt-2 rounded bg-slate-50 p-2">
          <div className="text-xs text-slate-500">Published record</div>
          <Mono>{record}</Mono>
        </div>
      ) : null}
    </section>
  );
}

function MxTable({ mx }: { mx: MxHost[] }) {
  if (mx.length === 0) return <p className="text-sm text-slate-600">No mail servers found.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Mail servers and their addresses</caption>
        <thead className="bg-slate-50 text-xs uppercase text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">MX host</th>
            <th scope="col" className="px-3 py-2">Pref</th>
            <th scope="col" className="px-3 py-2">Address</th>
            <th scope="col" className="px-3 py-2">STARTTLS</th>
            <th scope="col" className="px-3 py-2">TLS</th>
            <th scope="col" className="px-3 py-2">Certificate</th>
          </tr>
        </thead>
        <tbody>
          {mx.flatMap((host) =>
            (host.endpoints.length > 0 ? host.endpoints : [null]).map((ep, i) => (
              <tr key={`${host.host}-${ep?.address ?? "none"}`} className="border-t border-slate-100 align-top">
                <td className="px-3 py-2">{i === 0 ? <Mono>{host.host + (host.implicit ? " (implicit)" : "")}</Mono> : null}</td>
                <td className="px-3 py-2">{i === 0 ? host.preference : null}</td>
                <td className="px-3 py-2">{ep ? <Mono>{ep.address}</Mono> : <span className="text-slate-500">no address</span>}</td>
                <td className="px-3 py-2">{ep ? ep.starttls : "—"}{ep?.detail ? <div className="text-xs text-slate-500">{ep.detail}</div> : null}</td>
                <td className="px-3 py-2">{ep?.tls ? `${ep.tls.version} · ${ep.tls.cipher}` : "—"}</td>
                <td className="px-3 py-2">
                  {ep?.certificate ? (
                    <div>
                      <Mono>{ep.certificate.subject}</Mono>
                      <div className="text-xs text-slate-500">issuer {ep.certificate.issuer} · expires {ep.certificate.notAfter.slice(0, 10)}</div>
                    </div>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function FindingList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="text-sm text-slate-600">No weaknesses found.</p>;
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return (
    <ul className="space-y-3">
      {sorted.map((f, i) => (
        <li key={`${f.id}-${f.host ?? ""}-${i}`} className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={f.severity} />
            <span className="font-medium">{f.title}</span>
            {f.host ? <Mono>{f.host}</Mono> : null}
            <code className="ml-auto font-mono text-xs text-slate-500">{f.id}</code>
          </div>
          <p className="mt-2 text-sm text-slate-700">{f.detail}</p>
          <p className="mt-1 text-sm"><span className="font-medium">Fix: </span>{f.fix}</p>
        </li>
      ))}
    </ul>
  );
}

/** The stored report, area by area, then mail servers, then findings by severity. */
export function ReportView({ report }: { report: ScanReport }) {
  return (
    <div className="space-y-8">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {AREAS.map((a) => {
          const check = report.checks[a.key];
          const record = "record" in check && typeof check.record === "string" ? check.record : undefined;
          return <AreaCard key={a.key} title={a.title} anchor={a.anchor} status={check.status} record={record} />;
        })}
      </div>
      <section aria-labelledby="mx-h" className="space-y-2">
        <h2 id="mx-h" className="text-lg font-semibold">Mail servers</h2>
        <MxTable mx={report.mx} />
      </section>
      <section aria-labelledby="findings-h" className="space-y-2">
        <h2 id="findings-h" className="text-lg font-semibold">Findings ({report.findings.length})</h2>
        <FindingList findings={report.findings} />
      </section>
    </div>
  );
}
