/** Button looks, shared by <button> and <Link>; blue is reserved for interactive elements. */
export type ButtonVariant = "primary" | "secondary" | "ghost";

const VARIANT: Record<ButtonVariant, string> = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 border border-blue-700",
  secondary: "bg-white text-blue-800 hover:bg-slate-50 border border-slate-300",
  ghost: "bg-transparent text-blue-800 hover:bg-slate-100 border border-transparent",
};

export function buttonClass(variant: ButtonVariant = "secondary", size: "sm" | "md" = "md"): string {
  const pad = size === "sm" ? "px-2 py-1 text-xs" : "px-3 py-1.5 text-sm";
  return `inline-flex items-center justify-center gap-1 rounded-md font-medium disabled:opacity-50 disabled:cursor-not-allowed ${pad} ${VARIANT[variant]}`;
}
