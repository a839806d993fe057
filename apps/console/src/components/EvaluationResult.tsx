import type { Evaluation, RuleMatch } from "../types.js";
import { StatusBadge } from "./StatusBadge.js";

const matchName = (m: RuleMatch) =>
  `${m.kind === "policy" ? "Policy" : "Smart rule"} “${m.name}” (${m.effect})${m.draft ? ", the draft" : ""}`;

/** What the pipeline would decide for a sample action: decision, risk, and the policies and rules that matched. */
export function EvaluationResult({ result }: { result: Evaluation }) {
  return (
    <div role="status" className="notice ok evaluation">
      Decision: <strong>{result.decision}</strong> ({result.status}
      {result.required_level ? `, L${result.required_level} approval` : ""}) · risk{" "}
      <StatusBadge kind="risk" value={result.risk_level}>
        {result.risk_level} · {result.risk_score}
      </StatusBadge>
      {result.error_code ? ` · ${result.error_code}` : ""} · decided by {result.decided_by || "risk"}
      {result.reason ? ` · ${result.reason}` : ""}
      {result.matched_rules.length > 0 ? (
        <ul aria-label="Matched policies and rules">
          {result.matched_rules.map((m) => (
            <li key={`${m.kind}-${m.id}`}>{matchName(m)}</li>
          ))}
        </ul>
      ) : (
        <p>No policy or smart rule matched.</p>
      )}
      {result.policy_violations.length > 0 ? (
        <ul aria-label="Violations">
          {result.policy_violations.map((v) => (
            <li key={v.policy_name}>
              {v.policy_name}: {v.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
