// An unknown (or another workspace's) domain reads like any other unknown page.
export { default } from "../../not-found";
