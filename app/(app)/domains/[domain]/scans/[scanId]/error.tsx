"use client";

// A pinned scan recovers like the latest report.
export { default } from "../../error";
