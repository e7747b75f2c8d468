/**
 * An unknown, expired or revoked share link — the same answer for each, so a guessed or leaked
 * address tells nothing about which it is — and no link into the app.
 */
export default function SharedLinkNotFound() {
  return (
    <section aria-labelledby="nf-h" className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 id="nf-h" className="text-lg font-semibold">
        This link does not open
      </h1>
      <p className="mt-1 text-sm text-slate-600">The address is wrong, or the link has expired or was revoked. Ask whoever sent it for a new one.</p>
    </section>
  );
}
