/** Every deadline, cap and retry count the scanner uses, as named constants (one place to tune). */

/** One DNS query attempt against one resolver. */
export const DNS_ATTEMPT_TIMEOUT_MS = 2_000;
/** Absolute deadline for one DNS lookup across all retries and resolvers. */
export const DNS_LOOKUP_DEADLINE_MS = 6_000;
export const DNS_RETRIES = 2;
/** Longest CNAME chain followed before giving up. */
export const DNS_MAX_CNAME_CHAIN = 8;
/** More records than this in one answer is treated as hostile. */
export const DNS_MAX_RECORDS = 512;
/** EDNS0 UDP payload size we advertise (RFC 6891 §6.2.5; the 2020 DNS flag day value avoids fragmentation). */
export const DNS_EDNS_UDP_SIZE = 1_232;
/** Port of a resolver given without one. */
export const DNS_DEFAULT_PORT = 53;

export const SMTP_CONNECT_TIMEOUT_MS = 10_000;
/** Absolute deadline for the whole 220 greeting (RFC 5321 §4.5.3.2.1 allows 5 minutes; we settle for less). */
export const SMTP_GREETING_DEADLINE_MS = 30_000;
export const SMTP_COMMAND_DEADLINE_MS = 20_000;
export const SMTP_TLS_HANDSHAKE_DEADLINE_MS = 15_000;
/** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; we tolerate more but cap hard. */
export const SMTP_MAX_LINE_BYTES = 4_096;
export const SMTP_MAX_REPLY_LINES = 100;
/** Absolute deadline for one endpoint's whole SMTP session. */
export const SMTP_SESSION_DEADLINE_MS = 60_000;

export const HTTPS_POLICY_DEADLINE_MS = 20_000;
/** RFC 8461 §3.2: policy bodies larger than 64 KiB are invalid. */
export const MTA_STS_MAX_POLICY_BYTES = 64 * 1024;

/** Certificates expiring within this many days raise cert-expiring-soon. */
export const CERT_EXPIRING_SOON_DAYS = 14;

/** How long to wait for the 221 after a polite QUIT before closing anyway (RFC 5321 §4.1.1.10). */
export const SMTP_QUIT_WAIT_MS = 1_000;
/** Most certificates read from one presented chain; longer chains are truncated. */
export const TLS_MAX_CHAIN_CERTS = 16;
/** Deepest certification path tried when building a chain to a trust anchor. */
export const CERT_MAX_PATH_DEPTH = 8;

/** TCP connect to one policy-host address; the rest of HTTPS_POLICY_DEADLINE_MS is left for the next address. */
export const HTTPS_CONNECT_TIMEOUT_MS = 10_000;
/** Status line plus header fields (and chunked trailers) of one HTTP response; real policy hosts send < 2 KB. */
export const HTTP_MAX_HEADER_BYTES = 16 * 1024;
/** One chunk-size line of a chunked body (RFC 9112 §7.1), extensions included. */
export const HTTP_MAX_CHUNK_LINE_BYTES = 1_024;
