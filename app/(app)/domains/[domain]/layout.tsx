import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireViewer } from "@/app/_auth/viewer";
import { domainExists } from "@/lib/services/domains/get-domain";
import { awaitParams, decodeParam } from "./_components/params";

/**
 * Every page of a domain answers 404 for a domain this workspace does not have. Checked here,
 * above the pages' loading views, so the status is sent before streaming starts.
 */
export default async function DomainLayout({ children, params }: { children: ReactNode; params: Promise<{ domain: string }> }) {
  const p = await awaitParams(params);
  const name = p ? decodeParam(p.domain) : null;
  if (!name) notFound();
  const { scope } = await requireViewer(`/domains/${encodeURIComponent(name)}`);
  if (!(await domainExists(scope, name))) notFound();
  return children;
}
