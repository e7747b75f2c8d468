// A domain segment renders the same not-found view as the rest of the app.
export { default } from "../../not-found";
