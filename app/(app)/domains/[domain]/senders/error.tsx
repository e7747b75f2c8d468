"use client";

// The senders page recovers like the domain's events.
export { default } from "../../../events/error";
