import { SendersCard } from "@/components/senders/senders-card";
import type { Scope } from "@/lib/services/access/scope";
import { getSenderSummary } from "@/lib/services/senders/views";

/**
 * The report page's "What senders saw" card with its data (docs/ui.md §5.8). Rendered inside a
 * Suspense boundary, so the report itself never waits for it; a read error leaves the card out
 * rather than failing the report.
 */
export async function SendersSection({ scope, domain }: { scope: Scope; domain: string }) {
  const summary = await getSenderSummary(scope, domain).catch(() => null);
  return summary ? <SendersCard summary={summary} /> : null;
}
