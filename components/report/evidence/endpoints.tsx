import { Fragment } from "react";
import type { CertificateSummary, Endpoint, MxHost } from "@/lib/scan/types";
import { hasInjectedBytes } from "@/lib/report/evidence";
import { daysUntil, formatUtcDate, formatUtcLong } from "@/lib/report/format";
import { CopyButton } from "@/components/ui/copy-button";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { EvidenceHeading, HostName, TABLE_WRAP, TD, TH, YesNo } from "../parts";

const STARTTLS_WORD: Record<string, { word: string; mark: string; tone: string }> = {
  ok: { word: "ok", mark: "✓", tone: "text-emerald-800" },
  "not-offered": { word: "not offered", mark: "✕", tone: "text-red-800 font-medium" },
  failed: { word: "handshake failed", mark: "✕", tone: "text-red-800 font-medium" },
  unreachable: { word: "unreachable (inconclusive)", mark: "?", tone: "text-slate-600" },
  "rate-limited": { word: "rate-limited (inconclusive)", mark: "?", tone: "text-slate-600" },
  blocked: { word: "not contacted: private address", mark: "–", tone: "text-slate-600" },
  skipped: { word: "skipped", mark: "–", tone: "text-slate-500" },
};

const RANK = ["failed", "not-offered", "ok", "rate-limited", "unreachable", "blocked", "skipped"];

function StarttlsState({ ep }: { ep: Endpoint }) {
  const s = STARTTLS_WORD[ep.starttls] ?? { word: ep.starttls, mark: "?", tone: "text-slate-600" };
  return (
    <span className="flex flex-col">
      <span className={s.tone}>
        <span aria-hidden>{s.mark} </span>
        {s.word}
      </span>
      {ep.detail ? (
        <span className="text-xs text-slate-500">
          <UntrustedText value={ep.detail} maxBytes={1024} />
        </span>
      ) : null}
    </span>
  );
}

function expiryText(cert: CertificateSummary, now: Date): { text: string; bad: boolean } {
  const days = daysUntil(cert.notAfter, now);
  if (days < 0) return { text: `expired ${formatUtcDate(cert.notAfter)}`, bad: true };
  return { text: `${formatUtcDate(cert.notAfter)} (in ${days} d)`, bad: days < 14 };
}

/**
 * A cipher suite name (TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA is 35 characters, one "word"): it may
 * wrap after an underscore, between its parts, never inside one.
 */
function CipherName({ name }: { name: string }) {
  const parts = name.split("_");
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          <UntrustedText value={i < parts.length - 1 ? `${p}_` : p} keepWords />
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}

function CertificateDetails({ ep, host }: { ep: Endpoint; host: string }) {
  const c = ep.certificate;
  if (!c) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-blue-700 hover:underline">Certificate details</summary>
      <dl className="mt-1 grid grid-cols-1 gap-x-3 gap-y-0.5 text-slate-700 sm:grid-cols-[auto_minmax(0,1fr)] sm:gap-y-1 [&>dd]:mb-1 sm:[&>dd]:mb-0">
        <dt className="text-slate-500">Subject</dt>
        <dd><UntrustedText value={c.subject} mono /></dd>
        <dt className="text-slate-500">Issuer</dt>
        <dd><UntrustedText value={c.issuer} mono /></dd>
        <dt className="text-slate-500">SAN</dt>
        <dd className="flex flex-col">{c.san.length > 0 ? c.san.map((s, i) => <UntrustedText key={i} value={s} mono />) : "none"}</dd>
        <dt className="text-slate-500">Valid</dt>
        <dd>{formatUtcLong(c.notBefore)} → {formatUtcLong(c.notAfter)}</dd>
        <dt className="text-slate-500">Key</dt>
        <dd>{c.keyBits} bits</dd>
        <dt className="text-slate-500">SPKI SHA-256</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <UntrustedText value={c.spkiSha256} mono />
          <CopyButton text={c.spkiSha256} label={`Copy SPKI SHA-256 of ${host} ${ep.address}`} />
        </dd>
        {ep.chain && ep.chain.length > 0 ? (
          <>
            <dt className="text-slate-500">Chain</dt>
            <dd>
              <ol className="list-decimal pl-4">
                {ep.chain.map((e, i) => (
                  <li key={i}>
                    <UntrustedText value={e.subject} mono /> <span className="text-slate-500">· SPKI <UntrustedText value={e.spkiSha256} mono /></span>
                  </li>
                ))}
              </ol>
            </dd>
          </>
        ) : null}
      </dl>
    </details>
  );
}

