/** RFC 7208 §7.1 macro-string syntax (validated, never expanded: this checker has no sender IP or envelope). */

export type MacroCheck =
  | {
      ok: true;
      hasMacros: boolean;
      /** Index just past the last macro-expand (0 when there is none). */
      literalTailStart: number;
    }
  | { ok: false; code: "bad-macro" | "bad-domain-spec"; message: string };

// macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
// transformers = *DIGIT [ "r" ]; delimiter = "." / "-" / "+" / "," / "/" / "_" / "="
const EXPAND = /^([slodiphcrtv])([0-9]*)(r?)([.\-+,/_=]*)$/i;
// macro-literal = %x21-24 / %x26-7E (visible characters except "%")
const LITERAL = /^[\x21-\x24\x26-\x7e]$/;

/**
 * Validates a macro-string. `inExp` allows the c, r and t letters, which RFC 7208 §7.2 restricts to
 * "exp" explanation text. hasMacros is true when a %{...} expansion occurs.
 */
export function parseMacroString(text: string, inExp = false): MacroCheck {
  let hasMacros = false;
  let literalTailStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c !== "%") {
      if (!LITERAL.test(c)) return { ok: false, code: "bad-macro", message: `character ${JSON.stringify(c)} is not allowed` };
      continue;
    }
    const next = text.charAt(i + 1);
    if (next === "%" || next === "_" || next === "-") {
      i++;
      literalTailStart = i + 1;
      continue;
    }
    if (next !== "{") return { ok: false, code: "bad-macro", message: `"%" must be followed by {, %, _ or - (RFC 7208 §7.1)` };
    const close = text.indexOf("}", i + 2);
    if (close === -1) return { ok: false, code: "bad-macro", message: "unterminated %{ macro" };
    const body = text.slice(i + 2, close);
    const match = EXPAND.exec(body);
    if (match === null) return { ok: false, code: "bad-macro", message: `%{${body}} is not a valid macro` };
    const letter = (match[1] as string).toLowerCase();
    if (!inExp && (letter === "c" || letter === "r" || letter === "t")) {
      return { ok: false, code: "bad-macro", message: `%{${body}}: the ${letter} macro is allowed only in exp text (RFC 7208 §7.2)` };
    }
    // RFC 7208 §7.3: a DIGIT transformer, when given, must be nonzero.
    if (match[2] !== "" && Number(match[2]) === 0) return { ok: false, code: "bad-macro", message: `%{${body}}: the digit transformer must be nonzero` };
    hasMacros = true;
    i = close;
    literalTailStart = close + 1;
  }
  return { ok: true, hasMacros, literalTailStart };
}

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
const TOPLABEL_END = /\.(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])\.?$/;

/**
 * Validates a domain-spec (RFC 7208 §7.1: macro-string domain-end). Without macros the name must also
 * be usable in DNS: no empty label, labels up to 63 octets, at most 253 in all (RFC 1035 §2.3.4).
 */
export function parseDomainSpec(spec: string): MacroCheck {
  const macro = parseMacroString(spec);
  if (!macro.ok) return macro;
  // domain-end = ( "." toplabel [ "." ] ) / macro-expand
  const tail = spec.slice(macro.literalTailStart);
  if (tail !== "" && !TOPLABEL_END.test(tail)) return { ok: false, code: "bad-domain-spec", message: `"${spec}" does not end in a valid top-level label` };
  if (spec === "") return { ok: false, code: "bad-domain-spec", message: "empty domain-spec" };
  if (!macro.hasMacros) {
    const name = spec.replace(/\.$/, "");
    const labels = name.split(".");
    if (name.length > 253 || labels.some((label) => label.length === 0 || label.length > 63)) {
      return { ok: false, code: "bad-domain-spec", message: `"${spec}" is not a valid domain name` };
    }
  }
  return macro;
}
