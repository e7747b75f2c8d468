// Layering rules of the project (AGENTS.md): each folder may import only what its layer allows.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";

const framework = ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"];
const prisma = ["@prisma/*", "prisma", "@/lib/generated/*", "@/lib/db", "@/lib/db/*"];
const nodeNet = ["node:net", "node:tls", "node:dns", "node:dgram", "node:https", "node:http", "net", "tls", "dns", "dgram", "https", "http"];
const envRead = { object: "process", property: "env", message: "lib/scan reads no environment: take options as arguments." };
const scanPatterns = [
  { group: [...framework, ...prisma, "server-only", "@/app/*", "@/components/*"], message: "lib/scan is framework-free: no Next.js, React, Prisma or app code." },
  { regex: "^@/lib/(?!scan/)", message: "lib/scan imports nothing from lib/ outside itself." },
  // One import style inside the scanner (lib/scan/AGENTS.md): its own modules by relative path.
  { regex: "^@/lib/scan(?:/|$)", message: "Inside lib/scan, import its own modules by relative path." },
];
// Exact module names: a pattern like "net" would also match relative paths such as ./net/dns.
const socketPaths = nodeNet.map((name) => ({ name, message: "Only lib/scan/net/* may open sockets." }));
// Certificates and keys are parsed and hashed in lib/scan/x509 only, so the report's spkiSha256,
// DANE matching, the suggested TLSA records and the what-if hash the same bytes (the SPKI as it
// appears in the certificate, RFC 6698 §2.1.2), never a re-exported key. Elsewhere in lib/scan,
// node:crypto is for randomness (DNS message ids, RFC 5452 §9.2); a non-key digest goes through
// x509's sha256Hex, so that every hash stays in one place to audit.
const cryptoRandomOnly = ["node:crypto", "crypto"].map((name) => ({
  name,
  allowImportNames: ["randomInt", "randomBytes", "randomUUID", "getRandomValues"],
  message: "Certificates and keys are parsed and hashed only in lib/scan/x509; elsewhere in lib/scan node:crypto gives random numbers only.",
}));
const webCryptoRead = [
  { object: "crypto", property: "subtle", message: "Digests of certificates and keys are computed only in lib/scan/x509." },
  { object: "globalThis", property: "crypto", message: "Digests of certificates and keys are computed only in lib/scan/x509." },
];
// net/ observes (bytes sent and received); judging (trust, names, dates, DANE, findings) lives above it.
const judgingLayers = {
  regex: "^(?:(?:\\.\\./)+|@/lib/scan/)(?:checks|suggest|what-if|posture|scan-domain|default-deps)(?:/|$)",
  message: "lib/scan/net returns observations only: judging lives in lib/scan/checks (and above), which import net/, never the reverse.",
};
// x509 is the bottom of lib/scan: pure functions over bytes, importing nothing that observes or judges.
const aboveX509 = {
  regex: "^(?:(?:\\.\\./)+|@/lib/scan/)(?:net|checks|suggest|what-if|posture|scan-domain|default-deps)(?:/|$)",
  message: "lib/scan/x509 is pure and below every other part of lib/scan.",
};

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", Buffer: "readonly", AbortController: "readonly", AbortSignal: "readonly", fetch: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", setInterval: "readonly", clearInterval: "readonly", queueMicrotask: "readonly", structuredClone: "readonly", performance: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      "react/no-danger": "off",
    },
  },
  // lib/scan: framework-free, no database, no env. Only lib/scan/net touches sockets; only
  // lib/scan/x509 parses certificates and hashes keys. (A later block for the same files replaces
  // these options, so each block below repeats what still applies.)
  {
    files: ["lib/scan/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", envRead, ...webCryptoRead],
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: scanPatterns, paths: [...socketPaths, ...cryptoRandomOnly] }],
    },
  },
  {
    files: ["lib/scan/net/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...scanPatterns, judgingLayers], paths: cryptoRandomOnly }],
    },
  },
  {
    files: ["lib/scan/x509/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", envRead],
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...scanPatterns, aboveX509], paths: socketPaths }],
    },
  },
  // app/ and components/: no database access; the scanner only as types.
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: prisma, message: "app/ and components/ reach the database only through lib/services." },
          { regex: "^@/lib/scan/(?!types$|findings$)", allowTypeImports: true, message: "Only types and the finding catalogue of lib/scan may reach app/ and components/." },
        ],
      }],
    },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: prisma, message: "components/ reach no database." },
          { group: ["@/lib/services", "@/lib/services/*", "@/app/*"], message: "components/ are presentation only: data and actions come in as props." },
          { regex: "^@/lib/scan/(?!types$|findings$)", allowTypeImports: true, message: "Only types and the finding catalogue of lib/scan may reach components/." },
        ],
      }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": ["error", { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: "DNS, SMTP and HTTP text is rendered as inert text only." }],
    },
  },
);
