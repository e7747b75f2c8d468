import Link from "next/link";

export default function CompareNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Scan not found</h1>
      <p className="mt-1 text-sm text-slate-600">This workspace has no such domain, or one of the scans in the link is not a scan of it.</p>
      <Link href="/" className="mt-3 inline-block text-blue-700 hover:underline">
        Back to domains
      </Link>
    </div>
  );
}
