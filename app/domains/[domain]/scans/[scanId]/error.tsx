"use client";

import DomainError from "../../error";

/** Same recovery as the domain report: what failed, what still works, retry. */
export default function PinnedScanError(props: { error: unknown; retry: () => void }) {
  return <DomainError {...props} />;
}
