import { useEffect, useState } from "react";
import { allPages, api, type Page } from "../api.js";
import { ErrorNotice, Notice, when, type Submit } from "../components/common.js";
import { Fields, useFormValues, type FieldSpec } from "../components/Form.js";
import { DataTable } from "../components/DataTable.js";
import { toCsv, toJsonLines } from "../export-format.js";
import type { AuditEntry, Me } from "../types.js";

interface Verification {
  valid: boolean;
  entries_checked: number;
  first_broken_sequence: number | null;
  problem: string | null;
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

type FilterField = "agent_id" | "action_id" | "actor_user_id" | "outcome" | "since" | "until";

/** The filters of GET /api/audit, by its query parameter names. */
const filterFields: readonly FieldSpec<FilterField>[] = [
  { name: "agent_id", label: "Agent id" },
  { name: "action_id", label: "Action id" },
  { name: "actor_user_id", label: "Actor user id" },
  { name: "outcome", label: "Outcome", placeholder: "denied, approved, …" },
  { name: "since", label: "Since", type: "datetime-local" },
  { name: "until", label: "Until", type: "datetime-local" },
];

/** The organization's audit trail: filters, paging, chain verification and exports. */
export function AuditPage(_: { me: Me }) {
  const form = useFormValues<FilterField>({
    agent_id: "",
    action_id: "",
    actor_user_id: "",
    outcome: "",
    since: "",
    until: "",
  });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [verification, setVerification] = useState<Verification>();

  const filters = () => {
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(form.values))
      if (value) q.set(name, name === "since" || name === "until" ? new Date(value).toISOString() : value);
    return q;
  };
  const load = async (cursor: string | null) => {
    try {
      const q = filters();
      q.set("limit", "50");
      if (cursor) q.set("cursor", cursor);
      const page = await api<Page<AuditEntry>>("GET", `/api/audit?${q}`);
      setEntries((prev) => (cursor ? [...prev, ...page.items] : page.items));
      setNext(page.next_cursor);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  };
  const search = (e: Submit) => {
    e.preventDefault();
    void load(null);
  };
  const verify = async () => {
    try {
      setVerification(await api<Verification>("GET", "/api/audit/verify"));
    } catch (e) {
      setError(e);
    }
  };
  const exportAs = async (format: "csv" | "jsonl") => {
    try {
      const all = await allPages<AuditEntry>("/api/audit", filters());
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, "");
      if (format === "csv")
        download(`audit-${stamp}.csv`, "text/csv", toCsv(all as unknown as Record<string, unknown>[]));
      else download(`audit-${stamp}.jsonl`, "application/x-ndjson", toJsonLines(all));
    } catch (e) {
      setError(e);
    }
  };
  // The newest entries, unfiltered, when the page opens.
  useEffect(() => {
    void load(null);
  }, []);

  return (
    <section>
      <form onSubmit={search} aria-label="Audit filters" className="grid-form">
        <Fields fields={filterFields} values={form.values} onChange={form.set} />
        <div className="buttons">
          <button type="submit">Apply filters</button>
          <button type="button" onClick={() => void verify()}>
            Verify chain
          </button>
          <button type="button" onClick={() => void exportAs("csv")}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportAs("jsonl")}>
            Export JSON Lines
          </button>
        </div>
      </form>
      <ErrorNotice error={error} />
      {verification ? (
        verification.valid ? (
          <Notice>Chain verified: {verification.entries_checked} entries, every hash links to the one before.</Notice>
        ) : (
          <div role="alert" className="notice error">
            Chain broken at sequence {verification.first_broken_sequence}: {verification.problem}
          </div>
        )
      ) : null}
      <DataTable
        caption="Audit entries"
        rows={entries}
        rowKey={(e) => e.id}
        columns={[
          { header: "#", cell: (e) => e.sequence },
          { header: "When", cell: (e) => when(e.created_at) },
          { header: "Event", cell: (e) => e.event_type },
          { header: "Outcome", cell: (e) => e.outcome },
          { header: "Agent", cell: (e) => e.agent_id },
          { header: "Action", cell: (e) => e.action_id },
          { header: "Actor", cell: (e) => e.actor_user_id || e.actor_api_key_id },
        ]}
      />
      {next ? (
        <button type="button" onClick={() => void load(next)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
