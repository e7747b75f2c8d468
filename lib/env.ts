/**
 * The process environment, validated once at the edge. lib/scan never reads env: the services
 * layer passes these values down as options.
 */
import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const port = z.coerce.number().int().min(1).max(65535);

export const EnvSchema = z.object({
  /** PostgreSQL connection URL; unset means the embedded database started by `npm start`. */
  DATABASE_URL: z.string().min(1).optional(),
  /** Recursive resolver(s) for scans, `host[:port]`, comma-separated; default /etc/resolv.conf. */
  MAILPOSTURE_DNS: z.string().optional(),
  /** 1 lets scans connect to loopback/private/link-local targets (labs and tests only). */
  MAILPOSTURE_ALLOW_PRIVATE: flag,
  MAILPOSTURE_SMTP_PORT: port.default(25),
  MAILPOSTURE_HTTPS_PORT: port.default(443),
  /** 0 turns off the worker that `npm start` runs inside the web process. */
  MAILPOSTURE_INPROCESS_WORKER: z
    .enum(["1", "0", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  /** Scans one worker process runs at the same time. */
  MAILPOSTURE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(8),
  /** A running scan whose worker sent no heartbeat for this long is handed to another worker. */
  MAILPOSTURE_WORKER_STALE_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  PORT: port.default(3000),
  /**
   * Address the web server listens on. Loopback by default: exposing the app (`0.0.0.0`) belongs
   * behind a TLS reverse proxy (README, "Deployment").
   */
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  /**
   * The public URL of the web app (`https://mail-posture.example.net`); unset means
   * `http://localhost:PORT`. Requests whose Host or Origin is not this URL's are refused
   * (lib/security: DNS rebinding and cross-site server actions).
   */
  MAILPOSTURE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^https?:\/\/[^/?#@\s]+\/?$/i.test(v), "must be an http(s) origin such as https://mail-posture.example.net"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated environment; throws one readable error listing every bad variable. */
export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (source === process.env && cached) return cached;
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}