function CertificateCell({ ep, now, host }: { ep: Endpoint; now: Date; host: string }) {
  const c = ep.certificate;
  if (!c) return <span className="text-slate-500">—</span>;
  const exp = expiryText(c, now);
  return (
    <div className="min-w-0">
      <UntrustedText value={c.subject} mono className="text-[0.8125rem]" />
      <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs">
        <YesNo value={c.trusted} yes="trusted" no="untrusted" />
        <YesNo value={c.nameMatches} yes="name matches" no="name mismatch" />
        <span className={exp.bad ? "font-medium text-red-800" : "text-slate-600"}>expires {exp.text}</span>
      </div>
      <div className="mt-0.5 text-xs text-slate-500">
        issuer <UntrustedText value={c.issuer} mono />
      </div>
      <CertificateDetails ep={ep} host={host} />
    </div>
  );
}

function DaneCell({ ep }: { ep: Endpoint }) {
  if (!ep.dane) return <span className="text-slate-500">—</span>;
  return <YesNo value={ep.dane.matches} yes="match" no="no match" />;
}

/** Plaintext the server sent unasked (starttls-injection); "0" is shown too once the column is there. */
function InjectedCell({ ep }: { ep: Endpoint }) {
  if (typeof ep.injectedBytes !== "number") return <span className="text-slate-500">—</span>;
  return ep.injectedBytes > 0 ? <span className="font-medium text-red-800">{ep.injectedBytes} bytes</span> : <span className="text-slate-600">0</span>;
}

/** Why the "Unasked bytes" column is there: shown only when some address sent any. */
function InjectedNote() {
  return (
    <p className="text-xs text-slate-600">
      Unasked bytes: plaintext the server sent before any command asked for it (replies pipelined ahead of EHLO or
      STARTTLS, or data after its 220 reply to STARTTLS). The scanner discarded them; a server that keeps such bytes
      across the switch to TLS is open to STARTTLS injection (RFC 3207 §4.2).
    </p>
  );
}

function hostSummary(mx: MxHost): string {
  const reached = mx.endpoints.filter((e) => !["unreachable", "rate-limited", "blocked", "skipped"].includes(e.starttls));
  const ok = mx.endpoints.filter((e) => e.starttls === "ok").length;
  const inconclusive = mx.endpoints.length - reached.length;
  if (mx.endpoints.length === 0) return "no addresses";
  return `STARTTLS ok on ${ok} of ${mx.endpoints.length} ${mx.endpoints.length === 1 ? "address" : "addresses"}${inconclusive ? `, ${inconclusive} inconclusive` : ""}`;
}

