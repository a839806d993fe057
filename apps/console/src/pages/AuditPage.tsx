import { useEffect, useState } from "react";
import { allPages, api, type Page } from "../api.js";
import { ErrorNotice, Field, Notice, when, type Submit } from "../components/common.js";
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

/** The organization's audit trail: filters, paging, chain verification and exports. */
export function AuditPage(_: { me: Me }) {
  const [agentId, setAgentId] = useState("");
  const [actionId, setActionId] = useState("");
  const [actor, setActor] = useState("");
  const [outcome, setOutcome] = useState("");
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [verification, setVerification] = useState<Verification>();

  const filters = () => {
    const q = new URLSearchParams();
    if (agentId) q.set("agent_id", agentId);
    if (actionId) q.set("action_id", actionId);
    if (actor) q.set("actor_user_id", actor);
    if (outcome) q.set("outcome", outcome);
    if (since) q.set("since", new Date(since).toISOString());
    if (until) q.set("until", new Date(until).toISOString());
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
        <Field label="Agent id" value={agentId} onChange={setAgentId} />
        <Field label="Action id" value={actionId} onChange={setActionId} />
        <Field label="Actor user id" value={actor} onChange={setActor} />
        <Field label="Outcome" value={outcome} onChange={setOutcome} placeholder="denied, approved, …" />
        <Field label="Since" type="datetime-local" value={since} onChange={setSince} />
        <Field label="Until" type="datetime-local" value={until} onChange={setUntil} />
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
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Audit entries</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Outcome</th>
              <th scope="col">Agent</th>
              <th scope="col">Action</th>
              <th scope="col">Actor</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{e.sequence}</td>
                <td>{when(e.created_at)}</td>
                <td>{e.event_type}</td>
                <td>{e.outcome}</td>
                <td>{e.agent_id}</td>
                <td>{e.action_id}</td>
                <td>{e.actor_user_id || e.actor_api_key_id}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <button type="button" onClick={() => void load(next)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
