import { NotFoundPanel } from "@/components/ui/not-found-panel";

/** notFound() from a signed-in page: inside the app's top bar and <main>. */
export default function NotFound() {
  return <NotFoundPanel />;
}
