import { safeHref } from "@/lib/report/untrusted";
import { UntrustedText } from "./untrusted-text";

/**
 * A URI from DNS (rua/ruf, TLS-RPT destinations): a real link only for https: and mailto:
 * (docs/ui.md §7.2), with mailto query parameters dropped from the href; the full URI is always the
 * visible text. Anything else — javascript:, data:, http:, malformed — is inert text.
 */
export function SafeUri({ uri, className = "" }: { uri: string; className?: string }) {
  const href = safeHref(uri);
  if (!href) {
    return (
      <span className={className}>
        <UntrustedText value={uri} mono />
        <span className="ml-1 font-sans text-xs text-slate-500">(not a link)</span>
      </span>
    );
  }
  return (
    <a href={href} rel="noopener noreferrer nofollow" className={`text-blue-700 underline decoration-blue-300 underline-offset-2 hover:decoration-blue-700 ${className}`}>
      <UntrustedText value={uri} mono />
    </a>
  );
}
