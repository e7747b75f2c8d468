import type { ReactNode } from "react";
import { CircleCheck, CircleHelp, CircleX, Minus, TriangleAlert } from "lucide-react";
import type { DraftTlsaEndpoint, DraftTlsaHost, TlsaRecordCheck } from "@/lib/scan/what-if";
import { SeverityBadge } from "@/components/report/severity-badge";
import { ShortHash } from "./short-hash";
import type { PolicyWhatIfView, TlsaWhatIfView, WhatIfIssueView, WhatIfResultView, WhatIfVerdictView } from "./types";

type Tone = "pass" | "warn" | "fail" | "unknown" | "na";

const TONE: Record<Tone, { Icon: typeof CircleCheck; color: string }> = {
  pass: { Icon: CircleCheck, color: "text-emerald-800" },
  warn: { Icon: TriangleAlert, color: "text-amber-800" },
  fail: { Icon: CircleX, color: "text-red-800" },
  unknown: { Icon: CircleHelp, color: "text-slate-600" },
  na: { Icon: Minus, color: "text-slate-500" },
};

/** An icon and a word: the state is always in the text (docs/ui.md §3). */
function Mark({ tone, children }: { tone: Tone; children: ReactNode }) {
  const t = TONE[tone];
  return (
    <span className={`inline-flex items-start gap-1 ${t.color}`}>
      <t.Icon aria-hidden className="mt-0.5 h-4 w-4 shrink-0" />
      <span className="min-w-0">{children}</span>
    </span>
  );
}

function Verdict({ verdict }: { verdict: WhatIfVerdictView }) {
  const border = { pass: "border-emerald-600 bg-emerald-50", warn: "border-amber-500 bg-amber-50", fail: "border-red-600 bg-red-50", unknown: "border-slate-400 bg-slate-50" }[verdict.tone];
  const word = { pass: "Would pass", warn: "Caution", fail: "Would fail", unknown: "Not fully checkable" }[verdict.tone];
  return (
    <div className={`rounded-md border-l-4 px-3 py-2 text-sm ${border}`}>
      <Mark tone={verdict.tone}>
        <span className="font-semibold">{word}.</span> <span className="text-slate-900">{verdict.sentence}</span>
      </Mark>
    </div>
  );
}

