// Layering rules of the project (AGENTS.md): each folder may import only what its layer allows.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";

const framework = ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"];
const prisma = ["@prisma/*", "prisma", "@/lib/generated/*", "@/lib/db", "@/lib/db/*"];
const nodeNet = ["node:net", "node:tls", "node:dns", "node:dgram", "node:https", "node:http", "net", "tls", "dns", "dgram", "https", "http"];
const envRead = { object: "process", property: "env", message: "lib/scan reads no environment: take options as arguments." };

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "lib/generated/**", "next-env.d.ts", "tests/fixtures/lint/**", "test-results/**", "playwright-report/**"] },
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
  // lib/scan: framework-free, no database, no env. Only lib/scan/net touches sockets.
  {
    files: ["lib/scan/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", envRead],
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: [...framework, ...prisma, "server-only", "@/app/*", "@/components/*"], message: "lib/scan is framework-free: no Next.js, React, Prisma or app code." },
          { regex: "^@/lib/(?!scan/)", message: "lib/scan imports nothing from lib/ outside itself." },
        ],
        // Exact module names: a pattern like "net" would also match relative paths such as ./net/dns.
        paths: nodeNet.map((name) => ({ name, message: "Only lib/scan/net/* may open sockets." })),
      }],
    },
  },
  {
    files: ["lib/scan/net/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: [...framework, ...prisma, "server-only", "@/app/*", "@/components/*"], message: "lib/scan is framework-free: no Next.js, React, Prisma or app code." },
          { regex: "^@/lib/(?!scan/)", message: "lib/scan imports nothing from lib/ outside itself." },
        ],
      }],
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
