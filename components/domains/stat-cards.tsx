/**
 * The five headline numbers of the overview (docs/ui.md §5.1), each a link to the table filtered to
 * the domains behind it. Every number carries its denominator (docs/ui.md §2); transport ratios count
 * only domains that accept mail, and the note under the cards says how many were excluded. Domains
 * whose latest scan could not be graded are in no figure and counted apart in that note.
 */
import Link from "next/link";
import { MailCheck, OctagonAlert, ShieldCheck, ShieldX, type LucideIcon } from "lucide-react";

export type StatCardsData = {
  domains: number;
  scanned: number;
  /** Scanned but not graded (lookups failed, or the domain does not exist): in no figure. */
  notGraded: number;
  /** Scanned and graded: the denominator of the DMARC and critical figures. */
  graded: number;
  nullMx: number;
  acceptingMail: number;
  exposed: number;
  mtaStsEnforce: number;
  daneValid: number;
  dmarcEnforcing: number;
  withCritical: number;
};

export type StatKey = "exposed" | "mtaSts" | "dane" | "dmarc" | "critical";

const fmt = (n: number) => n.toLocaleString("en-US");

/** "24.8 %" (one decimal, trailing .0 dropped); null when there is no denominator. */
export function percent(part: number, whole: number): string | null {
  if (whole <= 0) return null;
  const p = Math.round((part / whole) * 1000) / 10;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)} %`;
}

type Card = {
  key: StatKey;
  title: string;
  Icon: LucideIcon;
  /** The big figure. */
  value: string;
  /** The figure beside it (a count when the value is a percentage, and vice versa). */
  aside?: string;
  detail: string;
  /** Whether a non-zero value is bad news (drawn in the urgency colour). */
  bad: boolean;
  count: number;
};

function cardsOf(s: StatCardsData): Card[] {
  const ofMail = s.acceptingMail === 1 ? "domain that accepts mail" : "domains that accept mail";
  const ofScanned = s.graded === 1 ? "graded domain" : "graded domains";
  const noMail = "No scanned domain accepts mail yet";
  const ratio = (n: number, whole: number, noun: string, none: string) =>
    whole > 0 ? { value: percent(n, whole)!, aside: undefined, detail: `${fmt(n)} of ${fmt(whole)} ${noun}` } : { value: "—", aside: undefined, detail: none };
  return [
    {
      key: "exposed",
      title: "Exposed to STARTTLS stripping",
      Icon: ShieldX,
      value: s.acceptingMail > 0 ? fmt(s.exposed) : "—",
      aside: percent(s.exposed, s.acceptingMail) ?? undefined,
      detail: s.acceptingMail > 0 ? `of ${fmt(s.acceptingMail)} ${ofMail}` : noMail,
      bad: true,
      count: s.exposed,
    },
    { key: "mtaSts", title: "MTA-STS enforce", Icon: ShieldCheck, ...ratio(s.mtaStsEnforce, s.acceptingMail, ofMail, noMail), bad: false, count: s.mtaStsEnforce },
    { key: "dane", title: "DANE valid", Icon: ShieldCheck, ...ratio(s.daneValid, s.acceptingMail, ofMail, noMail), bad: false, count: s.daneValid },
    {
      key: "dmarc",
      title: "DMARC enforcing",
      Icon: MailCheck,
      ...ratio(s.dmarcEnforcing, s.graded, `${ofScanned} (quarantine or reject)`, "No domain graded yet"),
      bad: false,
      count: s.dmarcEnforcing,
    },
    {
      key: "critical",
      title: "With critical findings",
      Icon: OctagonAlert,
      value: s.graded > 0 ? fmt(s.withCritical) : "—",
      aside: percent(s.withCritical, s.graded) ?? undefined,
      detail: s.graded > 0 ? `of ${fmt(s.graded)} ${ofScanned}` : "No domain graded yet",
      bad: true,
      count: s.withCritical,
    },
  ];
}

export function StatCards({ stats, hrefs, current }: { stats: StatCardsData; hrefs: Record<StatKey, string>; current: StatKey | null }) {
  const notScanned = stats.domains - stats.scanned;
  const notes = [
    stats.nullMx > 0
      ? `Transport figures leave out ${fmt(stats.nullMx)} ${stats.nullMx === 1 ? "domain that accepts" : "domains that accept"} no mail (null MX).`
      : "Transport figures count domains that accept mail; none publishes a null MX.",
    notScanned > 0 ? `${fmt(notScanned)} ${notScanned === 1 ? "domain is" : "domains are"} not scanned yet and counted nowhere.` : null,
    stats.notGraded > 0
      ? `${fmt(stats.notGraded)} not graded (the domain does not exist, or no lookup succeeded): left out of every figure.`
      : null,
  ].filter(Boolean);
  return (
    <section aria-labelledby="stats-h" className="space-y-2">
      <h2 id="stats-h" className="sr-only">
        Portfolio at a glance
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:gap-3 lg:grid-cols-5">
        {cardsOf(stats).map((c) => {
          const isCurrent = current === c.key;
          const alarm = c.bad && c.count > 0;
          return (
            <li key={c.key} className={c.key === "exposed" ? "col-span-2 lg:col-span-1" : ""}>
              <Link
                href={hrefs[c.key]}
                aria-current={isCurrent ? "true" : undefined}
                className={`flex h-full flex-col rounded-lg border bg-white p-3 hover:border-blue-400 hover:bg-slate-50 print:break-inside-avoid ${isCurrent ? "border-blue-600 ring-1 ring-blue-600" : "border-slate-200"}`}
              >
                <span className="flex items-start gap-1.5 text-xs font-medium text-slate-700 sm:text-sm">
                  <c.Icon aria-hidden className={`mt-0.5 h-4 w-4 shrink-0 ${alarm ? "text-red-700" : "text-slate-500"}`} />
                  {c.title}
                </span>
                <span className="mt-1 flex items-baseline gap-2">
                  <span className={`text-2xl font-semibold tabular-nums ${alarm ? "text-red-800" : "text-slate-900"}`}>{c.value}</span>
                  {c.aside ? <span className="text-sm font-medium tabular-nums text-slate-700">{c.aside}</span> : null}
                </span>
                <span className="mt-auto pt-1 text-xs text-slate-600">{c.detail}</span>
                <span className="sr-only">{isCurrent ? " (filter applied)" : " — show these domains"}</span>
              </Link>
            </li>
          );
        })}
      </ul>
      {notes.length > 0 ? <p className="text-xs text-slate-600">{notes.join(" ")}</p> : null}
    </section>
  );
}
