/**
 * The downloadable suggested files of a domain (docs/ui.md §5.6), from its latest finished scan:
 * `mta-sts.txt` (the policy body, to be served as is), `records.zone` (every suggested DNS
 * record), `tlsa.zone` and `dmarc.zone` (one area's records).
 */
import { getDb, type Db } from "@/lib/db/client";
import type { ScanReport } from "@/lib/scan/types";
import { domainFromPath } from "@/lib/services/api/params";
import { getDomain } from "@/lib/services/domains/get-domain";
import { NotFoundError } from "@/lib/services/errors";
import { buildFixSteps, SUGGESTED_FILES, type SuggestedFileName } from "./fix-plan";

export type SuggestedFile = {
  /** The download name: `mta-sts.txt` as it must be published, zone files prefixed with the domain. */
  filename: string;
  body: string;
  scanId: string;
};

export function isSuggestedFileName(name: string): name is SuggestedFileName {
  return (SUGGESTED_FILES as readonly string[]).includes(name);
}

/** A download name from the A-label domain only ([a-z0-9.-], docs/ui.md §7 rule 6). */
function safeName(domain: string, file: string): string {
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

/** The named file from the domain's latest finished scan; NotFoundError for an unknown domain, file or suggestion. */
export async function getSuggestedFile(domain: string, file: string, db: Db = getDb()): Promise<SuggestedFile> {
  if (!isSuggestedFileName(file)) throw new NotFoundError("No such file");
  const view = await getDomain(domainFromPath(domain), db);
  const last = view.lastReport;
  if (!last) throw new NotFoundError("This domain has no finished scan yet");
  const body = suggestedFileBody(last.report, file);
  if (body === undefined) throw new NotFoundError("The latest scan has no suggestion for this file");
  return { filename: file === "mta-sts.txt" ? file : safeName(view.name, file), body, scanId: last.scanId };
}
