/** Draft MTA-STS policies and TLSA sets judged against the last scan, without publishing anything. Pure. */
export * from "./evaluate-draft";
