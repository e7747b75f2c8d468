import type { DmarcReportAuthorization } from "@/lib/scan/checks/dmarc/types";
import { DMARC_TAG_MEANING, flattenSpfTree, type DmarcEvidence, type RecordsView, type SpfEvidence, type TlsRptEvidence } from "@/lib/report/evidence";
import { SafeUri } from "@/components/ui/safe-uri";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { EvidenceHeading, HostName, PublishedRecord, TABLE_WRAP, TD, TH } from "../parts";
import { PublishedRecords } from "./records";

export function TlsRptEvidenceView({ e, records }: { e: TlsRptEvidence; records: RecordsView }) {
  return (
    <div className="space-y-4">
      <PublishedRecords view={records} what="TLS-RPT record" several="senders use none of them (RFC 8460 §3)" />
      {e.error && records.kind === "published" ? <p className="text-sm text-red-800">Record problem: <UntrustedText value={e.error} /></p> : null}
      {e.rua && e.rua.length > 0 ? (
        <div className="space-y-1">
          <EvidenceHeading>Report destinations (rua)</EvidenceHeading>
          <ul className="space-y-1 text-sm">
            {e.rua.map((u, i) => (
              <li key={i}>
                <SafeUri uri={u.uri} /> <span className="text-xs text-slate-500">· {u.scheme}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Authorized({ a }: { a: DmarcReportAuthorization }) {
  if (!a.external) return <span className="text-slate-600">same organization: no authorization needed</span>;
  if (a.authorized === true) return <span className="text-emerald-800">✓ authorized</span>;
  if (a.authorized === false) return <span className="font-medium text-red-800">✕ not authorized</span>;
  return (
    <span className="text-slate-600">
      ? could not check{a.error ? <> (<UntrustedText value={a.error} />)</> : null}
    </span>
  );
}

export function DmarcEvidenceView({ e, domain, records, discovery }: { e: DmarcEvidence; domain: string; records: RecordsView; discovery: string }) {
  const tags = e.parsed ? Object.entries(e.parsed.tags) : [];
  return (
    <div className="space-y-5">
      {records.kind === "published" && !records.several && e.inherited ? (
        <PublishedRecord
          name={records.name}
          value={records.records[0]!.value}
          copyLabel={`Copy value of ${records.name} TXT`}
          note={<span>inherited: <UntrustedText value={`_dmarc.${domain}`} mono /> publishes no record receivers use</span>}
        />
      ) : (
        <PublishedRecords view={records} what="DMARC record" several="receivers apply none of them (RFC 7489 §6.6.3)" />
      )}
      {tags.length > 0 ? (
        <div className={TABLE_WRAP}>
          <table className="w-full min-w-[30rem] text-sm">
            <caption className="sr-only">DMARC tags as published</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={TH}>Tag</th>
                <th scope="col" className={TH}>Value</th>
                <th scope="col" className={TH}>Meaning</th>
              </tr>
            </thead>
            <tbody>
              {tags.map(([tag, value], i) => (
                <tr key={i} className="border-t border-slate-100">
                  <th scope="row" className={`${TD} text-left font-mono font-normal`}><UntrustedText value={tag} /></th>
                  <td className={`${TD} font-mono text-[0.8125rem]`}><UntrustedText value={value} /></td>
                  <td className={`${TD} text-slate-600`}>{DMARC_TAG_MEANING[tag] ?? "unknown tag (ignored by receivers)"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {e.parsed && e.parsed.issues.length > 0 ? (
        <div className="space-y-1">
          <EvidenceHeading>Problems in the record</EvidenceHeading>
          <ul className="list-disc pl-5 text-sm text-red-800">
            {e.parsed.issues.map((x, i) => (
              <li key={i}>
                <UntrustedText value={x.message} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {e.reportAuthorizations && e.reportAuthorizations.length > 0 ? (
        <div className="space-y-2">
          <EvidenceHeading>Report destinations and their authorization (RFC 7489 §7.1)</EvidenceHeading>
          <div className={TABLE_WRAP}>
            <table className="w-full min-w-[36rem] text-sm">
              <caption className="sr-only">Each rua/ruf destination and whether it authorized reports for {domain}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={TH}>Destination</th>
                  <th scope="col" className={TH}>Tag</th>
                  <th scope="col" className={TH}>Record checked</th>
                  <th scope="col" className={TH}>Authorization</th>
                </tr>
              </thead>
              <tbody>
                {e.reportAuthorizations.map((a, i) => (
                  <tr key={i} className="border-t border-slate-100">
                    <th scope="row" className={`${TD} text-left font-normal`}><SafeUri uri={a.uri} /></th>
                    <td className={`${TD} font-mono`}>{a.tag}</td>
                    <td className={TD}>{a.name ? <UntrustedText value={a.name} mono className="text-[0.8125rem]" /> : <span className="text-slate-500">—</span>}</td>
                    <td className={TD}><Authorized a={a} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      <p className="text-sm text-slate-600">
        Discovery: <UntrustedText value={discovery} />
        {e.organizationalDomain ? (
          <>
            {" "}· organizational domain <HostName name={e.organizationalDomain} />
          </>
        ) : null}
        .
      </p>
    </div>
  );
}

const OUTCOME_WORD: Record<string, { word: string; tone: string }> = {
  ok: { word: "ok", tone: "text-emerald-800" },
  none: { word: "no SPF record", tone: "text-red-800 font-medium" },
  multiple: { word: "several SPF records", tone: "text-red-800 font-medium" },
  invalid: { word: "invalid", tone: "text-red-800 font-medium" },
  temperror: { word: "lookup failed", tone: "text-slate-600" },
  cycle: { word: "include loop", tone: "text-red-800 font-medium" },
  macro: { word: "macro, not expanded", tone: "text-slate-600" },
};

export function SpfEvidenceView({ e, records }: { e: SpfEvidence; records: RecordsView }) {
  const nodes = flattenSpfTree(e.includeTree);
  return (
    <div className="space-y-5">
      <PublishedRecords view={records} what="SPF record" several="only one is allowed, so SPF fails for every sender (RFC 7208 §4.5 permerror)" />
      {nodes.length > 0 ? (
        <div className="space-y-2">
          <EvidenceHeading>
            Include tree · {e.lookups ?? "?"} / 10 DNS lookups · {e.voidLookups ?? 0} / 2 void lookups
          </EvidenceHeading>
          <ol className="space-y-1.5 text-sm">
            {nodes.map(({ node, depth }, i) => {
              const o = OUTCOME_WORD[node.outcome] ?? { word: node.outcome, tone: "text-slate-600" };
              return (
                <li key={i} className="rounded-md border border-slate-200 px-3 py-2" style={{ marginLeft: `${Math.min(depth, 6) * 1.25}rem` }}>
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <HostName name={node.domain} className="font-medium" />
                    <span className="text-xs text-slate-500">
                      {node.via === "root" ? "the domain" : node.term ? <>via <UntrustedText value={node.term} mono /></> : node.via}
                    </span>
                    <span className={`text-xs ${o.tone}`}>{o.word}</span>
                    <span className="text-xs text-slate-500">· {node.lookups} {node.lookups === 1 ? "lookup" : "lookups"}</span>
                  </div>
                  {node.record ? (
                    <p className="mt-0.5 font-mono text-[0.8125rem] text-slate-800">
                      <UntrustedText value={node.record} />
                    </p>
                  ) : null}
                  {node.errors && node.errors.length > 0 ? (
                    <ul className="mt-1 list-disc pl-5 text-xs text-red-800">
                      {node.errors.map((x, j) => (
                        <li key={j}><UntrustedText value={x.message} /></li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
