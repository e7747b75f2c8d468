import type { RecordsView } from "@/lib/report/evidence";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { EvidenceHeading, PublishedRecord } from "../parts";

/**
 * The TXT records an area found, exactly as received (spec "Records as published"): each one in
 * full through UntrustedText, invalid ones included; "Could not be checked: …" when the lookup
 * failed; "No … record" only when the name really published none.
 */
export function PublishedRecords({ view, what, several }: { view: RecordsView; what: string; several: string }) {
  if (view.kind === "unchecked") {
    return (
      <p className="text-sm text-slate-700" data-records="unchecked">
        <UntrustedText value={`The ${what} ${view.message}.`} />
      </p>
    );
  }
  if (view.kind === "none") {
    return (
      <p className="text-sm text-slate-600" data-records="none">
        <UntrustedText value={view.message} />
      </p>
    );
  }
  if (!view.several) {
    const only = view.records[0]!;
    // A record that is not the one that applies (a near miss receivers discard) says so beside it.
    const note = only.applies ? undefined : <span className="font-medium text-red-800">discarded: not a valid record of its kind</span>;
    return <PublishedRecord name={view.name} value={only.value} copyLabel={`Copy value of ${view.name} TXT`} note={note} />;
  }
  return (
    <div className="space-y-2" data-records="several">
      <EvidenceHeading>
        {view.records.length} records published: {several}
      </EvidenceHeading>
      {view.records.map((r, i) => (
        <PublishedRecord key={i} name={view.name} value={r.value} copyLabel={`Copy value of ${view.name} TXT, record ${i + 1} of ${view.records.length}`} note={<span className="font-medium text-red-800">record {i + 1} of {view.records.length}</span>} />
      ))}
    </div>
  );
}
