import { SpriteIcon, type SpriteName } from "@/components/ui/icon-sprite";
import { EXPOSURE_WORD, type ExposureVerdict } from "@/lib/report/verdict";

const STYLE: Record<ExposureVerdict, { icon: SpriteName; cls: string }> = {
  protected: { icon: "shield-check", cls: "bg-emerald-50 text-emerald-900 border-emerald-600" },
  partial: { icon: "shield-alert", cls: "bg-amber-50 text-amber-900 border-amber-600" },
  exposed: { icon: "shield-x", cls: "bg-red-50 text-red-900 border-red-600" },
  inconclusive: { icon: "shield-question", cls: "bg-slate-100 text-slate-800 border-slate-400" },
  "no-inbound-mail": { icon: "mail-x", cls: "bg-slate-50 text-slate-700 border-slate-300" },
};

/** STARTTLS-stripping verdict as shield icon + word (docs/ui.md §3). */
export function ExposureBadge({ verdict, size = "md" }: { verdict: ExposureVerdict; size?: "sm" | "md" }) {
  const s = STYLE[verdict] ?? STYLE.inconclusive;
  const pad = size === "sm" ? "px-1.5 py-0.5 text-xs" : "px-2 py-1 text-sm";
  return (
    <span className={`inline-flex items-center gap-1 rounded-md border font-semibold forced-colors:border-[CanvasText] print:border-black print:bg-white print:text-black ${pad} ${s.cls}`}>
      <SpriteIcon name={s.icon} className={size === "sm" ? "h-3.5 w-3.5" : "h-4 w-4"} />
      {EXPOSURE_WORD[verdict] ?? verdict}
    </span>
  );
}
