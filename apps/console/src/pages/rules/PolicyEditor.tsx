import { api } from "../../api.js";
import { EvaluationResult } from "../../components/EvaluationResult.js";
import { Fields, FormPanel, useFormValues, type FieldSpec } from "../../components/Form.js";
import { optionalNumber, useDryRun, type SampleAction } from "./sample-action.js";

type PolicyField =
  "name" | "effect" | "required_level" | "priority" | "action_types" | "agent_ids" | "min_risk_score" | "min_cost_usd";

const policyFields: readonly FieldSpec<PolicyField>[] = [
  { name: "name", label: "Policy name", required: true },
  { name: "effect", label: "Policy effect", options: ["deny", "require_approval", "allow"] },
  { name: "required_level", label: "Policy required level (1–5)", type: "number" },
  { name: "priority", label: "Priority", type: "number" },
  { name: "action_types", label: "Action types (comma-separated)" },
  { name: "agent_ids", label: "Agent ids (comma-separated)" },
  { name: "min_risk_score", label: "Minimum risk score", type: "number" },
  { name: "min_cost_usd", label: "Minimum cost (USD)", type: "number" },
];

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** A new policy; "Test draft policy" runs the sample action with it beside the saved policies, saving nothing. */
export function PolicyEditor({ sample, onSaved }: { sample: SampleAction; onSaved: () => void }) {
  const form = useFormValues<PolicyField>({
    name: "",
    effect: "require_approval",
    required_level: "",
    priority: "",
    action_types: "",
    agent_ids: "",
    min_risk_score: "",
    min_cost_usd: "",
  });
  const call = useDryRun();
  const v = form.values;
  const policy = () => ({
    name: v.name,
    effect: v.effect,
    required_level: optionalNumber(v.required_level),
    priority: optionalNumber(v.priority),
    conditions: {
      action_types: list(v.action_types),
      agent_ids: list(v.agent_ids),
      min_risk_score: optionalNumber(v.min_risk_score),
      min_cost_usd: optionalNumber(v.min_cost_usd),
    },
  });
  const save = () =>
    call.run(async () => {
      call.clear();
      await api("POST", "/api/policies", policy());
      onSaved();
    });
  const test = () => void call.test(sample, { draft_policy: { ...policy(), name: v.name || "unnamed draft" } });
  return (
    <FormPanel
      label="New policy"
      onSubmit={save}
      submitLabel="Save policy"
      error={call.error}
      buttons={
        <button type="button" onClick={test}>
          Test draft policy
        </button>
      }
      after={call.result ? <EvaluationResult result={call.result} /> : null}
    >
      <Fields fields={policyFields} values={v} onChange={form.set} errors={call.errors} />
    </FormPanel>
  );
}
