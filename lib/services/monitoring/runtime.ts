/**
 * Monitoring inside a worker process: the alert task for the queue, and a timer that queues due
 * scans and opens due digests. Every worker runs it; the SQL underneath makes that safe.
 */
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { isShutdownNoise } from "@/lib/queue/schema";
import { createAlertTask, openDueDigests, type AlertTaskDeps } from "./deliver";
import { enqueueDueScans } from "./schedule";

export type MonitoringOptions = {
  /** Queue due scans from this process (MAILPOSTURE_SCHEDULER). */
  scheduler: boolean;
  tickMs: number;
  digestHourUtc: number;
  /** The clock the schedule and digests follow; injectable for tests. */
  now: () => Date;
  alerts: Omit<AlertTaskDeps, "db">;
};

export function monitoringFromEnv(env: Env): MonitoringOptions {
  const now = () => new Date();
  return {
    scheduler: env.MAILPOSTURE_SCHEDULER,
    tickMs: Math.round(env.MAILPOSTURE_SCHEDULER_TICK_SECONDS * 1000),
    digestHourUtc: env.MAILPOSTURE_DIGEST_HOUR,
    now,
    alerts: {
      retryBaseMs: Math.round(env.MAILPOSTURE_ALERT_RETRY_SECONDS * 1000),
      appUrl: env.MAILPOSTURE_URL ?? `http://localhost:${env.PORT}`,
      send: { allowPrivate: env.MAILPOSTURE_ALLOW_PRIVATE, smtpUrl: env.MAILPOSTURE_SMTP_URL, from: env.MAILPOSTURE_ALERT_FROM, now },
    },
  };
}

export function alertTaskFor(db: Db, o: MonitoringOptions) {
  return createAlertTask({ db, ...o.alerts });
}

/** Starts the scheduler timer; returns its stop function, which waits for a running tick. */
export function startMonitoringTimer(db: Db, o: MonitoringOptions): () => Promise<void> {
  if (!o.scheduler) return async () => {};
  let running: Promise<void> | undefined;
  const tick = async () => {
    const now = o.now();
    await enqueueDueScans(db, now);
    await openDueDigests(db, now, o.digestHourUtc);
  };
  const timer = setInterval(() => {
    if (running) return; // a slow tick is not overlapped by the next one.
    running = tick()
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (!isShutdownNoise(message)) console.error(`[worker] scheduler: ${message}`);
      })
      .finally(() => {
        running = undefined;
      });
  }, o.tickMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
