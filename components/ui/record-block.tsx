"use client";

import { useId, useState } from "react";
import { TriangleAlert } from "lucide-react";
import { CopyButton } from "./copy-button";

/** RFC 1035 §3.3.14: one TXT character-string holds at most 255 bytes. */
const TXT_STRING_BYTES = 255;

/**
 * Splits text into pieces of at most `max` UTF-8 bytes without cutting a character in two (the
 * fallback when the caller did not pass the published strings). Pure.
 */
export function splitTxtValue(value: string, max = TXT_STRING_BYTES): string[] {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of value) {
    const n = encoder.encode(ch).length;
    if (size + n > max && current !== "") {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  if (current !== "" || parts.length === 0) parts.push(current);
  return parts;
}

/** One character-string in zone-file quoting (RFC 1035 §5.1): `"` and `\` escaped. */
export function quoteTxtString(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The owner name relative to `zone`: `_mta-sts` for `_mta-sts.example.com`, `@` for the apex; undefined outside the zone. */
export function relativeName(name: string, zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  const n = name.toLowerCase().replace(/\.$/, "");
  const z = zone.toLowerCase().replace(/\.$/, "");
  if (n === z) return "@";
  return n.endsWith(`.${z}`) ? n.slice(0, -(z.length + 1)) : undefined;
}

export type RecordBlockProps = {
  /** Owner name (FQDN, with or without the root dot). */
  name: string;
  /** The zone the name is relative to (the domain); omit to show the full name only. */
  zone?: string;
  type: string;
  ttl?: number;
  /** The value a DNS panel takes: for TXT the strings joined into one. */
  value: string;
  /** TXT: the character-strings as published; computed from `value` when absent. */
  strings?: string[];
  /** The whole record as one zone-file line, for "Copy zone-file line". */
  zoneLine?: string;
  /** Parts of the value to replace before publishing. */
  placeholders?: string[];
  /** Names the record in copy-button labels, e.g. "_mta-sts TXT record". */
  label?: string;
};

/**
 * A DNS record as Name / Type / Value with separate copy buttons and the zone-file line
 * (docs/ui.md §4 RecordBlock). Values are never truncated; a TXT value over 255 bytes is also shown as
 * its quoted 255-byte strings (cloudflare/cloudflare-docs#31237). All text is inert.
 */
export function RecordBlock({ name, zone, type, ttl, value, strings, zoneLine, placeholders = [], label }: RecordBlockProps) {
  const fqdn = name.replace(/\.$/, "");
  const relative = relativeName(fqdn, zone);
  const [showRelative, setShowRelative] = useState(relative !== undefined);
  const shownName = showRelative && relative !== undefined ? relative : fqdn;
  const what = label ?? `${relative ?? fqdn} ${type} record`;
  const toggleId = useId();
  const isTxt = type.toUpperCase() === "TXT";
  const segments = isTxt ? (strings && strings.length > 0 ? strings : splitTxtValue(value)) : [];
  const split = segments.length > 1;
  const quoted = segments.map(quoteTxtString).join(" ");

  return (
    <div className="rounded-md border border-slate-200 bg-white text-sm print:break-inside-avoid">
      <dl className="divide-y divide-slate-100">
        <div className="grid gap-1 px-3 py-2 sm:grid-cols-[5.5rem_minmax(0,1fr)_auto] sm:items-center sm:gap-3">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Name</dt>
          <dd className="min-w-0 font-mono text-[0.8125rem] text-slate-900 [overflow-wrap:anywhere]">{shownName}</dd>
          <dd className="flex flex-wrap items-center gap-2">
            {relative !== undefined ? (
              <span role="group" aria-labelledby={toggleId} className="no-print inline-flex overflow-hidden rounded-md border border-slate-300 text-xs">
                <span id={toggleId} className="sr-only">Show the name as</span>
                <button type="button" aria-pressed={showRelative} onClick={() => setShowRelative(true)} className={`px-2 py-1 font-medium ${showRelative ? "bg-slate-800 text-white" : "bg-white text-blue-800 hover:bg-slate-50"}`}>
                  Relative
                </button>
                <button type="button" aria-pressed={!showRelative} onClick={() => setShowRelative(false)} className={`border-l border-slate-300 px-2 py-1 font-medium ${!showRelative ? "bg-slate-800 text-white" : "bg-white text-blue-800 hover:bg-slate-50"}`}>
                  Full name
                </button>
              </span>
            ) : null}
            <CopyButton text={shownName} label={`Copy name of ${what}`} />
          </dd>
        </div>
        <div className="grid gap-1 px-3 py-2 sm:grid-cols-[5.5rem_minmax(0,1fr)_auto] sm:items-center sm:gap-3">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Type</dt>
          <dd className="font-mono text-[0.8125rem] text-slate-900">
            {type}
            {ttl !== undefined ? <span className="ml-3 text-slate-500">TTL {ttl}</span> : null}
          </dd>
        </div>
        <div className="grid gap-1 px-3 py-2 sm:grid-cols-[5.5rem_minmax(0,1fr)_auto] sm:items-start sm:gap-3">
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 sm:pt-1">Value</dt>
          <dd className="min-w-0">
            <code className="block whitespace-pre-wrap font-mono text-[0.8125rem] text-slate-900 [overflow-wrap:anywhere]">{value}</code>
            {placeholders.length > 0 ? (
              <p className="mt-1 inline-flex items-start gap-1 text-xs text-amber-900">
                <TriangleAlert aria-hidden className="mt-px h-3.5 w-3.5 shrink-0" />
                <span>
                  Fill in before publishing: {placeholders.map((p, i) => (
                    <code key={p} className="font-mono">{i > 0 ? ", " : ""}{p}</code>
                  ))}
                </span>
              </p>
            ) : null}
          </dd>
          <dd>
            <CopyButton text={value} label={`Copy value of ${what}`} />
          </dd>
        </div>
        {split ? (
          <div className="grid gap-1 px-3 py-2 sm:grid-cols-[5.5rem_minmax(0,1fr)_auto] sm:items-start sm:gap-3">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 sm:pt-1">
              As {segments.length} strings
            </dt>
            <dd className="min-w-0">
              <p className="mb-1 text-xs text-slate-600">
                Longer than 255 bytes, so it is published as {segments.length} quoted strings that receivers join. Use this form where a DNS panel or zone file asks for the strings.
              </p>
              <ol className="space-y-1">
                {segments.map((seg, i) => (
                  <li key={i} className="flex gap-2">
                    <span aria-hidden className="w-4 shrink-0 select-none text-right font-mono text-xs leading-5 text-slate-400">{i + 1}</span>
                    <code className="min-w-0 font-mono text-[0.8125rem] text-slate-900 [overflow-wrap:anywhere]">{quoteTxtString(seg)}</code>
                  </li>
                ))}
              </ol>
            </dd>
            <dd>
              <CopyButton text={quoted} label={`Copy ${what} as quoted strings`} />
            </dd>
          </div>
        ) : null}
      </dl>
      {zoneLine ? (
        <div className="flex flex-col gap-2 border-t border-slate-200 bg-slate-50 px-3 py-2 sm:flex-row sm:items-center sm:gap-3">
          <span className="text-xs font-medium text-slate-600 sm:w-[5.5rem] sm:shrink-0">Zone file</span>
          <code className="min-w-0 flex-1 font-mono text-xs text-slate-700 [overflow-wrap:anywhere]">{zoneLine}</code>
          <span className="self-start sm:self-auto">
            <CopyButton text={zoneLine} label={`Copy zone-file line of ${what}`} />
          </span>
        </div>
      ) : null}
    </div>
  );
}
