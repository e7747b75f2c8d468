import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/** Unknown domain (or another workspace's): no hint that it exists anywhere. */
export default function DomainNotFound() {
  return (
    <section aria-labelledby="nf-h" className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="nf-h" className="text-lg font-semibold">
        Domain not found
      </h1>
      <p className="mt-1 text-sm text-slate-600">This workspace has no domain by that name, or no such scan of it. Add the domain from the domain list to scan it.</p>
      <Link href="/" className={`${buttonClass("secondary")} mt-4 min-h-9`}>
        Back to domains
      </Link>
    </section>
  );
}
