import { describe, expect, it } from "vitest";
import { getEnv as readEnv } from "@/lib/env";
import { appOrigins, labModeEnabled } from "@/lib/security/settings";

/** A made-up environment (never this process's, whose variables would leak in). */
const getEnv = (vars: Record<string, string>) => readEnv({ NODE_ENV: "test", ...vars });

describe("security settings from the environment", () => {
  it("defaults to http://localhost:PORT and binds to loopback", () => {
    const env = getEnv({ PORT: "4123" });
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.MAILPOSTURE_URL).toBeUndefined();
    expect(appOrigins(env).origins.has("http://localhost:4123")).toBe(true);
  });

  it("uses MAILPOSTURE_URL as the only accepted name", () => {
    const env = getEnv({ MAILPOSTURE_URL: "https://mail-posture.example.net", HOST: "0.0.0.0" });
    expect(env.HOST).toBe("0.0.0.0");
    expect([...appOrigins(env).hosts]).toEqual(["mail-posture.example.net"]);
  });

  it("rejects a MAILPOSTURE_URL with a path or another scheme", () => {
    expect(() => getEnv({ MAILPOSTURE_URL: "https://example.net/dashboard" })).toThrow(/MAILPOSTURE_URL/);
    expect(() => getEnv({ MAILPOSTURE_URL: "ftp://example.net" })).toThrow(/MAILPOSTURE_URL/);
    expect(() => getEnv({ MAILPOSTURE_URL: "https://user@example.net" })).toThrow(/MAILPOSTURE_URL/);
  });

  it("lab mode follows MAILPOSTURE_ALLOW_PRIVATE", () => {
    expect(labModeEnabled(getEnv({ MAILPOSTURE_ALLOW_PRIVATE: "1" }))).toBe(true);
    expect(labModeEnabled(getEnv({}))).toBe(false);
  });
});
