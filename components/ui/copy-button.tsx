"use client";

import { Check, Copy } from "lucide-react";
import { useRef, useState } from "react";
import { buttonClass } from "./button";

/** The page's one polite live region for copy feedback (app/layout.tsx), so a report with many copy buttons has one, not dozens. */
export const COPY_STATUS_ID = "copy-status";

function announce(message: string) {
  const region = document.getElementById(COPY_STATUS_ID);
  if (!region) return;
  region.textContent = "";
  // A changed text is what screen readers announce; clearing first repeats the same message too.
  requestAnimationFrame(() => (region.textContent = message));
}

/**
 * Copies `text`. The Clipboard API needs a secure context; on plain http (a LAN install) we fall
 * back to selecting the text in a read-only textarea and asking for Ctrl+C.
 */
export function CopyButton({ text, label, size = "sm" }: { text: string; label: string; size?: "sm" | "md" }) {
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");
  const area = useRef<HTMLTextAreaElement>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setState("copied");
      announce(`${label}: copied`);
      setTimeout(() => setState("idle"), 1500);
    } catch {
      setState("manual");
      requestAnimationFrame(() => area.current?.select());
    }
  };
  return (
    <span className="no-print inline-flex flex-col items-end gap-1">
      <button type="button" onClick={copy} aria-label={label} className={buttonClass("secondary", size)}>
        {state === "copied" ? <Check aria-hidden className="h-3.5 w-3.5" /> : <Copy aria-hidden className="h-3.5 w-3.5" />}
        {state === "copied" ? "Copied" : "Copy"}
      </button>
      {state === "manual" ? (
        <span className="flex flex-col items-end gap-1">
          <textarea ref={area} readOnly value={text} rows={2} aria-label={`${label}: text to copy`} className="w-64 rounded border border-slate-300 p-1 font-mono text-xs" />
          <span className="text-xs text-slate-600">Press Ctrl+C (⌘C) to copy</span>
        </span>
      ) : null}
    </span>
  );
}
