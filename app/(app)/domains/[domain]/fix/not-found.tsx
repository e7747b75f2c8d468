import Link from "next/link";

export default function FixNotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Domain not found</h1>
      <p className="mt-1 text-sm text-slate-600">This workspace has no such domain. Add it from the domain list to scan it and get suggested files.</p>
      <Link href="/" className="mt-3 inline-block text-blue-700 hover:underline">Back to domains</Link>
    </div>
  );
}
