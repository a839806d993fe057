import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, Field, Notice, money, useLoad, when } from "../components/common.js";
import { FactList } from "../components/FactList.js";
import { useApiCall } from "../components/Form.js";
import { StatusBadge } from "../components/StatusBadge.js";
import type { Action, Me } from "../types.js";

function PendingAction({ action, onDecided }: { action: Action; onDecided: (a: Action) => void }) {
  const [comment, setComment] = useState("");
  const { error, busy, run } = useApiCall();
  const decide = (move: "approve" | "reject") =>
    void run(async () => onDecided(await api<Action>("POST", `/api/actions/${action.id}/${move}`, { comment })));
  return (
    <article className="card" aria-labelledby={`action-${action.id}`} data-action-id={action.id}>
      <h3 className="card-title" id={`action-${action.id}`}>
        #{action.id} {action.action_type}{" "}
        <StatusBadge kind="risk" value={action.risk_level}>
          {action.risk_level} · {action.risk_score}
        </StatusBadge>
      </h3>
      <FactList
        facts={[
          ["Agent", action.agent_id],
          ["Required level", `L${action.required_level}`],
          ["Resource", action.resource || "—"],
          ["Estimated cost", money(action.estimated_cost_usd)],
          ["Submitted", `${when(action.created_at)} by ${action.submitted_by || "—"}`],
          ["Deadline", when(action.approval_deadline)],
          ["Reason", action.reason || "—"],
        ]}
      />
      <h4>Risk factors</h4>
      <ul className="factors">
        {action.risk_factors.map((f) => (
          <li key={f.name}>
            <strong>{f.name}</strong> +{f.points}: {f.explanation}
          </li>
        ))}
      </ul>
      <h4>Parameters</h4>
      <pre className="params">{JSON.stringify(action.parameters, null, 2)}</pre>
      <Field label={`Comment on #${action.id}`} value={comment} onChange={setComment} multiline />
      <ErrorNotice error={error} />
      <div className="buttons">
        <button type="button" disabled={busy} onClick={() => decide("approve")}>
          Approve
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => decide("reject")}>
          Reject
        </button>
      </div>
    </article>
  );
}

/**
 * What the signed-in user may approve (GET /api/approvals/pending), decided with a comment;
 * below it, the organization's other pending actions (their own, or above their level), which
 * they may try to decide too: the API's refusal is then shown in its own words.
 */
export function ApprovalsPage(_: { me: Me }) {
  const pending = useLoad(() => api<Page<Action>>("GET", "/api/approvals/pending?limit=100"));
  const all = useLoad(() => api<Page<Action>>("GET", "/api/actions?status=pending_approval&limit=100"));
  const [decided, setDecided] = useState<Action[]>([]);
  const onDecided = (a: Action) => {
    setDecided((d) => [a, ...d]);
    void pending.reload();
    void all.reload();
  };
  const mine = new Set(pending.data?.items.map((a) => a.id));
  const others = all.data?.items.filter((a) => !mine.has(a.id)) ?? [];
  return (
    <section>
      <div className="toolbar">
        <button
          type="button"
          onClick={() => {
            void pending.reload();
            void all.reload();
          }}
        >
          Refresh
        </button>
      </div>
      <ErrorNotice error={pending.error} />
      {decided.map((a) => (
        <Notice key={`${a.id}-${a.status}`}>
          Action #{a.id} is now <strong>{a.status}</strong>
          {a.approval_comment ? ` (comment: ${a.approval_comment})` : ""}.
        </Notice>
      ))}
      <h2>Waiting for your approval</h2>
      {pending.data && pending.data.items.length === 0 ? <p>Nothing waits for your approval.</p> : null}
      <div className="cards" data-testid="approvable">
        {pending.data?.items.map((a) => (
          <PendingAction key={a.id} action={a} onDecided={onDecided} />
        ))}
      </div>
      {others.length > 0 ? (
        <>
          <h2>Other pending actions</h2>
          <p>Submitted by you or your keys, or above your approval level.</p>
          <div className="cards" data-testid="others">
            {others.map((a) => (
              <PendingAction key={a.id} action={a} onDecided={onDecided} />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
