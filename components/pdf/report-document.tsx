/**
 * The client-ready PDF report (issue 13): one A4 document per scan — header with the workspace and
 * scan date, grade and verdict sentence, "why not higher", the per-MX exposure table, the six areas
 * at a glance, findings with their fixes, and the evidence as an appendix. Presentation only: the
 * model comes in built (lib/report/pdf/model.ts) and every DNS/SMTP/HTTP string is passed through
 * pdfText() before it is drawn (React-PDF Text is inert; pdfText keeps bidi controls from
 * reordering it). Every Text uses breakParts as its hyphenation callback, so words never break and
 * identifiers wrap only at separators, with no hyphen added.
 */
import { Document, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ComponentProps, ReactNode } from "react";
import type { Fact } from "@/lib/report/area-facts";
import type { FindingGroup } from "@/lib/report/areas";
import { ROW_VERDICT_WORD, type ExposureRow, type PathState } from "@/lib/report/exposure";
import { formatDuration, formatUtcDate, formatUtcLong } from "@/lib/report/format";
import type { PdfReportModel } from "@/lib/report/pdf/model";
import type { TlsaMatrix } from "@/lib/report/tlsa";
import { breakParts, clip, clipLines, pdfText } from "@/lib/report/pdf/text";
import type { CheckStatus, Endpoint, MxHost, Severity } from "@/lib/scan/types";

/** Font families to draw with; `latin1` when they are the built-in PDF fonts (no U+2212 minus, no arrows). */
export type PdfFonts = { sans: string; mono: string; latin1?: boolean };

/** A4 in PostScript points (210 × 297 mm). */
const A4_HEIGHT = 841.89;
const INK = "#0f172a";
const MUTED = "#475569";
const FAINT = "#64748b";
const RULE = "#cbd5e1";
const HAIRLINE = "#e2e8f0";
const PANEL = "#f8fafc";

const GRADE_TONE: Record<string, { fg: string; bg: string; border: string }> = {
  "A+": { fg: "#064e3b", bg: "#ecfdf5", border: "#059669" },
  A: { fg: "#064e3b", bg: "#ecfdf5", border: "#059669" },
  B: { fg: "#134e4a", bg: "#f0fdfa", border: "#0d9488" },
  C: { fg: "#78350f", bg: "#fffbeb", border: "#d97706" },
  D: { fg: "#7c2d12", bg: "#fff7ed", border: "#ea580c" },
  F: { fg: "#7f1d1d", bg: "#fef2f2", border: "#dc2626" },
};

/** docs/ui.md §3: severity is carried by the word and the badge's border style, not colour alone. */
const SEVERITY_TONE: Record<Severity, { fg: string; bg: string; border: string; dashed?: boolean }> = {
  critical: { fg: "#ffffff", bg: "#991b1b", border: "#991b1b" },
  high: { fg: "#991b1b", bg: "#fef2f2", border: "#b91c1c" },
  medium: { fg: "#78350f", bg: "#fffbeb", border: "#d97706" },
  low: { fg: "#334155", bg: "#f8fafc", border: "#94a3b8", dashed: true },
  info: { fg: "#475569", bg: "#f8fafc", border: "#e2e8f0" },
};

const STATUS_WORD: Record<CheckStatus, { word: string; fg: string }> = {
  pass: { word: "Pass", fg: "#065f46" },
  warn: { word: "Warning", fg: "#92400e" },
  fail: { word: "Fail", fg: "#991b1b" },
  missing: { word: "Missing", fg: "#92400e" },
  error: { word: "Inconclusive", fg: "#475569" },
  "n/a": { word: "Not applicable", fg: "#64748b" },
};

const EXPOSURE_TONE: Record<string, string> = { protected: "#065f46", partial: "#92400e", exposed: "#991b1b", inconclusive: "#475569", "no-inbound-mail": "#475569", unknown: "#475569" };

const STARTTLS_WORD: Record<string, string> = {
  ok: "STARTTLS ok",
  "not-offered": "no STARTTLS",
  failed: "TLS failed",
  unreachable: "not reached",
  "rate-limited": "rate-limited",
  blocked: "address refused",
  skipped: "skipped",
};

const EFFORT_WORD: Record<string, string> = { minutes: "minutes", hours: "hours", project: "a project" };

