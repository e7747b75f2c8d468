import { headers } from "next/headers";

/**
 * Whether the browser asking is likely a phone, for views that render one of two layouts on the
 * server (the portfolio's table or its cards) instead of both and hiding one with CSS: rendering
 * both doubled the overview's HTML and its render time. Chromium sends `Sec-CH-UA-Mobile: ?1` on
 * phones; other phone browsers put "Mobi" in their User-Agent. A wrong guess costs one re-render
 * after hydration, when the component reads the real viewport width.
 */
export async function likelyNarrow(): Promise<boolean> {
  const h = await headers();
  return h.get("sec-ch-ua-mobile") === "?1" || /\bMobi/i.test(h.get("user-agent") ?? "");
}
