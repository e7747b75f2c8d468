// A domain's events load like the workspace's.
export { default } from "../../../events/loading";
