/**
 * The finding catalogue: one entry per stable finding id of the report contract
 * (spec "Finding catalogue"), in the spec table's order. Pure data, safe in the browser.
 *
 * Append-only: an id, once shipped, is never renamed, removed or reused. A new id goes at the
 * end of its area's block, into docs/findings.md (same table form) and into the id table of
 * tests/unit/scan/findings.test.ts.
 *
 * Import through `./findings` (which adds `FindingId`, `isFindingId` and `makeFinding`).
 */
import type { Severity } from "./types";

/** The report area a finding belongs to (grouping in the UI and in docs/findings.md). */
export type FindingArea =
  | "mx"
  | "starttls"
  | "mtaSts"
  | "tlsRpt"
  | "dane"
  | "dmarc"
  | "spf"
  | "exposure"
  | "history";

/** Who has to act (docs/ui.md §4 owner chip). */
export type FindingOwner = "DNS" | "Mail server" | "Policy web host";

/**
 * Rough size of the fix (docs/ui.md §4 effort chip): `minutes` — one record or a one-line edit of a
 * served file; `hours` — policy host or certificate work; `project` — DNSSEC signing.
 */
export type FindingEffort = "minutes" | "hours" | "project";

export type FindingDefinition = {
  readonly area: FindingArea;
  /** Default severity: exact for fixed rows; for context rows the severity outside any special context. */
  readonly severity: Severity;
  /** True where the spec lets context decide the severity (MTA-STS enforce / DANE-EE coverage). */
  readonly contextSeverity?: true;
  /** Plain-English statement of the problem, at most 70 characters. */
  readonly title: string;
  /** Two or three sentences: what it means and why it matters. */
  readonly explanation: string;
  /** What to publish or change, naming the record or file. */
  readonly fix: string;
  /** Primary reference, e.g. "RFC 8461 §3.2". */
  readonly rfc: string;
  readonly owner: FindingOwner;
  readonly effort: FindingEffort;
};