function Issues({ title, issues, tone }: { title: string; issues: WhatIfIssueView[]; tone: "fail" | "warn" }) {
  if (issues.length === 0) return null;
  return (
    <div role={tone === "fail" ? "alert" : undefined}>
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h4>
      <ul className="space-y-1 text-sm">
        {issues.map((i, n) => (
          <li key={n}>
            <Mark tone={tone}>
              {i.line !== undefined ? <span className="font-medium">Line {i.line}: </span> : null}
              <span className="text-slate-900 [overflow-wrap:anywhere]">{i.message}</span>
            </Mark>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Blockers({ blockers }: { blockers: string[] }) {
  if (blockers.length === 0) return null;
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">What stands in the way</h4>
      <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-800">
        {blockers.map((b) => (
          <li key={b} className="[overflow-wrap:anywhere]">{b}</li>
        ))}
      </ul>
    </div>
  );
}

const days = (s: number) => (s % 86_400 === 0 ? `${s / 86_400} day${s === 86_400 ? "" : "s"}` : `${(s / 86_400).toFixed(1)} days`);

function PolicyResult({ r, domain }: { r: PolicyWhatIfView; domain: string }) {
  const matched = (h: PolicyWhatIfView["hosts"][number]) =>
    h.matched ? (
      <Mark tone="pass">
        matches <code className="font-mono text-[0.8125rem]">{h.pattern}</code>
      </Mark>
    ) : (
      <Mark tone="fail">matches no mx line</Mark>
    );
  const tls = (h: PolicyWhatIfView["hosts"][number]) =>
    h.tlsOk === true ? <Mark tone="pass">TLS ok</Mark> : h.tlsOk === false ? <Mark tone="fail">fails: {h.reason ?? "TLS failure"}</Mark> : <Mark tone="unknown">not reached at the last scan</Mark>;
  const pass = (h: PolicyWhatIfView["hosts"][number]) =>
    h.wouldPass === true ? <Mark tone="pass">delivers</Mark> : h.wouldPass === false ? <Mark tone="fail">refused</Mark> : <Mark tone="unknown">unknown</Mark>;
  return (
    <div className="space-y-4">
      <Issues title="Errors — senders would ignore this policy" issues={r.errors} tone="fail" />
      {r.policy ? (
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Mode</dt>
          <dd className="font-mono">{r.policy.mode}</dd>
          <dt className="text-slate-500">max_age</dt>
          <dd>
            <span className="font-mono">{r.policy.maxAge}</span> <span className="text-slate-600">({days(r.policy.maxAge)})</span>
          </dd>
          <dt className="text-slate-500">mx</dt>
          <dd className="font-mono [overflow-wrap:anywhere]">{r.policy.mx.join(", ") || "—"}</dd>
        </dl>
      ) : null}
      {r.hosts.length > 0 ? (
        <>
          <div className="hidden overflow-x-auto sm:block">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Each MX host of the last scan under the draft policy</caption>
              <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-1.5 pr-3 font-semibold">MX host</th>
                  <th scope="col" className="py-1.5 pr-3 font-semibold">mx line</th>
                  <th scope="col" className="py-1.5 pr-3 font-semibold">TLS at last scan</th>
                  <th scope="col" className="py-1.5 font-semibold">Under enforce</th>
                </tr>
              </thead>
              <tbody>
                {r.hosts.map((h) => (
                  <tr key={h.host} className="border-b border-slate-100 align-top last:border-0">
                    <th scope="row" className="py-2 pr-3 font-mono text-[0.8125rem] font-normal [overflow-wrap:anywhere]">{h.host}</th>
                    <td className="py-2 pr-3">{matched(h)}</td>
                    <td className="py-2 pr-3">{tls(h)}</td>
                    <td className="py-2">{pass(h)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="space-y-2 sm:hidden" aria-label="Each MX host of the last scan under the draft policy">
            {r.hosts.map((h) => (
              <li key={h.host} className="rounded-md border border-slate-200 p-2 text-sm">
                <p className="font-mono text-[0.8125rem] [overflow-wrap:anywhere]">{h.host}</p>
                <p>{matched(h)}</p>
                <p>{tls(h)}</p>
                <p>Under enforce: {pass(h)}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.findings.length > 0 ? (
        <div>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Findings this policy would raise</h4>
          <ul className="space-y-2 text-sm">
            {r.findings.map((f, i) => (
              <li key={`${f.id}-${f.host ?? ""}-${i}`}>
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <SeverityBadge severity={f.severity} />
                  <span className="font-medium">{f.title}</span>
                  {f.host ? <code className="font-mono text-xs">{f.host}</code> : null}
                  <code className="font-mono text-xs text-slate-500">{f.id}</code>
                </div>
                <p className="mt-0.5 text-slate-700 [overflow-wrap:anywhere]">{f.detail}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : r.valid ? (
        <p className="text-sm text-slate-700">
          <Mark tone="pass">No MTA-STS finding would be raised for this policy.</Mark>
        </p>
      ) : null}
      <Blockers blockers={r.blockers} />
      <Issues title="Warnings" issues={r.warnings} tone="warn" />
      <p className="sr-only">Results for {domain}.</p>
    </div>
  );
}

const NOT_TESTED: Record<string, string> = {
  unreachable: "not tested (unreachable)",
  "rate-limited": "not tested (rate-limited)",
  blocked: "not tested (private address refused)",
  skipped: "not tested (skipped)",
};

const INFO_WORD: Record<TlsaRecordCheck["outcome"], string> = {
  match: "matches (ignored without DNSSEC)",
  "match-unverified": "CA key matches (ignored without DNSSEC)",
  "no-match": "no match (ignored without DNSSEC)",
  "ta-rejected": "CA rejected (ignored without DNSSEC)",
  "not-checkable": "not checkable from a stored report",
  unusable: "unusable record",
};

/** The words of one record × address cell, derived from the check outcome (docs/ui.md §6). */
function Cell({ check, endpoint, record, ignored }: { check?: TlsaRecordCheck; endpoint: DraftTlsaEndpoint; record: string; ignored: boolean }) {
  // On a host whose records senders ignore, a match or a miss changes no delivery: shown as information only.
  if (ignored) return <Mark tone="na">{check ? INFO_WORD[check.outcome] : (NOT_TESTED[endpoint.starttls] ?? (endpoint.starttls !== "ok" ? `no STARTTLS: ${endpoint.starttls}` : "not applied"))}</Mark>;
  if (!check) {
    if (NOT_TESTED[endpoint.starttls]) return <Mark tone="unknown">{NOT_TESTED[endpoint.starttls]}</Mark>;
    if (endpoint.starttls !== "ok") return <Mark tone="fail">no STARTTLS: {endpoint.starttls}</Mark>;
    return <Mark tone="na">not applied</Mark>;
  }
  const usage = record.trim().split(/\s+/)[0];
  switch (check.outcome) {
    case "match":
      return <Mark tone="pass">matches {usage === "2" ? "issuer (CA key)" : "leaf key"}</Mark>;
    case "match-unverified":
      return <Mark tone="unknown">CA key matches; chain not re-checked from a stored report</Mark>;
    case "no-match":
      return <Mark tone="fail">no match</Mark>;
    case "ta-rejected":
      return <Mark tone="fail">CA rejected: {check.detail}</Mark>;
    case "not-checkable":
      return <Mark tone="unknown">not checkable from a stored report</Mark>;
    case "unusable":
      return <Mark tone="na">ignored: {check.detail}</Mark>;
  }
}

const HOST_VERDICT: Record<DraftTlsaHost["verdict"], { tone: Tone; word: string }> = {
  pass: { tone: "pass", word: "would match" },
  fail: { tone: "fail", word: "would fail: DANE senders would not deliver" },
  unknown: { tone: "unknown", word: "cannot be confirmed from the last scan" },
  "no-records": { tone: "na", word: "no usable record applies" },
  // The one verdict of an unsigned host (RFC 7672 §2.2.3): no "would fail" beside it.
  ignored: { tone: "na", word: "ignored: senders ignore TLSA records without DNSSEC" },
};

const ENDPOINT_VERDICT: Record<DraftTlsaEndpoint["verdict"], { tone: Tone; word: string }> = {
  pass: { tone: "pass", word: "matched" },
  fail: { tone: "fail", word: "no match" },
  unknown: { tone: "unknown", word: "unconfirmed" },
  inconclusive: { tone: "unknown", word: "not reached" },
};

function EndpointMark({ endpoint, ignored }: { endpoint: DraftTlsaEndpoint; ignored: boolean }) {
  const v = ENDPOINT_VERDICT[endpoint.verdict];
  return <Mark tone={ignored ? "na" : v.tone}>{v.word}</Mark>;
}

function TlsaHost({ host }: { host: DraftTlsaHost }) {
  const v = HOST_VERDICT[host.verdict];
  const ignored = host.verdict === "ignored";
  const check = (e: DraftTlsaEndpoint, rec: string) => e.checks.find((c) => c.record === rec);
  return (
    <section aria-label={`TLSA for ${host.host}`} className="rounded-md border border-slate-200">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 bg-slate-50 px-3 py-2 text-sm">
        <code className="font-mono text-[0.8125rem] font-semibold [overflow-wrap:anywhere]">_25._tcp.{host.host}</code>
        <span className="text-slate-600">DNSSEC {host.dnssec}</span>
        <Mark tone={v.tone}>{v.word}</Mark>
        {host.rolloverRisk ? <Mark tone="warn">no record for a next key (rollover risk)</Mark> : null}
      </header>
      {host.records.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-600">No record of the draft names this host.</p>
      ) : host.endpoints.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-600">The last scan found no address for this host.</p>
      ) : (
        <>
          <div className="hidden overflow-x-auto sm:block">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Which draft records match each address of {host.host}</caption>
              <thead className="border-b border-slate-200 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="px-3 py-1.5 font-semibold uppercase tracking-wide">Record</th>
                  {host.endpoints.map((e) => (
                    <th key={e.address} scope="col" className="px-3 py-1.5 font-normal">
                      <code className="block font-mono text-[0.8125rem] font-semibold text-slate-800">{e.address}</code>
                      <EndpointMark endpoint={e} ignored={ignored} />
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {host.records.map((rec) => (
                  <tr key={rec} className="border-b border-slate-100 align-top last:border-0">
                    <th scope="row" className="whitespace-nowrap px-3 py-2 font-normal">
                      <ShortHash text={rec} className="text-[0.8125rem]" />
                    </th>
                    {host.endpoints.map((e) => (
                      <td key={e.address} className="px-3 py-2">
                        <Cell check={check(e, rec)} endpoint={e} record={rec} ignored={ignored} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="divide-y divide-slate-100 sm:hidden" aria-label={`Addresses of ${host.host}`}>
            {host.endpoints.map((e) => (
              <li key={e.address} className="px-3 py-2 text-sm">
                <p className="flex flex-wrap items-center gap-x-2">
                  <code className="font-mono text-[0.8125rem] font-semibold">{e.address}</code>
                  <EndpointMark endpoint={e} ignored={ignored} />
                </p>
                <ul className="mt-1 space-y-1">
                  {host.records.map((rec) => (
                    <li key={rec}>
                      <ShortHash text={rec} className="text-xs text-slate-700" />
                      <div>
                        <Cell check={check(e, rec)} endpoint={e} record={rec} ignored={ignored} />
                      </div>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {host.notes.length > 0 ? (
        <ul className="border-t border-slate-100 px-3 py-2 text-sm text-amber-900">
          {host.notes.map((n) => (
            <li key={n}>
              <Mark tone="warn">{n}</Mark>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function TlsaResult({ r }: { r: TlsaWhatIfView }) {
  return (
    <div className="space-y-4">
      <Issues title="Lines that could not be read" issues={r.errors} tone="fail" />
      {r.records.length > 0 ? (
        <div>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Records read</h4>
          <ul className="space-y-1 text-sm">
            {r.records.map((rec) => (
              <li key={`${rec.line}-${rec.text}`} className="grid grid-cols-[3.5rem_minmax(0,1fr)] gap-x-2">
                <span className="text-slate-500">Line {rec.line}</span>
                <span className="flex flex-wrap items-center gap-x-2">
                  <ShortHash text={rec.text} className="whitespace-nowrap text-[0.8125rem]" />
                  <span className="text-slate-600 [overflow-wrap:anywhere]">{rec.host ? `for ${rec.host}` : "for every MX host"}</span>
                  {rec.usable ? <Mark tone="pass">usable</Mark> : <Mark tone="na">ignored by senders: {rec.unusableReason}</Mark>}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {r.hosts.map((h) => (
        <TlsaHost key={h.host} host={h} />
      ))}
      <Blockers blockers={r.blockers} />
      <Issues title="Warnings" issues={r.warnings} tone="warn" />
    </div>
  );
}

/** The what-if result against the last scan: verdict, per-host table, findings; nothing is published. */
export function WhatIfResult({ result }: { result: WhatIfResultView }) {
  return (
    <div className="space-y-4">
      <Verdict verdict={result.verdict} />
      {result.kind === "mta-sts" ? <PolicyResult r={result} domain={result.domain} /> : <TlsaResult r={result} />}
      <p className="border-t border-slate-100 pt-3 text-xs text-slate-600">Nothing was published, fetched or stored: the draft was only compared with the last scan.</p>
    </div>
  );
}
