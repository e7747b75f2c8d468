import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireViewer } from "@/app/_auth/viewer";
import { NotFoundError } from "@/lib/services/errors";
import { getDomainScan } from "@/lib/services/scans/get-scan";
import { awaitParams, decodeParam } from "../../_components/params";

/**
 * An unknown or malformed scan id answers 404. Checked here, above the page's loading view: once
 * the loading view streams, the status is already 200 and a notFound() in the page cannot change it.
 */
export default async function PinnedScanLayout({ children, params }: { children: ReactNode; params: Promise<{ domain: string; scanId: string }> }) {
  const p = await awaitParams(params);
  const name = p ? decodeParam(p.domain) : null;
  if (!p || !name) notFound();
  const { scope } = await requireViewer(`/domains/${encodeURIComponent(name)}/scans/${encodeURIComponent(p.scanId)}`);
  await getDomainScan(scope, name, p.scanId).catch((err: unknown) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return children;
}