export const FINDING_DEFINITIONS = {
  // ── MX ─────────────────────────────────────────────────────────────────────────────────────
  "mx-null": {
    area: "mx",
    severity: "info",
    title: "Domain publishes a null MX and accepts no mail",
    explanation:
      "The domain's only MX record is the null MX (`0 .`), which tells senders that it never receives mail. Senders reject messages to it at once instead of queuing them, so the inbound transport checks do not apply. This is correct for domains that only send mail or are parked.",
    fix: "Nothing to do if the domain should not receive mail. If it should, remove the `MX 0 .` record and publish MX records that name your mail servers.",
    rfc: "RFC 7505 §3",
    owner: "DNS",
    effort: "minutes",
  },
  "mx-missing": {
    area: "mx",
    severity: "medium",
    title: "Domain has no MX records",
    explanation:
      "Without MX records, senders fall back to the domain's own A/AAAA address (the implicit MX). That address is often a web server that does not run SMTP, so mail is queued and eventually bounced; if it does run SMTP, it is checked like any other MX. Publishing MX records, or a null MX when no mail is wanted, removes the guesswork.",
    fix: "Publish MX records for your mail servers (e.g. `example.com. IN MX 10 mx1.example.com.`); if the domain receives no mail, publish a null MX instead: `example.com. IN MX 0 .`",
    rfc: "RFC 5321 §5.1",
    owner: "DNS",
    effort: "minutes",
  },
  "mx-host-unresolvable": {
    area: "mx",
    severity: "high",
    title: "MX host name does not resolve to an address",
    explanation:
      "An MX record points to a host name that has no A or AAAA record. Senders cannot connect to it and must use the other MX hosts, or queue and finally bounce the mail when none is left. It usually remains after a mail server was retired or renamed.",
    fix: "Publish A/AAAA records for the MX host name, or delete the MX record that names it so that only MX records for existing hosts remain.",
    rfc: "RFC 5321 §5.1",
    owner: "DNS",
    effort: "minutes",
  },
  "mx-truncated": {
    area: "mx",
    severity: "info",
    title: "More MX hosts or addresses than one scan probes",
    explanation:
      "The domain names more MX hosts, or an MX host more addresses, than one scan looks at: the 10 hosts with the lowest preference and 2 addresses per family of each are probed, the rest are counted but neither contacted nor judged. Senders try the lowest preference first, so those hosts carry the mail; a very large MX set is usually a leftover or a mistake.",
    fix: "Nothing to fix if the MX set is intended. Otherwise trim the MX records to the hosts that really receive mail, and keep each MX host to a few A/AAAA records.",
    rfc: "RFC 5321 §5.1",
    owner: "DNS",
    effort: "minutes",
  },
  "mx-unreachable": {
    area: "mx",
    severity: "info",
    title: "MX host could not be reached from the scanner",
    explanation:
      "No SMTP session could be opened to this MX host: the connection was refused, timed out, or no greeting arrived. Many networks block outbound port 25, so this is inconclusive rather than a failure, and the host's STARTTLS state is unknown. If senders cannot reach it either, its share of mail is delayed or moves to other MX hosts.",
    fix: "Check that the mail server listens on port 25 and that firewalls allow inbound SMTP from the internet; if the scanner's network blocks outbound port 25, rescan from a network that allows it.",
    rfc: "RFC 5321 §5.1",
    owner: "Mail server",
    effort: "hours",
  },
  "target-private-address": {
    area: "mx",
    severity: "high",
    title: "MX or policy host resolves to a private address",
    explanation:
      "An MX host or `mta-sts.<domain>` resolves to a loopback, private or link-local address. Senders on the internet cannot reach such an address, so delivery or the policy fetch fails, and the scanner refuses to connect to it. It usually means an internal DNS view or a test record has leaked into public DNS.",
    fix: "Publish only public, routable A/AAAA records for the MX hosts and for `mta-sts.<domain>` in the public zone; keep internal addresses in an internal DNS view.",
    rfc: "RFC 6890 §2.2",
    owner: "DNS",
    effort: "minutes",
  },

  // ── STARTTLS and certificates ──────────────────────────────────────────────────────────────
  "starttls-not-offered": {
    area: "starttls",
    severity: "high",
    title: "MX host does not offer STARTTLS",
    explanation:
      "The server answers EHLO without advertising STARTTLS, so every sender delivers to it in plain text. Anyone on the network path can read or change those messages. Senders that require TLS (MTA-STS enforce, DANE) will not deliver to this host at all.",
    fix: "Enable STARTTLS on the mail server with a certificate for the MX host name (Postfix: `smtpd_tls_security_level = may` plus `smtpd_tls_chain_files`). If a firewall's SMTP inspection removes the STARTTLS keyword, turn that inspection off.",
    rfc: "RFC 3207 §2",
    owner: "Mail server",
    effort: "hours",
  },
  "starttls-failed": {
    area: "starttls",
    severity: "high",
    title: "STARTTLS is advertised but the TLS handshake fails",
    explanation:
      "The server advertises STARTTLS, but the command is refused or the TLS handshake fails. Most senders then retry in plain text, which exposes the mail, and senders that require TLS cannot deliver at all. Common causes are an unreadable certificate or key file, or no cipher suite in common with current senders.",
    fix: "Read the mail server's TLS log for the handshake error; make sure the SMTP daemon can read the certificate and key files and that TLS 1.2 and 1.3 with ECDHE and AES-GCM suites are enabled. Test with `openssl s_client -starttls smtp -connect <mx>:25`.",
    rfc: "RFC 3207 §4",
    owner: "Mail server",
    effort: "hours",
  },
  "starttls-injection": {
    area: "starttls",
    severity: "medium",
    title: "MX host sends plaintext replies nobody asked for",
    explanation:
      "The server sent bytes that no command asked for: after its 220 reply to STARTTLS, or replies pipelined before the scanner had spoken. A server that buffers plaintext across the switch to TLS is likely open to STARTTLS command and response injection, where an attacker's plaintext is treated as if it came inside the encrypted session. The scanner discarded those bytes.",
    fix: "Update the mail server (or the firewall or proxy in front of it that speaks SMTP) to a release that flushes its input and output buffers when TLS starts, as RFC 3207 §4.2 and the 2021 STARTTLS injection advisories require.",
    rfc: "RFC 3207 §4.2",
    owner: "Mail server",
    effort: "hours",
  },
  "tls-legacy-only": {
    area: "starttls",
    severity: "high",
    title: "MX host supports only TLS versions older than 1.2",
    explanation:
      "The best TLS version this MX host negotiates is TLS 1.1 or older. Those versions are deprecated and weak, many senders refuse them and fall back to plain text, and MTA-STS requires at least TLS 1.2. Mail to this host is effectively unprotected.",
    fix: "Upgrade the mail server and its TLS library and enable TLS 1.2 and TLS 1.3 (Postfix: make sure `smtpd_tls_protocols` does not exclude `TLSv1.2` and `TLSv1.3`).",
    rfc: "RFC 8461 §7.2; RFC 8996",
    owner: "Mail server",
    effort: "hours",
  },
  "cert-untrusted": {
    area: "starttls",
    severity: "medium",
    contextSeverity: true,
    title: "MX certificate does not chain to a trusted root",
    explanation:
      "The chain this MX host presents does not validate to a publicly trusted root: it is self-signed, from an unknown CA, or missing an intermediate. Opportunistic TLS still works, but senders enforcing MTA-STS refuse the host, which makes this critical under an `enforce` policy. Senders that rely on matching DANE-EE records ignore the chain.",
    fix: "Install a certificate from a public CA (e.g. via ACME) for the MX host name and configure the server to send the full chain, leaf first, then intermediates (Postfix: `smtpd_tls_chain_files` pointing at the full-chain file).",
    rfc: "RFC 8461 §4.2",
    owner: "Mail server",
    effort: "hours",
  },
  "cert-name-mismatch": {
    area: "starttls",
    severity: "medium",
    contextSeverity: true,
    title: "MX certificate is not valid for the MX host name",
    explanation:
      "No subjectAltName DNS name in the certificate matches the MX host name; a wildcard covers exactly one leftmost label and the Common Name is ignored. Senders enforcing MTA-STS refuse the host, which makes this critical under an `enforce` policy; senders relying on DANE-EE ignore names. It often happens when the webmail certificate is reused on an MX with a different name.",
    fix: "Issue a certificate whose subjectAltName contains the exact MX host name as it appears in the MX record and install it on the server, or point the MX record at a name the certificate covers.",
    rfc: "RFC 9525 §6.3",
    owner: "Mail server",
    effort: "hours",
  },
  "cert-expired": {
    area: "starttls",
    severity: "medium",
    contextSeverity: true,
    title: "MX certificate is expired or not yet valid",
    explanation:
      "The certificate this MX host presents is outside its validity period. Senders enforcing MTA-STS refuse it, so mail stops under an `enforce` policy; senders relying only on DANE-EE records ignore the dates. It usually means automated renewal failed or the server was not reloaded after renewal.",
    fix: "Renew and install the certificate, then reload the mail server; automate renewal (ACME) with a hook that reloads the SMTP daemon, and monitor expiry.",
    rfc: "RFC 5280 §4.1.2.5",
    owner: "Mail server",
    effort: "hours",
  },
  "cert-expiring-soon": {
    area: "starttls",
    severity: "low",
    contextSeverity: true,
    title: "MX certificate expires within 14 days",
    explanation:
      "The certificate on this MX host expires in less than two weeks. Once it has expired, senders enforcing MTA-STS refuse the host, and if renewal changes the key, TLSA records that pin the current key stop matching. Renewing now avoids an outage.",
    fix: "Renew the certificate now and reload the mail server. If `3 1 1` TLSA records pin the key, reuse the key on renewal or publish the new key's TLSA record before switching.",
    rfc: "RFC 5280 §4.1.2.5",
    owner: "Mail server",
    effort: "hours",
  },

  // ── Exposure to STARTTLS stripping ─────────────────────────────────────────────────────────
  "starttls-stripping-exposure": {
    area: "exposure",
    severity: "high",
    title: "Mail can be downgraded to plain text by an on-path attacker",
    explanation:
      "At least one MX host is protected neither by an enforced MTA-STS policy nor by valid DANE records, so senders use TLS only when it is offered. An attacker on the network path can remove STARTTLS from the server's reply and read or change mail in transit without the sender noticing. The weakest MX decides, because senders fall back to backup MX hosts.",
    fix: "Protect every MX host: publish an MTA-STS policy with `mode: enforce` listing all MX hosts (after a testing period), and/or sign the zones with DNSSEC and publish TLSA records at `_25._tcp.<mx>`. Start from the suggested mta-sts.txt and TLSA records in this report.",
    rfc: "RFC 7672 §1.3.1",
    owner: "Policy web host",
    effort: "hours",
  },
  "starttls-stripping-partial": {
    area: "exposure",
    severity: "medium",
    title: "Mail is protected from downgrade for only some senders",
    explanation:
      "Every MX host is protected, but by one mechanism only. With DANE alone, senders that implement only MTA-STS still deliver opportunistically; with MTA-STS alone, DANE-only senders are unprotected and the first contact with any sender is trust-on-first-use. Publishing both closes the gap.",
    fix: "Add the missing mechanism: with DANE in place, publish an MTA-STS policy in `enforce` mode covering all MX hosts; with MTA-STS in place, sign the zones with DNSSEC and publish TLSA records at `_25._tcp.<mx>` for each MX host.",
    rfc: "RFC 8461 §2",
    owner: "DNS",
    effort: "project",
  },

  // ── MTA-STS ────────────────────────────────────────────────────────────────────────────────
  "mta-sts-missing": {
    area: "mtaSts",
    severity: "medium",
    title: "No MTA-STS policy is published",
    explanation:
      "There is no `_mta-sts` TXT record, so senders do not know that this domain expects authenticated TLS. Without MTA-STS (or DANE), senders fall back to plain text when an attacker strips STARTTLS. MTA-STS needs no DNSSEC: one TXT record and a small file on an HTTPS web host.",
    fix: "Serve mta-sts.txt (start with `mode: testing`, one `mx:` line per MX host, `max_age: 86400`) at `https://mta-sts.<domain>/.well-known/mta-sts.txt` with a valid certificate, then publish `_mta-sts.<domain>. IN TXT \"v=STSv1; id=20261128T120000\"`. The suggested files in this report are a starting point.",
    rfc: "RFC 8461 §3",
    owner: "Policy web host",
    effort: "hours",
  },
  "mta-sts-record-invalid": {
    area: "mtaSts",
    severity: "high",
    title: "The _mta-sts TXT record is malformed or duplicated",
    explanation:
      "TXT records exist at `_mta-sts`, but not exactly one starts with `v=STSv1`, or that one breaks the grammar (its `id` is missing or not 1–32 letters and digits). Senders then assume the domain has no MTA-STS policy, so the hosted policy is ignored. Duplicates often appear when a new record is added without deleting the old one.",
    fix: "Keep exactly one TXT record at `_mta-sts.<domain>` of the form `v=STSv1; id=20261128T120000` (`id`: 1–32 letters or digits, no punctuation) and delete any other `v=STSv1` record.",
    rfc: "RFC 8461 §3.1",
    owner: "DNS",
    effort: "minutes",
  },
  "mta-sts-policy-unavailable": {
    area: "mtaSts",
    severity: "high",
    title: "The MTA-STS policy file could not be fetched",
    explanation:
      "The `_mta-sts` record announces a policy, but `https://mta-sts.<domain>/.well-known/mta-sts.txt` could not be fetched: no address, connection refused, timeout, or a status other than 200. Senders without a cached copy cannot apply the policy and are unprotected, and policy updates reach nobody.",
    fix: "Make `mta-sts.<domain>` resolve to a web host that answers HTTPS on port 443 and returns the policy with status 200 at `/.well-known/mta-sts.txt`; check with `curl -i https://mta-sts.<domain>/.well-known/mta-sts.txt`.",
    rfc: "RFC 8461 §3.3",
    owner: "Policy web host",
    effort: "hours",
  },
  "mta-sts-policy-redirect": {
    area: "mtaSts",
    severity: "high",
    title: "The MTA-STS policy URL answers with a redirect",
    explanation:
      "Requesting the policy returns an HTTP redirect (3xx). Senders must not follow redirects when fetching a policy, so for them the policy does not exist and the domain is unprotected. A hosting platform's blanket redirect to `www` or to another path is the usual cause.",
    fix: "Serve the file directly with status 200 at `https://mta-sts.<domain>/.well-known/mta-sts.txt`, and exempt that host and path from `www`, trailing-slash or other redirect rules.",
    rfc: "RFC 8461 §3.3",
    owner: "Policy web host",
    effort: "hours",
  },
  "mta-sts-policy-cert-invalid": {
    area: "mtaSts",
    severity: "high",
    title: "The MTA-STS web host has an invalid HTTPS certificate",
    explanation:
      "The HTTPS certificate of `mta-sts.<domain>` is untrusted, expired, or issued for another name. Senders must authenticate this host before they accept the policy, so they ignore it and the domain is unprotected. A shared hosting or CDN certificate that lacks the `mta-sts` name is a common cause.",
    fix: "Install a publicly trusted certificate whose subjectAltName includes `mta-sts.<domain>` on the policy web host, serve the full chain, and automate its renewal.",
    rfc: "RFC 8461 §3.3",
    owner: "Policy web host",
    effort: "hours",
  },
  "mta-sts-policy-invalid": {
    area: "mtaSts",
    severity: "high",
    title: "The MTA-STS policy file is malformed",
    explanation:
      "The policy body breaks the MTA-STS grammar: `version` is not `STSv1`, `mode` is not enforce, testing or none, `max_age` is missing or out of range, the `mx` lines are missing, or the file is larger than 64 KiB. Senders discard an invalid policy, so it gives no protection. An HTML page served in place of the file, or a misspelt key, is the usual cause.",
    fix: "Serve a plain-text file with one `key: value` per line: `version: STSv1`, `mode: testing` (or `enforce`), one `mx: mx1.example.com` line per MX host or `*.` pattern, and `max_age: 604800` (0 to 31557600); then publish a new `id` in the `_mta-sts` TXT record.",
    rfc: "RFC 8461 §3.2",
    owner: "Policy web host",
    effort: "minutes",
  },
  "mta-sts-policy-content-type": {
    area: "mtaSts",
    severity: "medium",
    title: "The MTA-STS policy is not served as text/plain",
    explanation:
      "The web server returns the policy with a media type other than `text/plain` (often `application/octet-stream` or `text/html`). Senders should discard such a policy, so it does not count as protection even though its content may be correct. This is a web server setting, not a problem with the file.",
    fix: "Make the policy web host send `Content-Type: text/plain` for `/.well-known/mta-sts.txt` (nginx: `location = /.well-known/mta-sts.txt { types { } default_type text/plain; }`).",
    rfc: "RFC 8461 §3.2",
    owner: "Policy web host",
    effort: "hours",
  },
  "mta-sts-policy-without-record": {
    area: "mtaSts",
    severity: "medium",
    title: "An MTA-STS policy is served but no _mta-sts record announces it",
    explanation:
      "A valid policy is served at the well-known URL, but there is no TXT record at `_mta-sts.<domain>`. Senders look for that record first and never fetch the policy without it, so the policy protects nothing. The record is often lost in a DNS provider migration.",
    fix: "Publish `_mta-sts.<domain>. IN TXT \"v=STSv1; id=20261128T120000\"` and change the `id` whenever the policy file changes.",
    rfc: "RFC 8461 §3.1",
    owner: "DNS",
    effort: "minutes",
  },
  "mta-sts-testing": {
    area: "mtaSts",
    severity: "medium",
    title: "MTA-STS policy is in testing mode and does not protect mail",
    explanation:
      "The policy's mode is `testing`: senders report TLS failures through TLS-RPT but still deliver when authentication fails, including in plain text after STARTTLS is stripped. Testing is the right first step, but only `enforce` protects mail.",
    fix: "After a week of clean TLS-RPT reports, change `mode: testing` to `mode: enforce` in mta-sts.txt and publish a new `id` in the `_mta-sts` TXT record.",
    rfc: "RFC 8461 §5",
    owner: "Policy web host",
    effort: "minutes",
  },
  "mta-sts-mode-none": {
    area: "mtaSts",
    severity: "low",
    title: "MTA-STS policy is in mode none (opted out)",
    explanation:
      "The policy's mode is `none`, which tells senders to stop applying MTA-STS to this domain. It is meant for withdrawing MTA-STS safely; left in place, it gives no protection.",
    fix: "If MTA-STS was withdrawn on purpose, remove the `_mta-sts` record and the policy once the previous `max_age` has passed; otherwise set `mode: testing` (then `enforce`) in mta-sts.txt and publish a new `id` in the `_mta-sts` TXT record.",
    rfc: "RFC 8461 §5",
    owner: "Policy web host",
    effort: "minutes",
  },
  "mta-sts-max-age-short": {
    area: "mtaSts",
    severity: "low",
    title: "MTA-STS max_age is shorter than one week",
    explanation:
      "Senders cache the policy for `max_age` seconds, and a short value lets the cached copy lapse quickly. An attacker who blocks the policy fetch after it lapses can downgrade mail again. Values of weeks or more keep senders protected between fetches.",
    fix: "Once the policy is stable in `enforce` mode, set `max_age: 604800` or more (up to `31557600`) in mta-sts.txt and publish a new `id` in the `_mta-sts` TXT record.",
    rfc: "RFC 8461 §3.2",
    owner: "Policy web host",
    effort: "minutes",
  },
  "mta-sts-mx-mismatch": {
    area: "mtaSts",
    severity: "medium",
    contextSeverity: true,
    title: "MX host is not listed in the MTA-STS policy",
    explanation:
      "This MX host matches none of the policy's `mx` patterns (a `*.` wildcard matches exactly one leftmost label). Under `enforce`, senders refuse to deliver to it, and if no MX matches, mail is held and finally bounced; under `testing`, it produces failure reports. It typically follows adding or renaming an MX without updating the policy.",
    fix: "Add an `mx:` line for this host (or a `*.` pattern that covers it) to mta-sts.txt and publish a new `id` in the `_mta-sts` TXT record, or delete the MX record if the host is no longer used.",
    rfc: "RFC 8461 §4.1",
    owner: "Policy web host",
    effort: "minutes",
  },
  "mta-sts-mx-tls-invalid": {
    area: "mtaSts",
    severity: "medium",
    contextSeverity: true,
    title: "MX host covered by MTA-STS fails its TLS requirements",
    explanation:
      "An MX host the policy covers does not offer STARTTLS, fails the handshake, negotiates below TLS 1.2, or presents a certificate that is untrusted, expired or not for its name. Under `enforce`, senders refuse to deliver to it and its mail is delayed or lost; under `testing`, the failures show up in TLS-RPT reports.",
    fix: "Fix TLS on this MX host: STARTTLS with TLS 1.2 or later and a publicly trusted certificate, with full chain, whose subjectAltName contains the MX host name. Until it is fixed, set `mode: testing` in mta-sts.txt and publish a new `id` in the `_mta-sts` TXT record.",
    rfc: "RFC 8461 §4.2",
    owner: "Mail server",
    effort: "hours",
  },

  // ── TLS-RPT ────────────────────────────────────────────────────────────────────────────────
  "tls-rpt-missing": {
    area: "tlsRpt",
    severity: "low",
    title: "No TLS-RPT record: TLS delivery failures go unreported",
    explanation:
      "Without a `_smtp._tls` TXT record, senders have nowhere to report TLS failures when delivering to this domain. You learn about broken certificates, stripping or MTA-STS and DANE mistakes only when mail is lost. TLS-RPT reports are also what shows that moving MTA-STS to `enforce` is safe.",
    fix: "Publish `_smtp._tls.<domain>. IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@<domain>\"` with a mailbox (or an `https:` endpoint) that can receive the daily JSON reports.",
    rfc: "RFC 8460 §3",
    owner: "DNS",
    effort: "minutes",
  },
  "tls-rpt-invalid": {
    area: "tlsRpt",
    severity: "low",
    title: "The TLS-RPT record is malformed",
    explanation:
      "A TXT record exists at `_smtp._tls`, but not exactly one starts with `v=TLSRPTv1`, it has no `rua`, or a `rua` address is neither `mailto:` nor `https:`. Senders ignore an invalid record, so no TLS failure reports reach you.",
    fix: "Keep exactly one record, e.g. `_smtp._tls.<domain>. IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@<domain>\"`; separate several destinations with commas inside `rua`.",
    rfc: "RFC 8460 §3",
    owner: "DNS",
    effort: "minutes",
  },

  // ── DNSSEC and DANE ────────────────────────────────────────────────────────────────────────
  "dnssec-unverifiable": {
    area: "dane",
    severity: "info",
    title: "DNSSEC and DANE not checked: the resolver does not validate",
    explanation:
      "The scanner's DNS resolver returned no authenticated answer even for the root or the top-level domain, so it does not validate DNSSEC. Without a validating resolver, signed and unsigned data look the same, so DNSSEC and DANE were not judged. This says nothing about the domain itself.",
    fix: "Point `MAILPOSTURE_DNS` at a DNSSEC-validating resolver (a local Unbound, or a public validating resolver such as `9.9.9.9` or `1.1.1.1`) and rescan.",
    rfc: "RFC 4035 §3.2.3",
    owner: "DNS",
    effort: "minutes",
  },
  "dnssec-missing": {
    area: "dane",
    severity: "medium",
    title: "Domain is not signed with DNSSEC",
    explanation:
      "The domain's DNS answers are not DNSSEC-authenticated. An attacker who can spoof DNS answers can substitute the MX records and route mail to a server they control, and DANE cannot vouch for MX names that are not authenticated. Signing the zone is the base for DANE and protects every other record too.",
    fix: "Turn on DNSSEC signing for the zone at your DNS provider (or in your signer, e.g. BIND `dnssec-policy` or Knot DNS automatic signing), then publish the DS record at your registrar and verify the chain with `delv` or DNSViz.",
    rfc: "RFC 7672 §1.3.2",
    owner: "DNS",
    effort: "project",
  },
  "dnssec-bogus": {
    area: "dane",
    severity: "critical",
    title: "DNSSEC validation fails: validating senders cannot deliver",
    explanation:
      "Signatures for the domain or an MX host do not validate: the validating resolver answers SERVFAIL while the same query with checking disabled succeeds. Every sender behind a validating resolver gets no answer and cannot deliver mail. Typical causes are a DS record at the registrar that no longer matches the zone's keys, or expired signatures.",
    fix: "Locate the break with `delv` or DNSViz: if the DS at the registrar does not match the zone's DNSKEY, publish the correct DS (or remove the DS to go unsigned while you repair); if signatures expired, fix or restart the signer.",
    rfc: "RFC 4035 §5.5",
    owner: "DNS",
    effort: "hours",
  },
  "dane-missing": {
    area: "dane",
    severity: "low",
    title: "MX host is DNSSEC-signed but publishes no TLSA records",
    explanation:
      "This MX host's address records are DNSSEC-authenticated, so DANE is available, but there are no TLSA records at `_25._tcp.<mx>`. DANE-capable senders therefore use TLS opportunistically and can be downgraded. With the zone already signed, DANE is a few records away.",
    fix: "Publish a `3 1 1` TLSA record (SHA-256 of the server's public key) at `_25._tcp.<mx>`, plus a record for the next key or a `2 1 1` record for the issuing CA so that renewals do not break delivery; the suggested TLSA records in this report match the presented certificate.",
    rfc: "RFC 7672 §2.2.3",
    owner: "DNS",
    effort: "minutes",
  },
  "dane-tlsa-insecure": {
    area: "dane",
    severity: "info",
    title: "TLSA records exist but are not DNSSEC-signed",
    explanation:
      "TLSA records are published for this MX host, but they are not DNSSEC-authenticated, so senders ignore them. DANE protects mail only when its records are signed; these records do no harm but give no protection.",
    fix: "Sign the zone that holds `_25._tcp.<mx>` and the MX host's address records with DNSSEC and publish its DS at the registrar, or remove the TLSA records if DNSSEC is not planned.",
    rfc: "RFC 7672 §2.2.3",
    owner: "DNS",
    effort: "project",
  },
  "dane-tlsa-unusable": {
    area: "dane",
    severity: "medium",
    title: "TLSA records for the MX host are all unusable for SMTP",
    explanation:
      "The MX host has authenticated TLSA records, but none is usable for SMTP: they use the PKIX-TA or PKIX-EE usages (0 or 1), unknown parameters, or digests of the wrong length. DANE senders then insist on TLS but cannot authenticate the server, so an interceptor is not detected. Copying web-style TLSA records to the mail server is a common cause.",
    fix: "Replace them with DANE-EE or DANE-TA records, e.g. `_25._tcp.<mx>. IN TLSA 3 1 1 <SHA-256 of the server's public key, 64 hex digits>`, as in the suggested TLSA records.",
    rfc: "RFC 7672 §3.1.3",
    owner: "DNS",
    effort: "minutes",
  },
  "dane-tlsa-mismatch": {
    area: "dane",
    severity: "critical",
    title: "TLSA records do not match the MX host's certificate",
    explanation:
      "Usable, authenticated TLSA records exist for this MX host, but none matches the certificate chain it presents (or it offers no STARTTLS). DANE senders must then refuse to deliver, so their mail is delayed and finally bounced. It typically follows a certificate or key change made without publishing a new TLSA record first.",
    fix: "Publish a TLSA record that matches the certificate in use (`3 1 1` with the SHA-256 of its public key, as in the suggested records) at `_25._tcp.<mx>`, then delete the stale records. Next time, publish the new record a few TTLs before switching certificates.",
    rfc: "RFC 7672 §3",
    owner: "DNS",
    effort: "minutes",
  },
  "dane-rollover-risk": {
    area: "dane",
    severity: "low",
    title: "TLSA records pin only the current key: next renewal breaks DANE",
    explanation:
      "Every usable TLSA record for this MX host matches only the key or certificate in use now, with no record for a next key and no DANE-TA record for the issuing CA. When the certificate is renewed with a new key, DANE senders stop delivering until a new record is published and has propagated. Many ACME clients generate a new key on every renewal by default.",
    fix: "Before the next renewal, publish a second TLSA record at `_25._tcp.<mx>`: `3 1 1` for the next key (generated in advance), or `2 1 1` for the issuing CA's intermediate that the server sends. Alternatively keep the same key across renewals (certbot: `--reuse-key`).",
    rfc: "RFC 7671 §8.1",
    owner: "DNS",
    effort: "minutes",
  },

  // ── DMARC ──────────────────────────────────────────────────────────────────────────────────
  "dmarc-missing": {
    area: "dmarc",
    severity: "high",
    title: "No DMARC record: anyone can send mail as this domain",
    explanation:
      "There is no DMARC record at `_dmarc.<domain>` or at the organizational domain. Receivers have no policy telling them to reject mail that fakes this domain in the From header, and you get no reports about who sends as your domain. Phishing that uses your exact domain is therefore much more likely to reach inboxes.",
    fix: "Publish `_dmarc.<domain>. IN TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@<domain>\"` (or `p=none` for a few weeks if unsure that all legitimate senders pass SPF or DKIM alignment), then move to `p=reject`. A domain that sends no mail can publish `p=reject` at once.",
    rfc: "RFC 7489 §6.6.3",
    owner: "DNS",
    effort: "minutes",
  },
  "dmarc-invalid": {
    area: "dmarc",
    severity: "high",
    title: "The DMARC record is malformed",
    explanation:
      "The record at `_dmarc` does not start with `v=DMARC1`, has an invalid `p`, `sp` or other tag value, or there is more than one record. Receivers then ignore DMARC for this domain entirely, exactly as if none were published. A typo such as `p=rejet`, or a second record added during a migration, is the usual cause.",
    fix: "Keep exactly one TXT record at `_dmarc.<domain>`, starting with `v=DMARC1;` and followed by `p=none`, `p=quarantine` or `p=reject` (e.g. `v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@<domain>`); correct or remove any invalid tag.",
    rfc: "RFC 7489 §6.3",
    owner: "DNS",
    effort: "minutes",
  },
  "dmarc-inherited": {
    area: "dmarc",
    severity: "info",
    title: "DMARC policy is inherited from the organizational domain",
    explanation:
      "There is no DMARC record at this domain itself, so receivers apply the organizational domain's record: its `sp` tag if present, otherwise its `p`. That is fine when intended, but a change at the parent changes this domain's protection, and reports go to the parent's addresses.",
    fix: "No action if the inherited policy is intended; otherwise publish `_dmarc.<domain>. IN TXT \"v=DMARC1; p=reject; rua=mailto:dmarc-reports@<domain>\"` (or `p=quarantine`) for this domain.",
    rfc: "RFC 7489 §6.6.3",
    owner: "DNS",
    effort: "minutes",
  },
  "dmarc-policy-none": {
    area: "dmarc",
    severity: "medium",
    title: "DMARC policy is none: spoofed mail is still delivered",
    explanation:
      "The applicable DMARC record has `p=none`, which only asks for reports: receivers still deliver mail that fails DMARC. Anyone can send mail that appears to come from this domain. Monitoring mode is a first step, not a protection.",
    fix: "Use the aggregate reports to make sure every legitimate sender passes SPF or DKIM with alignment, then change the `_dmarc` record to `p=quarantine` and later `p=reject` (e.g. `v=DMARC1; p=reject; rua=mailto:dmarc-reports@<domain>`).",
    rfc: "RFC 7489 §6.3",
    owner: "DNS",
    effort: "hours",
  },
  "dmarc-pct-partial": {
    area: "dmarc",
    severity: "low",
    title: "DMARC policy applies to only part of failing mail (pct below 100)",
    explanation:
      "The record sets `pct` below 100, so receivers apply quarantine or reject to only that share of failing messages and treat the rest under the next weaker policy. Part of the spoofed mail still gets through. It is meant as a temporary step during rollout.",
    fix: "Once reports show that legitimate mail passes, remove the `pct` tag (the default is 100) or set `pct=100` in the `_dmarc` record.",
    rfc: "RFC 7489 §6.6.4",
    owner: "DNS",
    effort: "minutes",
  },
  "dmarc-subdomain-weaker": {
    area: "dmarc",
    severity: "low",
    title: "DMARC subdomain policy (sp) is weaker than the main policy",
    explanation:
      "The `sp` tag gives subdomains a weaker policy than `p` gives the domain itself. Attackers can then spoof made-up subdomains such as `billing.<domain>`, which readers trust almost as much as the domain. Subdomains that send no mail deserve the strictest policy.",
    fix: "Remove the `sp` tag (subdomains then get `p`) or set `sp` to the value of `p`; give a subdomain that really needs a different policy its own `_dmarc` record.",
    rfc: "RFC 7489 §6.3",
    owner: "DNS",
    effort: "minutes",
  },
  "dmarc-no-rua": {
    area: "dmarc",
    severity: "low",
    title: "DMARC record has no aggregate report address (rua)",
    explanation:
      "Without a `rua` tag, receivers send no aggregate reports. You cannot see who sends mail as your domain, whether legitimate senders pass, or when it is safe to tighten the policy.",
    fix: "Add `rua=mailto:dmarc-reports@<domain>` (or a report-processing service's address) to the `_dmarc` record.",
    rfc: "RFC 7489 §7.2",
    owner: "DNS",
    effort: "minutes",
  },
  "dmarc-rua-unauthorized": {
    area: "dmarc",
    severity: "medium",
    title: "DMARC report address in another domain has not authorized reports",
    explanation:
      "A `rua` or `ruf` address is in another organizational domain, and that domain does not publish `<domain>._report._dmarc.<host>` with `v=DMARC1`. Receivers must not send reports there, so the reports you expect never arrive. Report-processing services publish this record only for domains registered with them.",
    fix: "Have the operator of the report domain publish `<domain>._report._dmarc.<report-host>. IN TXT \"v=DMARC1\"` (or register the domain with the report service), or use a report address in your own domain.",
    rfc: "RFC 7489 §7.1",
    owner: "DNS",
    effort: "minutes",
  },

  // ── SPF ────────────────────────────────────────────────────────────────────────────────────
  "spf-missing": {
    area: "spf",
    severity: "medium",
    title: "No SPF record",
    explanation:
      "There is no `v=spf1` TXT record, so receivers cannot check which servers may send mail with this domain as the envelope sender. Spoofing is harder to detect, and DMARC can pass only through DKIM. Domains that send no mail need SPF too, to say so.",
    fix: "Publish a TXT record at `<domain>` that lists your senders, e.g. `v=spf1 mx include:<provider's SPF domain> -all`; for a domain that sends no mail, publish `v=spf1 -all`.",
    rfc: "RFC 7208 §3",
    owner: "DNS",
    effort: "minutes",
  },
  "spf-invalid": {
    area: "spf",
    severity: "high",
    title: "The SPF record has an error (permerror)",
    explanation:
      "The SPF record has a syntax error, an unknown mechanism, or an `include`/`redirect` target without an SPF record. Receivers then return permerror, which many treat as a failure or as no SPF at all, so legitimate mail may be rejected and spoofing goes undetected. DMARC counts a permerror as an SPF failure.",
    fix: "Correct the record's syntax (terms such as `ip4:`, `ip6:`, `a`, `mx`, `include:`, `exists:`, with one `all` at the end) and make sure every `include:` and `redirect=` target publishes its own `v=spf1` record.",
    rfc: "RFC 7208 §4.6",
    owner: "DNS",
    effort: "minutes",
  },
  "spf-multiple": {
    area: "spf",
    severity: "high",
    title: "More than one SPF record is published",
    explanation:
      "The domain has several TXT records that start with `v=spf1`. Receivers must then return permerror instead of choosing one, so SPF fails for all mail from the domain. This usually happens when a new provider's record is added instead of merged into the existing one.",
    fix: "Merge them into a single `v=spf1 … -all` TXT record (combine the `include:` and `ip4:`/`ip6:` terms) and delete the others.",
    rfc: "RFC 7208 §4.5",
    owner: "DNS",
    effort: "minutes",
  },
  "spf-permissive": {
    area: "spf",
    severity: "high",
    title: "SPF record lets any server send (+all, ?all or no all)",
    explanation:
      "The record ends in `+all` or `?all`, or has neither `all` nor `redirect`, so servers that are not listed get a pass or a neutral result. SPF then gives no protection against spoofing; `+all` authorizes every host on the internet.",
    fix: "List every legitimate sender and end the record with `-all` (or `~all` while you confirm the list).",
    rfc: "RFC 7208 §5.1",
    owner: "DNS",
    effort: "minutes",
  },
  "spf-too-many-lookups": {
    area: "spf",
    severity: "high",
    title: "SPF record needs more than 10 DNS lookups (permerror)",
    explanation:
      "Evaluating the record needs more than 10 DNS-querying terms (`include`, `a`, `mx`, `ptr`, `exists`, `redirect`), nested includes counted. Receivers stop at the limit and return permerror, so SPF fails for legitimate mail too. Every added email provider's `include:` adds to the count.",
    fix: "Cut lookups: remove `include:` terms for services no longer used, replace `a`, `mx` and `ptr` with `ip4:`/`ip6:` ranges, or move some senders to a subdomain with its own SPF record.",
    rfc: "RFC 7208 §4.6.4",
    owner: "DNS",
    effort: "hours",
  },
  "spf-void-lookups": {
    area: "spf",
    severity: "medium",
    title: "SPF record has more than two lookups that return nothing",
    explanation:
      "More than two DNS lookups made while evaluating the record return no answer (no records, or the name does not exist). Receivers then return permerror, so SPF fails. Such lookups usually come from `include:` or `a:` terms for retired services or mistyped names.",
    fix: "Remove or correct the `include:`, `a:`, `mx:` and `exists:` terms whose names no longer exist or publish no records.",
    rfc: "RFC 7208 §4.6.4",
    owner: "DNS",
    effort: "minutes",
  },
  "spf-softfail": {
    area: "spf",
    severity: "info",
    title: "SPF record ends in ~all (softfail)",
    explanation:
      "Servers that are not listed get a softfail, which most receivers accept, perhaps with a mark, instead of rejecting. With DMARC at `quarantine` or `reject` this is common and fine, because DMARC decides; without an enforcing DMARC policy, spoofed mail is merely tagged.",
    fix: "Once every legitimate sender is listed, change `~all` to `-all` in the SPF record; in any case make sure the `_dmarc` record has `p=quarantine` or `p=reject`.",
    rfc: "RFC 7208 §8.5",
    owner: "DNS",
    effort: "minutes",
  },

  // ── History (comparison with the previous scan) ────────────────────────────────────────────
  "mta-sts-policy-changed-id-unchanged": {
    area: "history",
    severity: "high",
    title: "MTA-STS policy changed but the record's id did not",
    explanation:
      "The policy file differs from the previous scan, but the `id` in the `_mta-sts` TXT record is unchanged. Senders refetch the policy only when the `id` changes or their cached copy expires (up to `max_age`), so they keep applying the old rules; enforcing senders may refuse a newly added MX.",
    fix: "Publish a new `id` in the `_mta-sts` TXT record (e.g. the current time, `id=20261128T120000`) whenever mta-sts.txt changes: update the file first, then the record.",
    rfc: "RFC 8461 §8.1",
    owner: "DNS",
    effort: "minutes",
  },
} as const satisfies Record<string, FindingDefinition>;
