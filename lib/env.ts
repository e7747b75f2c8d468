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
  /** How long one SMTP observation of (MX host, address, port) serves every scan naming it (docs/politeness.md). 0: no sharing. */
  MAILPOSTURE_PROBE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600),
  /** Concurrent SMTP sessions to one address, across all workers (docs/politeness.md). */
  MAILPOSTURE_PER_ADDRESS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** New SMTP sessions to one address per rate window, across all workers; 0: no rate cap. */
  MAILPOSTURE_PER_ADDRESS_RATE: z.coerce.number().int().min(0).max(100_000).default(120),
  /** The rate window in milliseconds (one minute; tests shorten it). */
  MAILPOSTURE_PER_ADDRESS_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Unchanged scans (stored as references to an earlier identical report) older than this many days are deleted; 0 keeps them. */
  MAILPOSTURE_UNCHANGED_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  /** SMTP server for e-mail alerts, `smtp(s)://user:pass@host:port` (docs/alerts.md); unset: e-mail channels cannot send. */
  MAILPOSTURE_SMTP_URL: z.string().trim().optional().transform((v) => (v === "" ? undefined : v)),
  /** From address of e-mail alerts. */
  MAILPOSTURE_ALERT_FROM: z.string().trim().min(3).default("mailposture <mailposture@localhost>"),
  /** 0 stops this process from queueing scheduled rescans (docs/monitoring.md); any number of processes may run it. */
  MAILPOSTURE_SCHEDULER: z
    .enum(["1", "0", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  /** How often the scheduler looks for due domains and digests; small values are for tests. */
  MAILPOSTURE_SCHEDULER_TICK_SECONDS: z.coerce.number().min(0.1).max(3600).default(15),
  /** First retry delay of a failed alert delivery; each further retry waits four times longer. */
  MAILPOSTURE_ALERT_RETRY_SECONDS: z.coerce.number().min(0.01).max(3600).default(30),
  /** Hour (UTC) at which daily alert digests are sent. */
  MAILPOSTURE_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** Signs session cookies; unset: a random secret generated at first start and kept in the database. */
  MAILPOSTURE_SECRET: z.string().trim().min(32, { error: "must be at least 32 characters" }).optional().or(z.literal("").transform(() => undefined)),
  /** Single sign-on through OpenID Connect (docs/teams.md): the issuer URL; unset: passwords only. */
  MAILPOSTURE_OIDC_ISSUER: z.string().trim().url().optional().or(z.literal("").transform(() => undefined)),
  MAILPOSTURE_OIDC_CLIENT_ID: z.string().trim().optional(),
  MAILPOSTURE_OIDC_CLIENT_SECRET: z.string().trim().optional(),
  /** The sign-in button's provider name ("Sign in with …"). */
  MAILPOSTURE_OIDC_NAME: z.string().trim().min(1).default("single sign-on"),
  /** Scans a workspace's people and tokens may request per minute (scheduled scans do not count). */
  MAILPOSTURE_SCAN_QUOTA_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** … and per day (24 hours). */
  MAILPOSTURE_SCAN_QUOTA_PER_DAY: z.coerce.number().int().min(1).max(10_000_000).default(2000),
  /** A rescan of a domain whose last scan finished this many seconds ago or less returns that scan (0: always scan). */
  MAILPOSTURE_RESCAN_REUSE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Domains one workspace may hold. */
  MAILPOSTURE_MAX_DOMAINS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  /** Lines one bulk add (a pasted or uploaded list, one API call) may carry. */
  MAILPOSTURE_BULK_ADD_MAX: z.coerce.number().int().min(1).max(100_000).default(10_000),
  /**
   * Web server processes `npm start` runs (one Next.js process renders on one core). Unset: one per
   * core, at most 4. The dev server is always one process.
   */
  MAILPOSTURE_WEB_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
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