function makeStyles(fonts: PdfFonts) {
  return StyleSheet.create({
    page: { paddingTop: 30, paddingBottom: 42, paddingHorizontal: 34, fontFamily: fonts.sans, fontSize: 8.2, lineHeight: 1.25, color: INK },
    mono: { fontFamily: fonts.mono },
    sans: { fontFamily: fonts.sans },
    bold: { fontWeight: 700 },
    muted: { color: MUTED },
    faint: { color: FAINT },
    small: { fontSize: 7.3 },
    band: { flexDirection: "row", justifyContent: "space-between", borderBottomWidth: 1, borderBottomColor: INK, paddingBottom: 4, marginBottom: 10 },
    bandText: { fontSize: 7.6, color: MUTED, letterSpacing: 0.6 },
    domain: { fontFamily: fonts.mono, fontSize: 17, fontWeight: 700, lineHeight: 1.25, marginBottom: 1 },
    h2: { fontSize: 11.5, fontWeight: 700, marginTop: 14, marginBottom: 5 },
    h3: { fontSize: 9.4, fontWeight: 700, marginTop: 8, marginBottom: 3 },
    summary: { flexDirection: "row", marginTop: 10, padding: 10, borderWidth: 1, borderColor: RULE, borderRadius: 4 },
    gradeBox: { width: 58, height: 58, borderWidth: 2, borderRadius: 5, alignItems: "center", justifyContent: "center", marginRight: 12 },
    gradeText: { fontSize: 26, fontWeight: 700, lineHeight: 1 },
    sentence: { fontSize: 11.5, lineHeight: 1.3, marginTop: 2 },
    table: { borderWidth: 1, borderColor: RULE, borderRadius: 3 },
    headRow: { flexDirection: "row", backgroundColor: PANEL, borderBottomWidth: 1, borderBottomColor: RULE },
    row: { flexDirection: "row", borderTopWidth: 1, borderTopColor: HAIRLINE },
    th: { paddingVertical: 3, paddingHorizontal: 5, fontSize: 7, fontWeight: 700, color: MUTED, letterSpacing: 0.4 },
    td: { paddingVertical: 4, paddingHorizontal: 5 },
    badge: { alignSelf: "flex-start", borderWidth: 1, borderRadius: 2, paddingHorizontal: 3, paddingTop: 1, fontSize: 6.6, fontWeight: 700, letterSpacing: 0.4 },
    finding: { borderTopWidth: 1, borderTopColor: RULE, paddingTop: 5, paddingBottom: 6 },
    fix: { marginTop: 3, paddingVertical: 2, paddingLeft: 6, borderLeftWidth: 2.5, borderLeftColor: "#1d4ed8", backgroundColor: PANEL },
    record: { fontFamily: fonts.mono, fontSize: 7.6, padding: 5, marginTop: 3, backgroundColor: PANEL, borderWidth: 1, borderColor: HAIRLINE, borderRadius: 2 },
    factLabel: { fontSize: 6.6, fontWeight: 700, color: FAINT, letterSpacing: 0.4 },
    // Anchored from the top: React-PDF loses a bottom-anchored fixed box when the page sets a unitless lineHeight.
    footer: { position: "absolute", top: A4_HEIGHT - 36, left: 34, right: 34, flexDirection: "row", justifyContent: "space-between", borderTopWidth: 0.5, borderTopColor: RULE, paddingTop: 4, fontSize: 7, color: FAINT },
  });
}

type Styles = ReturnType<typeof makeStyles>;

/** Text and View share one style type (StyleProp of @react-pdf/types); Text's props are a union with SVG text. */
type TextStyle = ComponentProps<typeof View>["style"];

/** Text that never hyphenates a word; long identifiers wrap only at separators. */
function T({ style, children, render, minPresenceAhead, wrap }: { style?: TextStyle; children?: ReactNode; render?: (p: { pageNumber: number; totalPages: number }) => string; minPresenceAhead?: number; wrap?: boolean }) {
  // React-PDF treats a present-but-undefined `render` as dynamic content: pass only what is set.
  const extra = { ...(render ? { render } : {}), ...(minPresenceAhead !== undefined ? { minPresenceAhead } : {}), ...(wrap !== undefined ? { wrap } : {}) };
  return (
    <Text style={style} hyphenationCallback={breakParts} {...extra}>
      {children}
    </Text>
  );
}

/** Catalogue text (ours, trusted): `backticks` become the mono font, as on the web page. */
function Catalogue({ text, s }: { text: string; s: Styles }) {
  return (
    <>
      {text.split("`").map((p, i) =>
        i % 2 === 1 ? (
          <Text key={i} style={s.mono}>
            {p}
          </Text>
        ) : (
          p
        ),
      )}
    </>
  );
}

