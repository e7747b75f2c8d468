// The senders page loads like the domain's events.
export { default } from "../../../events/loading";
