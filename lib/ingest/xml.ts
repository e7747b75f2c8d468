/**
 * A minimal XML reader for report documents, written so that entities cannot happen: any document
 * type declaration or entity declaration is refused before the first tag is read (no XXE, no
 * billion laughs, nothing fetched, nothing read from disk), and the only references understood are
 * XML 1.0's five predefined ones and character references (XML 1.0 §4.1, §4.6). It keeps element
 * names (without namespace prefix), their text and their children; attributes, comments and
 * processing instructions are skipped, since report formats carry no data in them.
 *
 * Memory stays bounded on hostile input: depth and retained elements are capped, and `detach` lets
 * the caller turn a finished element (a DMARC `<record>`) into its own compact form and drop it.
 */
export type XmlElement = { name: string; text: string; children: XmlElement[] };

export type XmlOptions = {
  maxDepth: number;
  /** Elements held in the tree at once (detached ones no longer count). */
  maxRetainedElements: number;
  /** Called when an element closes; returning true keeps it out of its parent's children. */
  detach?: (element: XmlElement, depth: number) => boolean;
};

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; error: string };

class XmlSyntaxError extends Error {}

const DECLARATION = /^<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g;

/** Parses a document; throws only what `detach` throws. */
export function parseXml(text: string, options: XmlOptions): XmlResult {
  // Refused before parsing, wherever it sits (also inside a comment, where a lenient parser
  // elsewhere might still see it): reports never need a DTD.
  const declaration = findDeclaration(text);
  if (declaration) return { ok: false, error: `XML with a document type or entity declaration (${declaration}) is refused: reports need none, and entities are how XXE and billion-laughs attacks work` };
  try {
    return { ok: true, root: readDocument(text, options) };
  } catch (err) {
    if (err instanceof XmlSyntaxError) return { ok: false, error: `malformed XML: ${err.message}` };
    throw err;
  }
}

/** The first `<!DOCTYPE`-like declaration, found with indexOf: `<!` is rare in reports, a regex over megabytes is not free. */
function findDeclaration(text: string): string | undefined {
  for (let at = text.indexOf("<!"); at >= 0; at = text.indexOf("<!", at + 2)) {
    const match = DECLARATION.exec(text.slice(at, at + 64));
    if (match) return match[0];
  }
  return undefined;
}

type Frame = { element: XmlElement; qname: string; size: number };

function readDocument(text: string, options: XmlOptions): XmlElement {
  const stack: Frame[] = [];
  let root: XmlElement | undefined;
  let retained = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const lt = text.indexOf("<", i);
    const textEnd = lt < 0 ? length : lt;
    if (textEnd > i && !isIgnorableSpace(text, i, textEnd, stack)) appendText(stack, text.slice(i, textEnd), false);
    if (lt < 0) break;
    if (text.startsWith("<?", lt)) {
      i = after(text, "?>", lt, "processing instruction");
    } else if (text.startsWith("<!--", lt)) {
      i = after(text, "-->", lt, "comment");
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = after(text, "]]>", lt, "CDATA section");
      appendText(stack, text.slice(lt + 9, end - 3), true);
      i = end;
    } else if (text.startsWith("<!", lt)) {
      throw new XmlSyntaxError(`markup declaration at offset ${lt} is not allowed`);
    } else if (text.startsWith("</", lt)) {
      const end = after(text, ">", lt, "end tag");
      const qname = text.slice(lt + 2, end - 1).trim();
      const frame = stack.pop();
      if (!frame || frame.qname !== qname) throw new XmlSyntaxError(`end tag </${short(qname)}> does not match ${frame ? `<${short(frame.qname)}>` : "any open element"}`);
      retained = close(stack, frame, retained, options);
      if (stack.length === 0) root = frame.element;
      i = end;
    } else {
      const end = tagEnd(text, lt);
      const selfClosing = text.charCodeAt(end - 2) === 0x2f; // "/"
      let nameEnd = lt + 1;
      for (let c = text.charCodeAt(nameEnd); c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x2f && c !== 0x3e; c = text.charCodeAt(++nameEnd));
      const qname = text.slice(lt + 1, nameEnd);
      if (!qname) throw new XmlSyntaxError(`empty tag name at offset ${lt}`);
      if (stack.length === 0 && root) throw new XmlSyntaxError("more than one root element");
      if (stack.length >= options.maxDepth) throw new XmlSyntaxError(`elements nested deeper than ${options.maxDepth}`);
      if (++retained > options.maxRetainedElements) throw new XmlSyntaxError(`more than ${options.maxRetainedElements} elements`);
      const colon = qname.indexOf(":");
      const frame: Frame = { element: { name: colon >= 0 ? qname.slice(colon + 1) : qname, text: "", children: [] }, qname, size: 1 };
      if (selfClosing) {
        retained = close(stack, frame, retained, options);
        if (stack.length === 0) root = frame.element;
      } else {
        stack.push(frame);
      }
      i = end;
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`document ends inside <${short(stack[stack.length - 1]!.qname)}>`);
  if (!root) throw new XmlSyntaxError("no root element");
  return root;
}

function close(stack: Frame[], frame: Frame, retained: number, options: XmlOptions): number {
  const parent = stack[stack.length - 1];
  if (parent && options.detach?.(frame.element, stack.length)) return retained - frame.size;
  if (parent) {
    parent.element.children.push(frame.element);
    parent.size += frame.size;
  }
  return retained;
}

/**
 * Indentation between elements: white space inside an element that already has children, or
 * before a child's start tag. Skipping it saves a string per container element; values are read
 * trimmed, so no value changes.
 */
function isIgnorableSpace(text: string, from: number, to: number, stack: Frame[]): boolean {
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  const top = stack[stack.length - 1];
  if (!top || top.element.children.length > 0 || top.size > 1) return true;
  const next = text.charCodeAt(to + 1);
  return to < text.length && next !== 0x2f && next !== 0x21; // not "</" and not "<!" (CDATA)
}

function appendText(stack: Frame[], raw: string, isCdata: boolean) {
  const top = stack[stack.length - 1];
  if (!top) {
    if (raw.trim() !== "") throw new XmlSyntaxError("text outside the root element");
    return;
  }
  top.element.text += isCdata ? raw : decodeReferences(raw);
}

/** XML 1.0 §4.6 predefined entities and §4.1 character references; any other reference is an error. */
function decodeReferences(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(REFERENCE, (_, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // NUL, surrogates and out-of-range code points become U+FFFD rather than breaking storage.
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[ref];
    if (value === undefined) throw new XmlSyntaxError(`reference to an undeclared entity &${short(ref)}; (entities are not supported)`);
    return value;
  });
}

function after(text: string, terminator: string, from: number, what: string): number {
  const at = text.indexOf(terminator, from + 2);
  if (at < 0) throw new XmlSyntaxError(`unterminated ${what} at offset ${from}`);
  return at + terminator.length;
}

/** The offset just past the `>` that ends the tag at `lt`, skipping quoted attribute values. */
function tagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let j = lt + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return j + 1;
    } else if (c === 0x3c) {
      throw new XmlSyntaxError(`"<" inside the tag at offset ${lt}`);
    }
  }
  throw new XmlSyntaxError(`unterminated tag at offset ${lt}`);
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
