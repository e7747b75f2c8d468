// A pinned scan loads like the latest report.
export { default } from "../../loading";