/** Per-address STARTTLS/TLS/certificate table of one MX host (docs/ui.md §6 EndpointTable); cards below 768 px. */
export function EndpointTable({ mx, now }: { mx: MxHost; now: Date }) {
  // The column appears only when some address of this host sent unasked plaintext (docs/ui.md §6).
  const injected = hasInjectedBytes([mx]);
  // On paper a host's heading and its table stay together (a heading or a table head alone at the
  // foot of a page reads as a missing table); one host's block is far shorter than a page.
  return (
    <div className="space-y-2 print:break-inside-avoid">
      <EvidenceHeading>
        <HostName name={mx.host} /> <span className="font-normal text-slate-600">· pref {mx.preference}{mx.implicit ? " (implicit MX)" : ""} · address DNSSEC {mx.dnssec} · {hostSummary(mx)}</span>
      </EvidenceHeading>
      {mx.endpoints.length === 0 ? (
        <p className="text-sm text-slate-600">The host name has no A or AAAA records, so there is nothing to connect to.</p>
      ) : (
        <>
          <div className={`${TABLE_WRAP} hidden md:block print:block`}>
            <table className="w-full table-fixed text-sm">
              <caption className="sr-only">Addresses of {mx.host}: STARTTLS, TLS, certificate and DANE per address</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={`${TH} w-[17%] print:w-[12%]`}>Address</th>
                  <th scope="col" className={`${TH} w-[20%] print:w-[13%]`}>STARTTLS</th>
                  <th scope="col" className={`${TH} w-[20%] print:w-[23%]`}>TLS</th>
                  <th scope="col" className={TH}>Leaf certificate</th>
                  <th scope="col" className={`${TH} w-[11%] print:w-[7%]`}>DANE</th>
                  {injected ? <th scope="col" className={`${TH} w-[11%]`}>Unasked bytes</th> : null}
                </tr>
              </thead>
              <tbody>
                {mx.endpoints.map((ep, i) => (
                  <tr key={i} className="border-t border-slate-100 print:break-inside-avoid">
                    <th scope="row" className={`${TD} text-left font-normal`}>
                      <UntrustedText value={ep.address} mono keepWords />
                    </th>
                    <td className={TD}><StarttlsState ep={ep} /></td>
                    <td className={TD}>
                      {ep.tls ? (
                        <span className="flex flex-col font-mono text-[0.8125rem]">
                          <UntrustedText value={ep.tls.version} />
                          <span className="text-xs text-slate-500"><CipherName name={ep.tls.cipher} /></span>
                        </span>
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </td>
                    <td className={TD}><CertificateCell ep={ep} now={now} host={mx.host} /></td>
                    <td className={TD}><DaneCell ep={ep} /></td>
                    {injected ? <td className={TD}><InjectedCell ep={ep} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="space-y-2 md:hidden print:hidden" aria-label={`Addresses of ${mx.host}`}>
            {mx.endpoints.map((ep, i) => (
              <li key={i} className="rounded-md border border-slate-200 p-3 text-sm">
                <UntrustedText value={ep.address} mono className="font-medium" />
                <dl className="mt-2 grid grid-cols-[6rem_minmax(0,1fr)] gap-x-2 gap-y-1.5">
                  <dt className="text-slate-500">STARTTLS</dt>
                  <dd><StarttlsState ep={ep} /></dd>
                  <dt className="text-slate-500">TLS</dt>
                  <dd className="font-mono text-[0.8125rem]">{ep.tls ? <UntrustedText value={`${ep.tls.version} · ${ep.tls.cipher}`} /> : "—"}</dd>
                  <dt className="col-span-2 text-slate-500">Certificate</dt>
                  <dd className="col-span-2 min-w-0"><CertificateCell ep={ep} now={now} host={mx.host} /></dd>
                  <dt className="text-slate-500">DANE</dt>
                  <dd><DaneCell ep={ep} /></dd>
                  {injected ? (
                    <>
                      <dt className="text-slate-500">Unasked bytes</dt>
                      <dd><InjectedCell ep={ep} /></dd>
                    </>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
          {injected ? <InjectedNote /> : null}
        </>
      )}
    </div>
  );
}

function worstState(mx: MxHost): string {
  const states = mx.endpoints.map((e) => e.starttls);
  return states.sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0] ?? "none";
}

/**
 * `checks.starttls.messages`: budget hits and hosts probed without an SMTP session, so an
 * inconclusive STARTTLS area says why. Scan text, rendered inert.
 */
function ProbeMessages({ messages }: { messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="space-y-1">
      <EvidenceHeading>Probing notes</EvidenceHeading>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        {messages.map((m, i) => (
          <li key={i}><UntrustedText value={m} maxBytes={2048} /></li>
        ))}
      </ul>
    </div>
  );
}

/** MX overview plus one endpoint table per host; `messages` are the STARTTLS area's probing notes. */
export function MxEvidence({ mx, now, messages = [] }: { mx: MxHost[]; now: Date; messages?: readonly string[] }) {
  if (mx.length === 0) {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">No mail servers were found, so there was nothing to connect to.</p>
        <ProbeMessages messages={messages} />
      </div>
    );
  }
  return (
    <div className="space-y-5">
      <ProbeMessages messages={messages} />
      <div className={TABLE_WRAP}>
        <table className="w-full min-w-[36rem] text-sm">
          <caption className="sr-only">MX hosts in preference order</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className={TH}>MX host</th>
              <th scope="col" className={TH}>Pref</th>
              <th scope="col" className={TH}>Addresses</th>
              <th scope="col" className={TH}>Address DNSSEC</th>
              <th scope="col" className={TH}>Worst STARTTLS</th>
            </tr>
          </thead>
          <tbody>
            {[...mx].sort((a, b) => a.preference - b.preference).map((h, i) => {
              const v6 = h.endpoints.filter((e) => e.address.includes(":")).length;
              const w = STARTTLS_WORD[worstState(h)];
              return (
                <tr key={i} className="border-t border-slate-100">
                  <th scope="row" className={`${TD} text-left font-normal`}>
                    <HostName name={h.host} keepWords />
                    {h.implicit ? <span className="ml-1 text-xs text-slate-500">(implicit)</span> : null}
                  </th>
                  <td className={TD}>{h.preference}</td>
                  <td className={TD}>{h.endpoints.length - v6} IPv4 · {v6} IPv6</td>
                  <td className={TD}>{h.dnssec}</td>
                  <td className={TD}>{w ? <span className={w.tone}><span aria-hidden>{w.mark} </span>{w.word}</span> : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {[...mx].sort((a, b) => a.preference - b.preference).map((h, i) => (
        <EndpointTable key={i} mx={h} now={now} />
      ))}
    </div>
  );
}
