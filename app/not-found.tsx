import { NotFoundPanel } from "@/components/ui/not-found-panel";

/** A URL no route matches: outside every group's layout, so it draws its own <main>. */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-[1280px] px-4 py-6">
      <NotFoundPanel />
    </main>
  );
}
