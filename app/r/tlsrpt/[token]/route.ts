import { HTTP_STATUS, ServiceError } from "@/lib/services/errors";
import { receiveTlsRptPost } from "@/lib/services/ingest/http-receiver";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/**
 * proxy.ts does not run here (its matcher leaves the receiver out, so the body reaches this route
 * as a stream): the few headers a plain-text answer needs are set here.
 */
const TEXT = {
  "Content-Type": "text/plain; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
} as const;

/**
 * The TLS-RPT HTTPS receiver (RFC 8460 §5): senders POST a report to the `rua=https://…` address
 * of the domain's `_smtp._tls` record; the token in the path names the workspace. 201 once stored;
 * parsing happens later on the queue. Other methods get Next.js's 405.
 */
export async function POST(request: Request, { params }: Context) {
  const { token } = await params;
  try {
    const result = await receiveTlsRptPost(token, request);
    return new Response(`${result.message}\n`, { status: result.status, headers: result.status === 413 || result.status === 408 ? { ...TEXT, Connection: "close" } : TEXT });
  } catch (err) {
    if (err instanceof ServiceError) return new Response(`${err.message}\n`, { status: HTTP_STATUS[err.code], headers: TEXT });
    console.error("[r/tlsrpt] POST", err);
    return new Response("Internal error\n", { status: 500, headers: TEXT });
  }
}
