import type { MxHost } from "@/lib/scan/types";
import type { MtaStsEvidence, RecordsView } from "@/lib/report/evidence";
import { formatSeconds } from "@/lib/report/format";
import { CopyButton } from "@/components/ui/copy-button";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { EvidenceHeading, HostName, TABLE_WRAP, TD, TH, YesNo } from "../parts";
import { PublishedRecords } from "./records";

/** Policy bodies over this many bytes are cut on screen (docs/ui.md §7.5). */
const BODY_MAX_BYTES = 64 * 1024;

/** The served mta-sts.txt with line numbers; every line through UntrustedText. */
/** Parser errors or warnings of the policy body, each with its line number when it has one. */
function PolicyIssues({ title, tone, issues }: { title: string; tone: string; issues?: { message: string; line?: number }[] }) {
  if (!issues || issues.length === 0) return null;
  return (
    <div className="space-y-1">
      <EvidenceHeading>{title}</EvidenceHeading>
      <ul className={`list-disc pl-5 text-sm ${tone}`}>
        {issues.map((p, i) => (
          <li key={i}>
            {p.line ? `line ${p.line}: ` : ""}
            <UntrustedText value={p.message} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PolicyBody({ text, domain }: { text: string; domain: string }) {
  const lines = text.slice(0, BODY_MAX_BYTES).replace(/\r?\n$/, "").split(/\r?\n/);
  return (
    <figure className="rounded-md border border-slate-200 bg-slate-50 print:bg-white">
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600">
        <span>mta-sts.txt as served ({lines.length} {lines.length === 1 ? "line" : "lines"})</span>
        <CopyButton text={text} label={`Copy the policy served for ${domain}`} />
      </figcaption>
      <pre className="max-h-96 overflow-auto p-3 font-mono text-[0.8125rem] leading-5 whitespace-pre-wrap text-slate-800 [overflow-wrap:anywhere] print:max-h-none">
        {lines.map((line, i) => (
          <span key={i} className="flex">
            <span aria-hidden className="mr-3 inline-block w-6 shrink-0 select-none text-right text-slate-400">{i + 1}</span>
            <span className="min-w-0">
              <UntrustedText value={line} maxBytes={0} />
            </span>
          </span>
        ))}
        {text.length > BODY_MAX_BYTES ? <span className="block text-slate-500">… cut at 64 KiB</span> : null}
      </pre>
    </figure>
  );
}

/** Which MX hosts a policy `mx` pattern covers (RFC 8461 §4.1: `*.` matches exactly one label). */
function covers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, "");
  const h = host.toLowerCase().replace(/\.$/, "");
  if (p.startsWith("*.")) {
    const rest = p.slice(2);
    const dot = h.indexOf(".");
    return dot > 0 && h.slice(dot + 1) === rest;
  }
  return p === h;
}

export function MtaStsEvidenceView({ e, domain, mx, records }: { e: MtaStsEvidence; domain: string; mx: MxHost[]; records: RecordsView }) {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <EvidenceHeading>Record</EvidenceHeading>
        <PublishedRecords view={records} what="_mta-sts record" several="senders use none of them (RFC 8461 §3.1)" />
        {e.recordError ? <p className="text-sm text-red-800">Record problem: <UntrustedText value={e.recordError} /></p> : null}
      </div>

      <div className="space-y-2">
        <EvidenceHeading>Policy fetch</EvidenceHeading>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">URL</dt>
          <dd><UntrustedText value={url} mono /></dd>
          <dt className="text-slate-500">Result</dt>
          <dd>
            {e.fetch ? (
              <>
                {e.fetch.kind}
                {e.fetch.status !== undefined ? ` · HTTP ${e.fetch.status}` : ""}
                {e.fetch.contentType !== undefined ? (
                  <>
                    {" · "}
                    <UntrustedText value={e.fetch.contentType ?? "no Content-Type"} mono />
                  </>
                ) : null}
                {e.fetch.detail ? (
                  <span className="block text-slate-600">
                    <UntrustedText value={e.fetch.detail} />
                  </span>
                ) : null}
              </>
            ) : (
              "not attempted"
            )}
          </dd>
          {e.policy ? (
            <>
              <dt className="text-slate-500">Parsed</dt>
              <dd>
                version <UntrustedText value={e.policy.version} mono /> · mode <UntrustedText value={e.policy.mode} mono /> · max_age {formatSeconds(e.policy.maxAge)}
              </dd>
            </>
          ) : null}
        </dl>
      </div>

      {e.policyText !== undefined ? <PolicyBody text={e.policyText} domain={domain} /> : null}

      <PolicyIssues title="Policy errors" tone="text-red-800" issues={e.policyErrors} />
      <PolicyIssues title="Policy warnings" tone="text-amber-900" issues={e.policyWarnings} />

      {e.policy && e.policy.mx.length > 0 ? (
        <div className="space-y-2">
          <EvidenceHeading>mx patterns → MX hosts they cover</EvidenceHeading>
          <ul className="space-y-1 text-sm">
            {e.policy.mx.map((p, i) => {
              const hosts = mx.filter((h) => covers(p, h.host));
              return (
                <li key={i}>
                  <UntrustedText value={p} mono /> →{" "}
                  {hosts.length > 0 ? (
                    hosts.map((h, j) => (
                      <span key={j}>
                        {j > 0 ? ", " : ""}
                        <HostName name={h.host} />
                      </span>
                    ))
                  ) : (
                    <span className="text-slate-500">covers no MX host</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}

      {/* Coverage means something only against a parsed policy; without one, every row would read "no pattern". */}
      {e.policy && e.coverage && e.coverage.length > 0 ? (
        <div className={TABLE_WRAP}>
          <table className="w-full text-sm max-md:[&_thead]:hidden max-md:[&_tr]:grid max-md:[&_tr]:grid-cols-2 max-md:[&_tr]:gap-x-2 max-md:[&_th[scope=row]]:col-span-2">
            <caption className="sr-only">Each MX host against the policy</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={TH}>MX host</th>
                <th scope="col" className={TH}>Listed in policy</th>
                <th scope="col" className={TH}>TLS meets policy</th>
                <th scope="col" className={TH}>Protected</th>
              </tr>
            </thead>
            <tbody>
              {e.coverage.map((c, i) => (
                <tr key={i} className="border-t border-slate-100">
                  <th scope="row" className={`${TD} text-left font-normal`}><HostName name={c.host} keepWords /></th>
                  <td className={TD}>
                    {c.matched ? (
                      <span className="text-emerald-800">✓ listed as <UntrustedText value={c.pattern ?? "a pattern"} mono /></span>
                    ) : (
                      <span className="font-medium text-red-800">✕ no pattern matches</span>
                    )}
                  </td>
                  <td className={TD}><span className="md:hidden text-slate-500">TLS: </span>{c.tlsOk === "unknown" ? <span className="text-slate-600">? not reached</span> : <YesNo value={c.tlsOk} yes="valid" no="fails" />}</td>
                  <td className={TD}><span className="md:hidden text-slate-500">Protected: </span><YesNo value={c.isProtected} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
