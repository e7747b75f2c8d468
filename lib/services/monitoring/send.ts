/**
 * Sending one alert message to a channel (docs/alerts.md): a signed JSON webhook, a Slack/Teams
 * incoming webhook, or an e-mail over SMTP. Each call is one attempt; retries are the task's.
 */
import { createHmac } from "node:crypto";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import nodemailer from "nodemailer";
import { guardTarget } from "@/lib/scan/net/target-guard";

export type ChannelKind = "email" | "webhook" | "slack";
export const CHANNEL_KINDS: readonly ChannelKind[] = ["email", "webhook", "slack"];

export type AlertMessage = {
  /** The JSON document a generic webhook receives (docs/alerts.md, "Webhook body"). */
  json: Record<string, unknown>;
  subject: string;
  text: string;
};

export type SendSettings = {
  allowPrivate: boolean;
  smtpUrl?: string;
  from: string;
  /** Wall clock for the timestamp header; injectable for tests. */
  now: () => Date;
  timeoutMs?: number;
};

export type SendResult = { ok: true; status?: number } | { ok: false; status?: number; error: string };

export const SIGNATURE_HEADER = "X-Mailposture-Signature";
export const TIMESTAMP_HEADER = "X-Mailposture-Timestamp";

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the channel's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/**
 * Resolves the webhook's host and refuses loopback, private and other non-public addresses unless
 * lab mode allows them (docs/architecture.md rule 17, as for scan targets): a user-supplied URL
 * must not make the server probe its own network. The request then connects to the checked
 * addresses only, so a second DNS answer cannot swap it (DNS rebinding).
 */
async function checkedAddresses(hostname: string, allowPrivate: boolean): Promise<{ address: string; family: number }[]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true });
  if (addresses.length === 0) throw new Error(`${hostname} has no address`);
  for (const a of addresses) {
    const verdict = guardTarget(a.address, { allowPrivate });
    if (!verdict.allowed) throw new Error(`refused: ${hostname} resolves to ${a.address} (${verdict.category}); set MAILPOSTURE_ALLOW_PRIVATE=1 only in a lab`);
  }
  return addresses;
}

/** Checks a webhook URL's form (not its address, which is checked when sending). */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL such as https://hooks.example.net/mailposture";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must start with https:// (or http://)";
  if (url.username || url.password) return "Put no credentials in the URL; use the signing secret";
  return null;
}

async function post(rawUrl: string, body: string, headers: Record<string, string>, s: SendSettings): Promise<SendResult> {
  const problem = webhookUrlProblem(rawUrl);
  if (problem) return { ok: false, error: problem };
  const url = new URL(rawUrl);
  let targets: { address: string; family: number }[];
  try {
    targets = await checkedAddresses(url.hostname, s.allowPrivate);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<SendResult>((resolve) => {
    const req = mod.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "mailposture-alerts", ...headers },
        // The addresses checked above, whatever DNS says now; TLS still verifies the URL's name.
        lookup: (_host, options, cb) => {
          if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, targets);
          else cb(null, targets[0]!.address, targets[0]!.family);
        },
        timeout: s.timeoutMs ?? 10_000,
      },
      (res) => {
        // Drain (at most a little of) the answer; its content is the receiver's business.
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (err) => resolve({ ok: false, error: err.message }));
    req.end(body);
  });
}

export type ChannelTarget = { kind: ChannelKind; target: string; secret: string | null };

export async function sendToChannel(channel: ChannelTarget, message: AlertMessage, s: SendSettings): Promise<SendResult> {
  if (channel.kind === "webhook") {
    const timestamp = s.now().toISOString();
    // The timestamp is inside the signed body too, so a receiver can reject replays.
    const body = JSON.stringify({ ...message.json, timestamp });
    const headers: Record<string, string> = { [TIMESTAMP_HEADER]: timestamp };
    if (channel.secret) headers[SIGNATURE_HEADER] = signBody(body, channel.secret);
    return post(channel.target, body, headers, s);
  }
  if (channel.kind === "slack") {
    // Slack and Teams incoming webhooks both accept a plain `text` message.
    return post(channel.target, JSON.stringify({ text: `*${message.subject}*\n${message.text}` }), {}, s);
  }
  if (!s.smtpUrl) return { ok: false, error: "MAILPOSTURE_SMTP_URL is not set" };
  try {
    const transport = nodemailer.createTransport(s.smtpUrl);
    try {
      await transport.sendMail({ from: s.from, to: channel.target, subject: message.subject, text: message.text });
    } finally {
      transport.close();
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
