/** The suggested files the Fix tab offers for download (docs/ui.md §5.6), from one report. Pure. */
import type { ScanReport } from "@/lib/scan/types";
import { buildFixSteps } from "./steps";
import { SUGGESTED_FILES, type SuggestedFileName } from "./types";

export function isSuggestedFileName(name: string): name is SuggestedFileName {
  return (SUGGESTED_FILES as readonly string[]).includes(name);
}

/**
 * The download name: `mta-sts.txt` as it must be published, zone files prefixed with the domain,
 * from the A-label domain only ([a-z0-9.-], docs/ui.md §7 rule 6).
 */
export function downloadName(domain: string, file: SuggestedFileName): string {
  if (file === "mta-sts.txt") return file;
  const clean = domain.replace(/[^a-z0-9.-]/g, "");
  return clean ? `${clean}-${file}` : file;
}

function header(report: ScanReport, what: string): string {
  return [
    `; ${what} for ${report.domain}, suggested by mailposture from the scan of ${report.startedAt}.`,
    "; Review before publishing; replace any placeholder (… or <…>) with a real value.",
    "",
  ].join("\n");
}

const withEol = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);

/** The file body, or undefined when the report has no suggestion for it. Pure. */
export function suggestedFileBody(report: ScanReport, file: SuggestedFileName): string | undefined {
  const { steps } = buildFixSteps(report);
  const lines = (keys: string[]) => steps.filter((s) => keys.includes(s.key)).flatMap((s) => [...s.records.map((r) => r.zoneLine), ...s.rawLines]);
  switch (file) {
    case "mta-sts.txt": {
      const text = steps.find((s) => s.key === "mta-sts")?.policyFile?.text;
      return text ? withEol(text) : undefined;
    }
    case "tlsa.zone": {
      const l = lines(["dane"]);
      return l.length > 0 ? header(report, "TLSA records (DANE, RFC 7672)") + l.join("\n") + "\n" : undefined;
    }
    case "dmarc.zone": {
      const l = lines(["dmarc"]);
      return l.length > 0 ? header(report, "DMARC record (RFC 7489)") + l.join("\n") + "\n" : undefined;
    }
    case "records.zone": {
      const l = lines(["no-mail", "tls-rpt", "mta-sts", "dane", "dmarc", "other"]);
      return l.length > 0 ? header(report, "Suggested DNS records") + l.join("\n") + "\n" : undefined;
    }
  }
}