/** An untrusted string, safe to draw, capped in length. */
function u(value: string, max = 1500): string {
  return pdfText(clip(value, max));
}

function SeverityBadge({ severity, s }: { severity: Severity; s: Styles }) {
  const t = SEVERITY_TONE[severity] ?? SEVERITY_TONE.info;
  return <T style={[s.badge, { color: t.fg, backgroundColor: t.bg, borderColor: t.border, borderStyle: t.dashed ? "dashed" : "solid" }]}>{severity.toUpperCase()}</T>;
}

function Header({ m, s }: { m: PdfReportModel; s: Styles }) {
  const r = m.report;
  // A scan without a grade gets the neutral tone of "unknown", never the colour of the grade it stored.
  const tone = r.notGraded ? { fg: MUTED, bg: "#ffffff", border: MUTED } : (GRADE_TONE[r.grade] ?? GRADE_TONE.F!);
  return (
    <View>
      <View style={s.band}>
        <T style={[s.bandText, s.bold]}>MAILPOSTURE · MAIL SECURITY REPORT</T>
        <T style={s.bandText}>{u(m.workspaceName, 80)}</T>
      </View>
      <T style={s.domain}>{u(m.domain)}</T>
      <T style={[s.muted, { marginTop: 2 }]}>
        Scanned {formatUtcLong(r.startedAt)} · took {formatDuration(r.durationMs)} · scanner {u(r.scannerVersion ?? "unknown", 40)} · rules {r.rulesetVersion ?? "unknown"} · report generated {formatUtcDate(m.generatedAt)}
      </T>
      <View style={s.summary} wrap={false}>
        <View style={[s.gradeBox, { borderColor: tone.border, backgroundColor: tone.bg }]}>
          <T style={[s.gradeText, { color: tone.fg }]}>{m.gradeMark}</T>
        </View>
        <View style={{ flex: 1 }}>
          <T style={[s.muted, s.bold]}>
            {u(m.gradeLine, 600)} · STARTTLS stripping: <Text style={{ color: EXPOSURE_TONE[m.exposure.verdict] ?? MUTED }}>{m.exposureWord}</Text>
          </T>
          <T style={s.sentence}>{u(m.sentence, 600)}</T>
        </View>
      </View>
    </View>
  );
}

function WhyNotHigher({ m, s, minus }: { m: PdfReportModel; s: Styles; minus: string }) {
  const { why } = m;
  return (
    <View>
      <T style={s.h3} minPresenceAhead={40}>
        {m.report.notGraded ? "Why no grade" : "Why not higher"}
      </T>
      {m.report.notGraded ? (
        <T style={s.muted}>A grade judges what a domain publishes. This scan saw nothing to judge, so it has no grade; a rescan grades the domain once its records can be read.</T>
      ) : why.deductions.length === 0 ? (
        <T style={s.muted}>Nothing was deducted: no finding above info.</T>
      ) : (
        <>
          {why.deductions.map((d) => (
            <View key={d.id} style={{ flexDirection: "row", alignItems: "flex-start", marginBottom: 2 }} wrap={false}>
              <T style={[s.mono, s.bold, { width: 24, textAlign: "right", marginRight: 6 }]}>
                {d.countedWith ? "–" : `${minus}${d.points}`}
              </T>
              <View style={{ width: 50 }}>
                <SeverityBadge severity={d.severity} s={s} />
              </View>
              <T style={{ flex: 1 }}>
                {d.title}
                <Text style={s.faint}>
                  {d.hosts.length > 1 ? ` · ${d.hosts.length} hosts, counted once` : d.hosts.length === 1 ? ` · ${u(d.hosts[0]!, 200)}` : ""}
                  {d.countedWith ? ` · same cause as ${d.countedWith}: counted once` : ""}
                  {d.cap ? ` · caps the grade at ${d.cap}` : ""}
                </Text>
              </T>
            </View>
          ))}
          <T style={[s.muted, { marginTop: 2 }]}>
            {m.sumMatches
              ? `100 ${why.deductions
                  .filter((d) => d.points > 0)
                  .map((d) => `${minus} ${d.points} `)
                  .join("")}= ${why.score}${why.score === 0 && why.deductions.reduce((sum, d) => sum + d.points, 0) > 100 ? " (floored at 0)" : ""}${why.cappedBy ? `: grade ${why.scoreGrade} by score, capped at ${why.cappedBy.grade}.` : "."}`
              : `The stored score (${m.report.score}) was computed with the rules of its scan; the list above applies the current rules.`}
          </T>
        </>
      )}
    </View>
  );
}

