import type { MtaStsPolicy } from "../../types";
import { MTA_STS_MAX_POLICY_BYTES } from "../../defaults";
import type { MtaStsPolicyIssue, MtaStsPolicyParse } from "./types";

// RFC 8461 §3.2 ABNF (field names and the version/mode values are %s: case-sensitive).
const FIELD = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \t]*(.*?)[ \t]*$/;
const MAX_AGE_DIGITS = /^[0-9]{1,10}$/;
/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about one year). */
export const MTA_STS_MAX_AGE_LIMIT = 31_557_600;
// Domain per RFC 5321 §4.1.2: sub-domain *("." sub-domain), sub-domain = Let-dig [Ldh-str].
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
/** Whether text holds a control character other than tab (sts-policy-ext-value and the Domain grammar exclude CTLs). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}
const KNOWN = ["version", "mode", "max_age", "mx"] as const;

function isMxPattern(value: string): boolean {
  const domain = value.startsWith("*.") ? value.slice(2) : value;
  // A trailing root dot is tolerated: it names the same host (see matchMxPattern).
  const labels = domain.replace(/\.$/, "").split(".");
  if (domain.length === 0 || domain.length > 253) return false;
  return labels.every((label) => label.length <= 63 && LABEL.test(label));
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Parses an MTA-STS policy body (RFC 8461 §3.2): LF or CRLF lines of `key: value`, unknown keys
 * ignored, the first of a repeated key used (except `mx`, which is multi-valued).
 */
export function parseMtaStsPolicy(body: string): MtaStsPolicyParse {
  const errors: MtaStsPolicyIssue[] = [];
  const warnings: MtaStsPolicyIssue[] = [];
  if (byteLength(body) > MTA_STS_MAX_POLICY_BYTES) {
    return { valid: false, errors: [{ code: "too-large", message: `the policy is larger than ${MTA_STS_MAX_POLICY_BYTES} bytes` }], warnings };
  }

  const lines = body.split(/\r?\n/);
  // sts-policy-record ends with an optional sts-policy-term: a final empty "line" is not a line.
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();

  const first = new Map<string, { value: string; line: number }>();
  const mx: { value: string; line: number }[] = [];
  const extensions: Record<string, string> = {};
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === "") {
      // Not allowed by the ABNF, but harmless: reported, not fatal.
      warnings.push({ code: "blank-line", message: "blank line", line });
      return;
    }
    const match = FIELD.exec(text);
    if (match === null || hasControl(text)) {
      errors.push({ code: "malformed-line", message: `line is not "key: value": ${JSON.stringify(text.slice(0, 80))}`, line });
      return;
    }
    const key = match[1] as string;
    const value = match[2] as string;
    if (key === "mx") {
      mx.push({ value, line });
      return;
    }
    if (!(KNOWN as readonly string[]).includes(key) && (KNOWN as readonly string[]).includes(key.toLowerCase())) {
      // Keys are case-sensitive, so "Mode" is an unknown (ignored) key: worth saying why.
      warnings.push({ code: "key-case", message: `"${key}" is not "${key.toLowerCase()}": keys are case-sensitive, so it is ignored`, line });
    }
    if (first.has(key)) {
      // RFC 8461 §3.2: for a repeated non-mx field, the first occurrence is used.
      warnings.push({ code: "duplicate-key", message: `"${key}" repeated; the first value is used`, line });
      return;
    }
    first.set(key, { value, line });
    if (!(KNOWN as readonly string[]).includes(key)) {
      if (value.length === 0) errors.push({ code: "invalid-extension", message: `"${key}" has an empty value`, line });
      else extensions[key] = value;
    }
  });

  const version = first.get("version");
  if (version === undefined) errors.push({ code: "missing-version", message: "no version field" });
  else if (version.value !== "STSv1") errors.push({ code: "invalid-version", message: `version "${version.value}" is not STSv1`, line: version.line });

  const modeField = first.get("mode");
  let mode: MtaStsPolicy["mode"] | undefined;
  if (modeField === undefined) errors.push({ code: "missing-mode", message: "no mode field" });
  else if (modeField.value === "enforce" || modeField.value === "testing" || modeField.value === "none") mode = modeField.value;
  else errors.push({ code: "invalid-mode", message: `mode "${modeField.value}" is not enforce, testing or none`, line: modeField.line });

  const maxAgeField = first.get("max_age");
  let maxAge: number | undefined;
  if (maxAgeField === undefined) errors.push({ code: "missing-max-age", message: "no max_age field" });
  else if (!MAX_AGE_DIGITS.test(maxAgeField.value) || Number(maxAgeField.value) > MTA_STS_MAX_AGE_LIMIT) {
    const message = `max_age "${maxAgeField.value}" is not an integer in 0..${MTA_STS_MAX_AGE_LIMIT}`;
    errors.push({ code: "invalid-max-age", message, line: maxAgeField.line });
  } else maxAge = Number(maxAgeField.value);

  for (const entry of mx) {
    if (isMxPattern(entry.value)) continue;
    errors.push({ code: "invalid-mx", message: `mx "${entry.value}" is not a host name or *.domain pattern`, line: entry.line });
  }
  // RFC 8461 §3.2 describes mx as "one or more patterns"; the spec lets mode "none" (no policy applied) omit them.
  if (mx.length === 0 && mode !== "none") errors.push({ code: "missing-mx", message: "no mx field (required unless mode is none)" });

  if (errors.length > 0 || mode === undefined || maxAge === undefined) return { valid: false, errors, warnings };
  return {
    valid: true,
    policy: { version: "STSv1", mode, maxAge, mx: mx.map((entry) => entry.value) },
    extensions,
    warnings,
  };
}
