import { Terminal } from "lucide-react";
import type { ActionResult } from "@/lib/actions";
import type { AddDomainsResult } from "@/lib/services/domains/add-domains";
import type { RequestScanResult } from "@/lib/services/scans/request-scan";
import { AddDomainForm } from "./add-domain-form";
import { AddListForm } from "./add-list-form";

type Act<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

/** The empty workspace (docs/ui.md §5.1 "no domains"): add one, paste a list, or try the CLI. */
export function Onboarding({ addDomain, addList }: { addDomain: Act<RequestScanResult>; addList: Act<AddDomainsResult> }) {
  return (
    <section aria-labelledby="onboarding-h" className="rounded-lg border border-slate-200 bg-white p-5 sm:p-6">
      <h2 id="onboarding-h" className="text-lg font-semibold text-slate-900">
        Add your first domains
      </h2>
      <p className="mt-1 max-w-prose text-sm text-slate-700">
        mailposture checks how mail to each domain is protected in transit (STARTTLS, MTA-STS, DANE, TLS-RPT) and against spoofing (DMARC, SPF), grades it, and tells you what to publish to
        fix it. A scan takes a few seconds.
      </p>
      <div className="mt-5 grid gap-6 lg:grid-cols-2">
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">
            <span aria-hidden className="mr-1.5 inline-flex h-5 w-5 items-center justify-center rounded-full bg-slate-900 text-xs text-white">1</span>
            One domain
          </h3>
          <AddDomainForm action={addDomain} />
          <div className="mt-6 rounded-md bg-slate-50 p-3 text-sm text-slate-700">
            <h3 className="flex items-center gap-1.5 font-semibold text-slate-900">
              <Terminal aria-hidden className="h-4 w-4" />
              From a terminal
            </h3>
            <p className="mt-1">
              <code className="rounded bg-white px-1 py-0.5 font-mono text-xs ring-1 ring-slate-200">npm run mailposture -- scan example.com</code> prints a one-off report (add{" "}
              <code className="font-mono text-xs">--json</code> for the full report, <code className="font-mono text-xs">--file domains.txt</code> for many). It does not add the domain here.
            </p>
          </div>
        </div>
        <div>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">
            <span aria-hidden className="mr-1.5 inline-flex h-5 w-5 items-center justify-center rounded-full bg-slate-900 text-xs text-white">2</span>
            Or a list
          </h3>
          <AddListForm action={addList} offerRescan={false} />
        </div>
      </div>
    </section>
  );
}