const EXPOSURE_COLS = { host: 120, pref: 28, path: 134, verdict: 103 };

function PathCell({ state, extra, s }: { state: PathState; extra?: string; s: Styles }) {
  return (
    <View style={[s.td, { width: EXPOSURE_COLS.path }]}>
      <T style={[s.bold, { color: state.ok ? "#065f46" : "#991b1b" }]}>
        {state.ok ? "Protects" : "Does not protect"}
        {extra ? <Text style={[s.faint, { fontWeight: 400 }]}> · {extra}</Text> : null}
      </T>
      <T style={[s.small, s.muted]}>{u(state.why, 400)}</T>
    </View>
  );
}

function daneExtra(row: ExposureRow): string | undefined {
  if (row.dane.reached === undefined) return undefined;
  return `${row.dane.matched} of ${row.dane.reached} ${row.dane.reached === 1 ? "address" : "addresses"} match`;
}

function Exposure({ m, s }: { m: PdfReportModel; s: Styles }) {
  const { verdict, rows } = m.exposure;
  const exposureFindings = m.actionable.filter((g) => g.place === "exposure");
  return (
    <View>
      <T style={s.h2} minPresenceAhead={80}>
        STARTTLS-stripping exposure: <Text style={{ color: EXPOSURE_TONE[verdict] ?? MUTED }}>{m.exposureWord}</Text>
      </T>
      {verdict === "no-inbound-mail" ? (
        <T style={s.muted}>{u(m.domain)} publishes a null MX and accepts no mail, so there is no inbound mail to protect. DMARC and SPF still matter: they stop others sending mail in its name.</T>
      ) : rows.length === 0 ? (
        <T style={s.muted}>The mail servers could not be determined, so the exposure is unknown.</T>
      ) : (
        <>
          <T style={[s.muted, { marginBottom: 4 }]}>
            Each MX needs its own protection — an enforced MTA-STS policy or valid DANE — because senders fall back to backup MX hosts: the weakest row decides.
            {m.exposure.protectedCount > 0 ? ` ${m.exposure.protectedCount} of ${rows.length} protected for all senders.` : ""}
          </T>
          <View style={s.table}>
            <View style={s.headRow} wrap={false}>
              <T style={[s.th, { width: EXPOSURE_COLS.host }]}>MX HOST</T>
              <T style={[s.th, { width: EXPOSURE_COLS.pref }]}>PREF</T>
              <T style={[s.th, { width: EXPOSURE_COLS.path }]}>MTA-STS PATH</T>
              <T style={[s.th, { width: EXPOSURE_COLS.path }]}>DANE PATH</T>
              <T style={[s.th, { width: EXPOSURE_COLS.verdict }]}>VERDICT</T>
            </View>
            {rows.map((r, i) => (
              <View key={i} style={i === 0 ? { flexDirection: "row" } : s.row} wrap={false}>
                <T style={[s.td, s.mono, s.bold, { width: EXPOSURE_COLS.host }]}>{u(r.host, 300)}</T>
                <T style={[s.td, { width: EXPOSURE_COLS.pref }]}>{r.preference}</T>
                <PathCell state={r.mtaSts} s={s} />
                <PathCell state={r.dane} extra={daneExtra(r)} s={s} />
                <View style={[s.td, { width: EXPOSURE_COLS.verdict }]}>
                  <T style={[s.bold, { color: EXPOSURE_TONE[r.verdict] ?? MUTED }]}>{ROW_VERDICT_WORD[r.verdict]}</T>
                  <T style={[s.small, s.muted]}>Protected for: {u(r.protectedFor, 200)}</T>
                </View>
              </View>
            ))}
          </View>
        </>
      )}
      {exposureFindings.length > 0 ? (
        <T style={[s.muted, { marginTop: 3 }]}>See the finding{exposureFindings.length > 1 ? "s" : ""}: {exposureFindings.map((g) => g.title).join("; ")}.</T>
      ) : null}
    </View>
  );
}

const AREA_COLS = { area: 88, status: 70 };

