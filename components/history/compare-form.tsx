"use client";

import { GitCompareArrows } from "lucide-react";
import { useRef, useState, useSyncExternalStore, type ChangeEvent, type ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";

/**
 * The timeline's "select two scans" form. Without JavaScript it is a plain GET form to the compare
 * page (which asks again when the selection is not two scans); with it, a third tick replaces the
 * oldest selection and the button says how many are selected.
 */
export function CompareForm({ action, children, toolbar }: { action: string; children: ReactNode; toolbar?: ReactNode }) {
  const order = useRef<string[]>([]);
  const [count, setCount] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  // Before hydration (or without JavaScript) the button stays enabled: the server checks the pair.
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );

  const onChange = (e: ChangeEvent<HTMLFormElement>) => {
    const box = e.target as unknown as HTMLInputElement;
    if (box.name !== "scan") return;
    order.current = order.current.filter((v) => v !== box.value);
    if (box.checked) order.current.push(box.value);
    while (order.current.length > 2) {
      const drop = order.current.shift();
      const other = form.current?.querySelector<HTMLInputElement>(`input[name="scan"][value="${drop}"]`);
      if (other) other.checked = false;
    }
    setCount(order.current.length);
  };

  return (
    <form ref={form} action={action} method="get" onChange={onChange}>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        {toolbar}
        <div className="flex items-center gap-3">
          <span role="status" className="hidden text-xs text-slate-600 sm:inline">
            {count === 0 ? "Tick two scans to compare them" : count === 1 ? "1 selected — tick one more" : "2 selected"}
          </span>
          <button type="submit" disabled={hydrated && count !== 2} className={`whitespace-nowrap ${buttonClass(count === 2 ? "primary" : "secondary")}`}>
            <GitCompareArrows aria-hidden className="h-4 w-4" />
            Compare<span className="hidden sm:inline"> selected</span> ({count})
          </button>
        </div>
      </div>
      {children}
    </form>
  );
}
