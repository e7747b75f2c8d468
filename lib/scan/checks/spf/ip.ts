// qnum = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35 (RFC 7208 §12)
const QNUM = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])";
const IP4 = new RegExp(`^${QNUM}(?:\\.${QNUM}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** Whether text is an ip4-network (dotted quad without leading zeros, RFC 7208 §12). */
export function isIp4Network(text: string): boolean {
  return IP4.test(text);
}

/** Whether text is an IPv6 address in a text form of RFC 4291 §2.2 (ip6-network, RFC 7208 §12). */
export function isIp6Network(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  const all = [...head, ...tail];
  let count = all.length;
  const last = all[all.length - 1];
  // RFC 4291 §2.2 form 3: the last 32 bits may be written as a dotted quad.
  if (last !== undefined && last.includes(".")) {
    if (!isIp4Network(last)) return false;
    all.pop();
    count += 1;
  }
  if (!all.every((g) => HEX_GROUP.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}
