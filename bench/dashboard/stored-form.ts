/**
 * Storage by reference for the seeder, with the rule run-scan.ts applies through
 * lib/services/scans/report-store.ts: a scan whose report hashes (`reportHashOf`: without its
 * times) like its predecessor's stores only `overlayOf(report)` and points at the scan holding the
 * body. The hash covers the domain's name, so it is computed per domain and template: once per
 * change, not once per scan.
 */
import type { ScanReport } from "@/lib/scan/types";
import { overlayOf, reportHashOf } from "@/lib/services/scans/report-store";
import { fillTemplate, type Template } from "./world";

/** The domain's last finished scan as the seeder tracks it (what report-store.ts compares with). */
export type PreviousBody = { template: number; hash: string; bodyScanId: string };

export type StoredForm = { reportHash: string; reportRefScanId: string | null };

export type StoredForms = {
  /** How a finished scan of `domain` with `template` is stored after `previous`. */
  formOf(previous: PreviousBody | undefined, templateId: number, template: Template, domain: string): StoredForm;
  /** The per-scan part a reference scan stores in `Scan.report`, as JSON text. */
  overlayJson(templateId: number, template: Template, startedAt: string, durationMs: number): string;
};

export function createStoredForms(): StoredForms {
  // Per template, the report with its times left open: the overlay takes the reuse stamps from it.
  const skeletons = new Map<number, ScanReport>();
  const skeleton = (id: number, t: Template) => {
    let s = skeletons.get(id);
    if (!s) skeletons.set(id, (s = JSON.parse(fillTemplate(t.body, "skeleton.example", "1970-01-01T00:00:00.000Z", 0)) as ScanReport));
    return s;
  };
  return {
    formOf(previous, templateId, template, domain) {
      const reportHash =
        previous?.template === templateId ? previous.hash : reportHashOf(JSON.parse(fillTemplate(template.body, domain, "1970-01-01T00:00:00.000Z", 0)) as ScanReport);
      return { reportHash, reportRefScanId: previous && previous.hash === reportHash ? previous.bodyScanId : null };
    },
    overlayJson(templateId, template, startedAt, durationMs) {
      return JSON.stringify(overlayOf({ ...skeleton(templateId, template), startedAt, durationMs }));
    },
  };
}
