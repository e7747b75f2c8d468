import type { MxHost } from "@/lib/scan/types";
import type { DaneEvidence } from "@/lib/report/evidence";
import { tlsaMatrix, type TlsaCellState } from "@/lib/report/tlsa";
import { CopyButton } from "@/components/ui/copy-button";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { EvidenceHeading, HostName, TABLE_WRAP, TD, TH } from "../parts";

const CELL: Record<TlsaCellState, { mark: string; tone: string }> = {
  match: { mark: "✓", tone: "text-emerald-800" },
  "no-match": { mark: "–", tone: "text-slate-700" },
  "not-reached": { mark: "?", tone: "text-slate-500" },
  "not-tested": { mark: "?", tone: "text-slate-500" },
};

/** TLSA × address match matrix of one MX (docs/ui.md §6): rows = records, columns = addresses. */
export function TlsaMatrixTable({ mx }: { mx: MxHost }) {
  const m = tlsaMatrix(mx);
  if (!m) {
    return (
      <div className="space-y-1">
        <EvidenceHeading>
          <UntrustedText value={`_25._tcp.${mx.host}`} mono />
        </EvidenceHeading>
        <p className="text-sm text-slate-600">
          No TLSA records. Address records of <HostName name={mx.host} /> are DNSSEC-{mx.dnssec}
          {mx.dnssec === "secure" ? ", so TLSA records published here would be used by DANE senders." : ", so DANE senders would not use TLSA records for this host yet."}
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <EvidenceHeading>
        <UntrustedText value={m.name} mono /> <span className="font-normal text-slate-600">TLSA · DNSSEC {m.dnssec ?? "unknown"} · {m.usable ? "usable" : "no usable record"}</span>
      </EvidenceHeading>
      {m.setIgnoredBecause ? <p className="text-sm font-medium text-amber-900">All records ignored: {m.setIgnoredBecause}.</p> : null}
      <div className={TABLE_WRAP}>
        <table className="w-full min-w-[28rem] text-sm">
          <caption className="sr-only">TLSA records of {mx.host} against each address: which record matched the certificate chain presented there</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={`${TH} sticky left-0 bg-slate-50`}>Record</th>
              {m.addresses.map((a, i) => (
                <th key={i} scope="col" className={`${TH} normal-case tracking-normal`}>
                  <UntrustedText value={a} mono keepWords />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.rows.map((r, i) => (
              <tr key={i} className="border-t border-slate-100 print:break-inside-avoid">
                <th scope="row" className={`${TD} sticky left-0 min-w-[12rem] bg-white text-left font-normal`}>
                  <span className="flex flex-wrap items-center gap-2">
                    <UntrustedText value={r.text} mono className="text-[0.8125rem]" />
                    <CopyButton text={r.text} label={`Copy TLSA record ${i + 1} of ${mx.host}`} />
                  </span>
                  <span className="block text-xs text-slate-500">
                    {r.meaning}
                    {r.nextKey ? " · presented nowhere: a next key published ahead of a rollover?" : ""}
                  </span>
                </th>
                {r.ignoredBecause ? (
                  <td className={`${TD} text-slate-600`} colSpan={Math.max(1, m.addresses.length)}>
                    ignored: {r.ignoredBecause}
                  </td>
                ) : (
                  r.cells.map((c, j) => (
                    <td key={j} className={`${TD} ${CELL[c.state].tone}`}>
                      <span aria-hidden>{CELL[c.state].mark} </span>
                      {c.word}
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function DaneEvidenceView({ mx, dane }: { mx: MxHost[]; dane: DaneEvidence }) {
  return (
    <div className="space-y-5">
      {dane.resolverValidating === false ? (
        <p className="text-sm text-slate-700">The scanner&apos;s resolver does not validate DNSSEC, so these records were listed but not judged.</p>
      ) : null}
      {mx.length === 0 ? <p className="text-sm text-slate-600">No MX hosts, so no TLSA records to check.</p> : null}
      {[...mx].sort((a, b) => a.preference - b.preference).map((h, i) => (
        <TlsaMatrixTable key={i} mx={h} />
      ))}
    </div>
  );
}
