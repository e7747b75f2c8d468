import { currentViewer } from "@/app/_auth/viewer";
import { formatUtcLong } from "@/lib/report/format";
import { roleCan } from "@/lib/services/access/roles";
import { createShareLinkFromForm } from "../share-actions";
import { ShareDialog } from "./share-dialog";

/**
 * The Share button of a report header, shown only to roles that may share (a viewer sees none; the
 * service refuses them anyway). A server component, so the pages only place it.
 */
export async function ShareControl({ domain, scanId, scanStartedAt, pinned = false }: { domain: string; scanId: string; scanStartedAt: string; pinned?: boolean }) {
  const viewer = await currentViewer();
  if (!viewer || !roleCan(viewer.scope.role, "share")) return null;
  return <ShareDialog domain={domain} scanId={scanId} scanLabel={formatUtcLong(scanStartedAt)} defaultTarget={pinned ? "scan" : "live"} action={createShareLinkFromForm} />;
}
