import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/** Unknown page or domain (or another workspace's): no hint that it exists anywhere. */
export function NotFoundPanel() {
  return (
    <section aria-labelledby="nf-h" className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="nf-h" className="text-lg font-semibold">
        Not found
      </h1>
      <p className="mt-1 text-sm text-slate-600">There is no such page, or this workspace has no domain by that name. Add a domain from the domain list to scan it.</p>
      <Link href="/" className={`${buttonClass("secondary")} mt-4 min-h-9`}>
        Back to domains
      </Link>
    </section>
  );
}
