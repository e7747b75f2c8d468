/** Types of bundle.mjs (plain JavaScript: the `mailposture` command loads it before any TypeScript loader). */

/** Whether code runs from a bundle, or through tsx's loader and why. */
export type EntryCode = { bundled: true } | { bundled: false; reason: string };

/** node_modules/.cache/mailposture of this checkout. */
export const CACHE_DIR: string;

/** Bundles `entry` into `cacheDir` as `<prefix>-<content hash>.mjs`; resolves to the file's path. */
export function bundleEntry(entry: string, prefix: string, cacheDir?: string): Promise<string>;

/** `bundleEntry`, or why not; never rejects. */
export function tryBundleEntry(entry: string, prefix: string, cacheDir?: string): Promise<{ bundled: true; file: string } | { bundled: false; reason: string }>;

/** Runs `entry` in this process from its bundle, or through tsx's loader when it cannot be made. */
export function runEntry(entry: string, prefix: string): Promise<unknown>;

/** How this process's entry runs (runEntry), or null when it was started some other way. */
export function entryCode(): EntryCode | null;
