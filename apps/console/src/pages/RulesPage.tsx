import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, Field, Notice, fieldErrorsOf, useLoad, type Submit } from "../components/common.js";
import type { Me, Policy, SmartRule } from "../types.js";

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
const optionalNumber = (s: string) => (s.trim() === "" ? undefined : Number(s));

interface Evaluation {
  decision: string;
  status: string;
  required_level: number;
  risk_score: number;
  risk_level: string;
  reason: string;
  decided_by: string;
  error_code: string | null;
  policy_violations: { policy_name: string; reason: string }[];
}

/**
 * "Test before saving": runs a sample action through the pipeline with
 * POST /api/governance/policies/evaluate-realtime (stored nowhere) and shows the decision.
 */
function SampleActionTest() {
  const [agentId, setAgentId] = useState("");
  const [actionType, setActionType] = useState("transfer");
  const [resource, setResource] = useState("");
  const [cost, setCost] = useState("");
  const [risk, setRisk] = useState("");
  const [result, setResult] = useState<Evaluation>();
  const [error, setError] = useState<unknown>();
  const run = async (e: Submit) => {
    e.preventDefault();
    try {
      setResult(
        await api<Evaluation>("POST", "/api/governance/policies/evaluate-realtime", {
          agent_id: agentId || undefined,
          action_type: actionType,
          resource,
          estimated_cost_usd: optionalNumber(cost),
          risk_score: optionalNumber(risk),
        }),
      );
      setError(undefined);
    } catch (failure) {
      setResult(undefined);
      setError(failure);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <form onSubmit={(e) => void run(e)} aria-label="Test a sample action" className="grid-form">
      <Field label="Sample agent id (optional)" value={agentId} onChange={setAgentId} error={errors["agent_id"]} />
      <Field
        label="Sample action type"
        value={actionType}
        onChange={setActionType}
        required
        error={errors["action_type"]}
      />
      <Field label="Sample resource" value={resource} onChange={setResource} error={errors["resource"]} />
      <Field
        label="Sample estimated cost (USD)"
        type="number"
        value={cost}
        onChange={setCost}
        error={errors["estimated_cost_usd"]}
      />
      <Field label="Sample risk score" type="number" value={risk} onChange={setRisk} error={errors["risk_score"]} />
      <div className="buttons">
        <button type="submit">Run sample action</button>
      </div>
      <ErrorNotice error={error} />
      {result ? (
        <div role="status" className="notice ok evaluation">
          Decision: <strong>{result.decision}</strong> ({result.status}
          {result.required_level ? `, L${result.required_level} approval` : ""}) · risk {result.risk_score}{" "}
          {result.risk_level}
          {result.error_code ? ` · ${result.error_code}` : ""} · decided by {result.decided_by || "risk"}
          {result.reason ? ` · ${result.reason}` : ""}
          {result.policy_violations.length > 0 ? (
            <ul>
              {result.policy_violations.map((v) => (
                <li key={v.policy_name}>
                  {v.policy_name}: {v.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

function SmartRuleEditor({ onSaved }: { onSaved: () => void }) {
  const [name, setName] = useState("");
  const [expression, setExpression] = useState('action.action_type == "transfer" && action.estimated_cost_usd > 1000');
  const [effect, setEffect] = useState("require_approval");
  const [level, setLevel] = useState("");
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<SmartRule>();
  const save = async (e: Submit) => {
    e.preventDefault();
    try {
      setSaved(
        await api<SmartRule>("POST", "/api/smart-rules", {
          name,
          expression,
          effect,
          required_level: optionalNumber(level),
        }),
      );
      setError(undefined);
      onSaved();
    } catch (failure) {
      setSaved(undefined);
      setError(failure);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <form onSubmit={(e) => void save(e)} aria-label="New smart rule" className="grid-form">
      <Field label="Rule name" value={name} onChange={setName} required error={errors["name"]} />
      <Field
        label="CEL expression"
        value={expression}
        onChange={setExpression}
        multiline
        required
        error={errors["expression"]}
      />
      <Field
        label="Rule effect"
        value={effect}
        onChange={setEffect}
        options={["deny", "require_approval", "alert"]}
        error={errors["effect"]}
      />
      <Field
        label="Rule required level (1–5)"
        type="number"
        value={level}
        onChange={setLevel}
        error={errors["required_level"]}
      />
      {error && Object.keys(errors).length === 0 ? <ErrorNotice error={error} /> : null}
      {saved ? <Notice>Smart rule “{saved.name}” saved.</Notice> : null}
      <div className="buttons">
        <button type="submit">Save smart rule</button>
      </div>
    </form>
  );
}

function PolicyEditor({ onSaved }: { onSaved: () => void }) {
  const [name, setName] = useState("");
  const [effect, setEffect] = useState("require_approval");
  const [level, setLevel] = useState("");
  const [priority, setPriority] = useState("");
  const [actionTypes, setActionTypes] = useState("");
  const [agentIds, setAgentIds] = useState("");
  const [minRisk, setMinRisk] = useState("");
  const [minCost, setMinCost] = useState("");
  const [error, setError] = useState<unknown>();
  const save = async (e: Submit) => {
    e.preventDefault();
    try {
      await api("POST", "/api/policies", {
        name,
        effect,
        required_level: optionalNumber(level),
        priority: optionalNumber(priority),
        conditions: {
          action_types: list(actionTypes),
          agent_ids: list(agentIds),
          min_risk_score: optionalNumber(minRisk),
          min_cost_usd: optionalNumber(minCost),
        },
      });
      setError(undefined);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <form onSubmit={(e) => void save(e)} aria-label="New policy" className="grid-form">
      <Field label="Policy name" value={name} onChange={setName} required error={errors["name"]} />
      <Field
        label="Policy effect"
        value={effect}
        onChange={setEffect}
        options={["deny", "require_approval", "allow"]}
        error={errors["effect"]}
      />
      <Field
        label="Policy required level (1–5)"
        type="number"
        value={level}
        onChange={setLevel}
        error={errors["required_level"]}
      />
      <Field label="Priority" type="number" value={priority} onChange={setPriority} error={errors["priority"]} />
      <Field
        label="Action types (comma-separated)"
        value={actionTypes}
        onChange={setActionTypes}
        error={errors["action_types"]}
      />
      <Field label="Agent ids (comma-separated)" value={agentIds} onChange={setAgentIds} error={errors["agent_ids"]} />
      <Field
        label="Minimum risk score"
        type="number"
        value={minRisk}
        onChange={setMinRisk}
        error={errors["min_risk_score"]}
      />
      <Field
        label="Minimum cost (USD)"
        type="number"
        value={minCost}
        onChange={setMinCost}
        error={errors["min_cost_usd"]}
      />
      {error && Object.keys(errors).length === 0 ? <ErrorNotice error={error} /> : null}
      <div className="buttons">
        <button type="submit">Save policy</button>
      </div>
    </form>
  );
}

/** Policies and CEL smart rules: list, create, delete, and test a sample action first. */
export function RulesPage({ me }: { me: Me }) {
  const policies = useLoad(() => api<Page<Policy>>("GET", "/api/policies"));
  const rules = useLoad(() => api<Page<SmartRule>>("GET", "/api/smart-rules"));
  const [error, setError] = useState<unknown>();
  const admin = me.approval_level >= 3;
  const remove = async (path: string, reload: () => Promise<void>) => {
    try {
      await api("DELETE", path);
      setError(undefined);
      await reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <ErrorNotice error={error ?? policies.error ?? rules.error} />
      <h2>Test before saving</h2>
      <p>
        Runs a sample action through the decision pipeline (kill switch, limits, window, budget, policies, smart rules,
        risk); nothing is stored or counted.
      </p>
      <SampleActionTest />
      <h2>Smart rules</h2>
      <table>
        <caption className="sr-only">Smart rules</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Expression</th>
            <th scope="col">Effect</th>
            <th scope="col">Enabled</th>
            {admin ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rules.data?.items.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>
                <code>{r.expression}</code>
              </td>
              <td>
                {r.effect}
                {r.required_level ? ` (L${r.required_level})` : ""}
              </td>
              <td>{r.enabled ? "yes" : "no"}</td>
              {admin ? (
                <td>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void remove(`/api/smart-rules/${r.id}`, rules.reload)}
                  >
                    Delete {r.name}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {admin ? <SmartRuleEditor onSaved={() => void rules.reload()} /> : null}
      <h2>Policies</h2>
      <table>
        <caption className="sr-only">Policies</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Effect</th>
            <th scope="col">Priority</th>
            <th scope="col">Conditions</th>
            {admin ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {policies.data?.items.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>
                {p.effect}
                {p.required_level ? ` (L${p.required_level})` : ""}
              </td>
              <td>{p.priority}</td>
              <td>
                <code>{JSON.stringify(p.conditions)}</code>
              </td>
              {admin ? (
                <td>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void remove(`/api/policies/${p.id}`, policies.reload)}
                  >
                    Delete {p.name}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {admin ? <PolicyEditor onSaved={() => void policies.reload()} /> : null}
    </section>
  );
}