function Areas({ m, s }: { m: PdfReportModel; s: Styles }) {
  return (
    <View>
      <T style={s.h2} minPresenceAhead={80}>
        Checks by area
      </T>
      <View style={s.table}>
        {m.areas.map((a, i) => {
          const st = STATUS_WORD[a.summary.status] ?? STATUS_WORD.error;
          return (
            <View key={a.meta.key} style={i === 0 ? { flexDirection: "row" } : s.row} wrap={false}>
              <T style={[s.td, s.bold, { width: AREA_COLS.area }]}>{a.meta.title}</T>
              <T style={[s.td, s.bold, { width: AREA_COLS.status, color: st.fg }]}>{st.word}</T>
              <T style={[s.td, { flex: 1 }]}>
                {u(a.summary.verdict, 400)}
                {/* A no-break space keeps "(2 findings)" on one line. */}
                {a.groups.length > 0 ? <Text style={s.faint}> ({a.groups.length}{"\u00a0"}{a.groups.length === 1 ? "finding" : "findings"})</Text> : null}
              </T>
            </View>
          );
        })}
      </View>
    </View>
  );
}

function FindingBlock({ g, s, due }: { g: FindingGroup; s: Styles; due?: string }) {
  const hosts = [...new Set(g.items.map((i) => i.host).filter((h): h is string => Boolean(h)))];
  const meta = [g.owner ? `Owner: ${g.owner}` : "", g.effort ? `Effort: ${EFFORT_WORD[g.effort] ?? g.effort}` : "", g.rfc ?? ""].filter(Boolean).join(" · ");
  return (
    <View style={s.finding} wrap={false}>
      <View style={{ flexDirection: "row", alignItems: "flex-start" }}>
        <View style={{ width: 52, paddingTop: 1 }}>
          <SeverityBadge severity={g.severity} s={s} />
        </View>
        <T style={[s.bold, { flex: 1, fontSize: 9.4 }]}>{g.title}</T>
        <T style={[s.mono, s.small, s.faint, { marginLeft: 6 }]}>{g.id}</T>
      </View>
      {due ? <T style={[s.bold, { marginTop: 1 }]}>{due}</T> : null}
      {hosts.length > 0 || meta ? (
        <T style={[s.small, s.muted, { marginTop: 1 }]}>
          {hosts.length > 0 ? <Text style={s.mono}>{hosts.map((h) => u(h, 200)).join(", ")}</Text> : null}
          {hosts.length > 0 && meta ? " · " : ""}
          {meta}
        </T>
      ) : null}
      <View style={{ marginTop: 2 }}>
        {g.items.map((item, i) => (
          <T key={i}>
            {g.items.length > 1 && item.host ? <Text style={[s.mono, s.bold]}>{u(item.host, 200)}: </Text> : null}
            {u(item.detail, 800)}
          </T>
        ))}
      </View>
      {g.explanation ? (
        <T style={[s.muted, s.small, { marginTop: 2 }]}>
          <Text style={s.bold}>Why it matters: </Text>
          <Catalogue text={g.explanation} s={s} />
        </T>
      ) : null}
      <View style={s.fix}>
        <T>
          <Text style={s.bold}>Fix: </Text>
          <Catalogue text={g.fix} s={s} />
        </T>
      </View>
    </View>
  );
}

