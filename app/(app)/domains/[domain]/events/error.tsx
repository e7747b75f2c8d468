"use client";

// A domain's events recover like the workspace's.
export { default } from "../../../events/error";
