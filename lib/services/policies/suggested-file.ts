/**
 * The downloadable suggested files of a domain (docs/ui.md §5.6), from its latest finished scan:
 * `mta-sts.txt` (the policy body, to be served as is), `records.zone` (every suggested DNS
 * record), `tlsa.zone` and `dmarc.zone` (one area's records).
 */
import { getDb, type Db } from "@/lib/db/client";
import { downloadName, isSuggestedFileName, suggestedFileBody } from "@/lib/report/fix-plan";
import type { Scope } from "@/lib/services/access/scope";
import { domainFromPath } from "@/lib/services/api/params";
import { getDomain } from "@/lib/services/domains/get-domain";
import { NotFoundError } from "@/lib/services/errors";

export type SuggestedFile = {
  /** The download name: `mta-sts.txt` as it must be published, zone files prefixed with the domain. */
  filename: string;
  body: string;
  scanId: string;
};

/** The named file from the domain's latest finished scan; NotFoundError for an unknown domain, file or suggestion. */
export async function getSuggestedFile(scope: Scope, domain: string, file: string, db: Db = getDb()): Promise<SuggestedFile> {
  if (!isSuggestedFileName(file)) throw new NotFoundError("No such file");
  const view = await getDomain(scope, domainFromPath(domain), db);
  const last = view.lastReport;
  if (!last) throw new NotFoundError("This domain has no finished scan yet");
  const body = suggestedFileBody(last.report, file);
  if (body === undefined) throw new NotFoundError("The latest scan has no suggestion for this file");
  return { filename: downloadName(view.name, file), body, scanId: last.scanId };
}
