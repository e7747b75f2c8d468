import { DomainTable } from "@/components/domains/domain-table";
import { listDomains } from "@/lib/services/domains/list-domains";
import { AddDomainForm } from "./_components/add-domain-form";
import { requestScanFromForm } from "./actions";

export const dynamic = "force-dynamic";

export default async function PortfolioPage() {
  const rows = await listDomains();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Domains</h1>
        <p className="text-sm text-slate-600">How well each domain&apos;s mail is protected in transit and against spoofing.</p>
      </div>
      <section aria-labelledby="add-h" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="add-h" className="mb-2 font-medium">Add a domain</h2>
        <AddDomainForm action={requestScanFromForm} />
      </section>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          No domains yet. Add one above, or scan from the command line with <code className="font-mono">npm run mailposture -- scan example.com</code>.
        </p>
      ) : (
        <DomainTable rows={rows} now={new Date()} />
      )}
    </div>
  );
}
