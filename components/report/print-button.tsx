"use client";

import { Printer } from "lucide-react";
import { useEffect } from "react";
import { buttonClass } from "@/components/ui/button";

/**
 * Opens every closed <details> for printing and closes them again afterwards: browsers that do not
 * support `::details-content` would otherwise print collapsed evidence as a bare summary line.
 */
function useOpenDetailsForPrint() {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];
    const before = () => {
      opened = Array.from(document.querySelectorAll<HTMLDetailsElement>("details:not([open])"));
      for (const d of opened) d.open = true;
    };
    const after = () => {
      for (const d of opened) d.open = false;
      opened = [];
    };
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
}

/** "Print" (to paper or PDF); the print stylesheet hides navigation and buttons. */
export function PrintButton() {
  useOpenDetailsForPrint();
  return (
    <button type="button" onClick={() => window.print()} className={`${buttonClass("secondary")} min-h-9`}>
      <Printer aria-hidden className="h-4 w-4" />
      Print
    </button>
  );
}