function Findings({ m, s }: { m: PdfReportModel; s: Styles }) {
  const total = m.actionable.length + m.info.length;
  const [first, ...rest] = m.actionable;
  return (
    <View>
      {/* The heading travels with the first finding, so it is never left alone at a page's foot. */}
      <View wrap={false}>
        <T style={s.h2}>Findings and fixes ({total})</T>
        <T style={[s.muted, { marginBottom: 5 }]}>
          {m.actionable.length === 0 ? "Nothing to fix." : `${m.actionable.length} to act on, worst first.`} Each id is stable: quote it in tickets.
        </T>
        {first ? <FindingBlock g={first} s={s} due={m.due[first.id]} /> : null}
      </View>
      {rest.map((g) => (
        <FindingBlock key={g.id} g={g} s={s} due={m.due[g.id]} />
      ))}
      {m.info.length > 0 ? (
        <View>
          <T style={s.h3} minPresenceAhead={30}>
            For the record (info, no action needed)
          </T>
          {m.info.map((g) => (
            <View key={g.id} style={{ marginBottom: 3 }} wrap={false}>
              <T>
                <Text style={s.bold}>{g.title}</Text>
                <Text style={[s.mono, s.faint, s.small]}> {g.id}</Text>
              </T>
              {g.items.map((item, i) => (
                <T key={i} style={[s.small, s.muted]}>
                  {item.host ? <Text style={s.mono}>{u(item.host, 200)}: </Text> : null}
                  {u(item.detail, 600)}
                </T>
              ))}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

const pct = (n: number | null) => (n === null ? "–" : `${(n * 100).toFixed(n > 0 && n < 0.001 ? 2 : 1)} %`);

/**
 * What senders reported (last 30 days): one compact block between the findings and the appendix.
 * Organisation names, MX names and result types are the senders' text, shown through u() like
 * every other outside value.
 */
function Senders({ m, s }: { m: PdfReportModel; s: Styles }) {
  const x = m.senders;
  if (!x) return null;
  const line = (label: string, items: string[]) =>
    items.length > 0 ? (
      <T style={s.small}>
        <Text style={[s.bold, s.muted]}>{label}: </Text>
        {items.join("   ·   ")}
      </T>
    ) : null;
  return (
    <View wrap={false}>
      <T style={s.h2}>What senders saw ({x.since} to {x.until}, UTC)</T>
      <T style={[s.muted, { marginBottom: 3 }]}>
        From {x.reports.tlsrpt} TLS-RPT and {x.reports.dmarc} DMARC aggregate reports
        {x.reports.unverified > 0 ? `, of which ${x.reports.unverified} arrived by mail that failed its signature checks (shown, never alerted on)` : ""}.
      </T>
      <T>
        {x.reports.tlsrpt > 0 ? (
          <Text>
            <Text style={s.bold}>TLS sessions: </Text>
            {x.tls.sessions.toLocaleString("en-US")}, of which {x.tls.failures.toLocaleString("en-US")} failed ({pct(x.tls.failureRate)}).{"   "}
          </Text>
        ) : null}
        {x.reports.dmarc > 0 ? (
          <Text>
            <Text style={s.bold}>DMARC: </Text>
            {x.dmarc.messages.toLocaleString("en-US")} messages, {x.dmarc.pass.toLocaleString("en-US")} passed, {x.dmarc.fail.toLocaleString("en-US")} failed.
          </Text>
        ) : null}
      </T>
      {line("Failures by result type", x.tls.byType.slice(0, 6).map((t) => `${u(t.label, 80)} ${t.sessions}`))}
      {line("By reporting organisation", x.tls.byOrg.slice(0, 6).map((o) => `${u(o.org, 80)} ${o.failures}/${o.sessions}`))}
      {line("By MX and address", x.tls.byMx.filter((b) => b.failures > 0).slice(0, 6).map((b) => `${u(b.mx ?? "?", 120)}${b.ip ? ` ${u(b.ip, 60)}` : ""} ${b.failures}`))}
    </View>
  );
}

/** An area's key facts as one dense paragraph: "Label value · Label value …" (an appendix, read by the curious). */
function Facts({ facts, s }: { facts: Fact[]; s: Styles }) {
  if (facts.length === 0) return null;
  return (
    <T>
      {facts.map((f, i) => (
        <Text key={f.label}>
          {i > 0 ? <Text style={s.faint}>{"   ·   "}</Text> : null}
          <Text style={[s.bold, s.muted]}>{f.label}: </Text>
          <Text style={f.mono || f.uris ? s.mono : s.sans}>{f.uris ? f.uris.map((x) => u(x, 300)).join(", ") : u(f.value, 600)}</Text>
          {f.note ? <Text style={[s.faint, s.sans]}> ({u(f.note, 300)})</Text> : null}
        </Text>
      ))}
    </T>
  );
}

/** The STARTTLS outcome of an address, and its cipher on a line of its own (cipher names are long). */
function endpointTls(e: Endpoint): { head: string; cipher?: string } {
  if (e.starttls !== "ok") return { head: e.detail ? `${STARTTLS_WORD[e.starttls] ?? e.starttls}: ${e.detail}` : (STARTTLS_WORD[e.starttls] ?? e.starttls) };
  return e.tls ? { head: e.tls.version, cipher: e.tls.cipher } : { head: "STARTTLS ok" };
}

const MX_COLS = { host: 112, address: 60, tls: 100, dane: 44 };

/** One row per address of every MX: the mail servers and their certificates, as one table. */
function MxTable({ m, s }: { m: PdfReportModel; s: Styles }) {
  if (m.mx.length === 0) return null;
  type MxRow = { mx: MxHost; e: Endpoint | undefined; first: boolean };
  const rows = m.mx.flatMap((mx): MxRow[] => (mx.endpoints.length === 0 ? [{ mx, e: undefined, first: true }] : mx.endpoints.map((e, j) => ({ mx, e, first: j === 0 }))));
  const head = (
    <View style={s.headRow}>
      <T style={[s.th, { width: MX_COLS.host }]}>MX HOST</T>
      <T style={[s.th, { width: MX_COLS.address }]}>ADDRESS</T>
      <T style={[s.th, { width: MX_COLS.tls }]}>STARTTLS / TLS</T>
      <T style={[s.th, { flex: 1 }]}>CERTIFICATE</T>
      <T style={[s.th, { width: MX_COLS.dane }]}>DANE</T>
    </View>
  );
  const row = ({ mx, e, first }: MxRow, i: number) => (
    <View key={i} style={i === 0 ? { flexDirection: "row" } : s.row} wrap={false}>
      <View style={[s.td, { width: MX_COLS.host }]}>
        {first ? (
          <>
            <T style={[s.mono, s.bold, { fontSize: 7.6 }]}>{u(mx.host, 300)}</T>
            <T style={[s.small, s.muted]}>
              pref {mx.preference}
              {mx.implicit ? " · implicit MX" : ""} · DNSSEC {mx.dnssec}
              {mx.tlsa ? ` · ${mx.tlsa.records.length} TLSA` : ""}
            </T>
          </>
        ) : null}
      </View>
      <T style={[s.td, s.mono, { width: MX_COLS.address }]}>{e ? u(e.address, 100) : "no address"}</T>
      <View style={[s.td, { width: MX_COLS.tls }]}>
        {e ? <T>{u(endpointTls(e).head, 300)}</T> : null}
        {e && endpointTls(e).cipher ? <T style={[s.small, s.mono, s.muted]}>{u(endpointTls(e).cipher!, 200)}</T> : null}
      </View>
      <View style={[s.td, { flex: 1 }]}>
        {e?.certificate ? (
          <>
            <T style={s.mono}>{u(e.certificate.subject, 300)}</T>
            <T style={[s.small, s.muted]}>
              issuer {u(e.certificate.issuer, 300)} · expires {formatUtcDate(e.certificate.notAfter)} · {e.certificate.trusted ? "trusted" : "NOT trusted"} ·{" "}
              {e.certificate.nameMatches ? "name matches" : "name does NOT match"}
            </T>
          </>
        ) : (
          <T style={s.faint}>{e ? "no certificate" : ""}</T>
        )}
      </View>
      <T style={[s.td, { width: MX_COLS.dane }]}>{e?.dane ? (e.dane.matches ? "match" : "no match") : "—"}</T>
    </View>
  );
  const [first, ...rest] = rows;
  return (
    <View>
      {/* Heading, column heads and first row travel together: a table never starts at a page's foot. */}
      <View wrap={false}>
        <T style={s.h3}>Mail servers and certificates</T>
        <View style={[s.table, { borderBottomWidth: rest.length === 0 ? 1 : 0, borderBottomLeftRadius: 0, borderBottomRightRadius: 0 }]}>
          {head}
          {first ? row(first, 0) : null}
        </View>
      </View>
      {rest.length > 0 ? (
        <View style={[s.table, { borderTopWidth: 0, borderTopLeftRadius: 0, borderTopRightRadius: 0 }]}>{rest.map((r, i) => row(r, i + 1))}</View>
      ) : null}
    </View>
  );
}

function TlsaMatrixBlock({ matrix, s }: { matrix: TlsaMatrix; s: Styles }) {
  return (
    <View style={{ marginBottom: 4 }} wrap={false}>
      <T style={s.mono}>
        {u(matrix.name, 300)}
        <Text style={[s.faint, s.sans]}>
          {matrix.dnssec ? ` · DNSSEC ${matrix.dnssec}` : ""}
          {matrix.setIgnoredBecause ? ` · ${matrix.setIgnoredBecause}` : ""}
        </Text>
      </T>
      {matrix.rows.map((r, i) => (
        <View key={i} style={{ marginLeft: 8, marginTop: 1 }}>
          <T style={[s.mono, s.small]}>{u(r.text, 600)}</T>
          <T style={[s.small, s.muted]}>
            {r.meaning}
            {r.ignoredBecause ? ` · ignored: ${r.ignoredBecause}` : ""}
            {r.nextKey ? " · likely a pre-published next key" : ""}
            {r.cells.length > 0 ? ` · ${r.cells.map((c) => `${pdfText(c.address)} ${c.word}`).join(", ")}` : ""}
          </T>
        </View>
      ))}
    </View>
  );
}

function TlsaTables({ m, s }: { m: PdfReportModel; s: Styles }) {
  const [first, ...rest] = m.tlsa;
  if (!first) return null;
  return (
    <View>
      <View wrap={false}>
        <T style={s.h3}>TLSA records</T>
        <TlsaMatrixBlock matrix={first.matrix} s={s} />
      </View>
      {rest.map(({ host, matrix }) => (
        <TlsaMatrixBlock key={host} matrix={matrix} s={s} />
      ))}
    </View>
  );
}

function AreaEvidence({ a, m, s }: { a: PdfReportModel["areas"][number]; m: PdfReportModel; s: Styles }) {
  return (
    <View>
      <View wrap={false}>
        <T style={[s.h3, { marginTop: 6, marginBottom: 1 }]}>
          {a.meta.title} <Text style={[s.faint, { fontWeight: 400 }]}>· {a.meta.rfc}</Text>
        </T>
        <Facts facts={a.summary.facts} s={s} />
      </View>
      {a.summary.record !== undefined ? (
        <T style={s.record} wrap={false}>
          {u(a.summary.record, 1200)}
        </T>
      ) : null}
      {a.meta.key === "mtaSts" && m.policyText ? (
        <View wrap={false}>
          <T style={[s.factLabel, { marginTop: 3 }]}>POLICY FILE AS FETCHED</T>
          <T style={s.record}>{pdfText(clipLines(clip(m.policyText, 3000), 40), { multiline: true })}</T>
        </View>
      ) : null}
      {a.meta.key === "spf" && m.spfTree.length > 0 ? (
        <View style={{ marginTop: 2 }}>
          <T style={s.factLabel}>INCLUDE TREE</T>
          {m.spfTree.map((n, i) => (
            <T key={i} style={[s.small, { marginLeft: Math.min(n.depth, 6) * 10 }]}>
              <Text style={s.mono}>{u(n.domain, 200)}</Text>
              <Text style={s.muted}>
                {" "}
                · via {u(n.via, 200)} · {n.outcome} · {n.lookups} {n.lookups === 1 ? "lookup" : "lookups"}
              </Text>
            </T>
          ))}
        </View>
      ) : null}
    </View>
  );
}

function Evidence({ m, s }: { m: PdfReportModel; s: Styles }) {
  const [first, ...rest] = m.areas;
  return (
    <View>
      <View wrap={false}>
        <T style={[s.h2, { borderTopWidth: 1, borderTopColor: INK, paddingTop: 6 }]}>Appendix: evidence</T>
        <T style={[s.muted, { marginBottom: 2 }]}>
          What the scanner observed, as published. Values from DNS, SMTP and HTTP are shown as plain text; invisible or direction-changing characters appear as ‹U+XXXX› tokens.
        </T>
        {first ? <AreaEvidence a={first} m={m} s={s} /> : null}
      </View>
      {rest.map((a) => (
        <AreaEvidence key={a.meta.key} a={a} m={m} s={s} />
      ))}
      <MxTable m={m} s={s} />
      <TlsaTables m={m} s={s} />
    </View>
  );
}

function Footer({ m, s }: { m: PdfReportModel; s: Styles }) {
  return (
    <View style={s.footer} fixed>
      <T>
        mailposture · {u(m.workspaceName, 80)} · {u(m.domain)} · scan of {formatUtcLong(m.report.startedAt)} · id {m.scanId}
      </T>
      <T render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
    </View>
  );
}

/** The whole report as a React-PDF document. */
export function ReportDocument({ model, fonts }: { model: PdfReportModel; fonts: PdfFonts }) {
  const s = makeStyles(fonts);
  return (
    <Document title={`${pdfText(model.domain)} — mail security report`} author="mailposture" creator="mailposture" producer="mailposture" language="en">
      <Page size="A4" style={s.page}>
        <Footer m={model} s={s} />
        <Header m={model} s={s} />
        <WhyNotHigher m={model} s={s} minus={fonts.latin1 ? "-" : "\u2212"} />
        <Exposure m={model} s={s} />
        <Areas m={model} s={s} />
        <Findings m={model} s={s} />
        <Senders m={model} s={s} />
        <Evidence m={model} s={s} />
      </Page>
    </Document>
  );
}
