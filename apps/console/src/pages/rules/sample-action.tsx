import { useState } from "react";
import { api } from "../../api.js";
import { EvaluationResult } from "../../components/EvaluationResult.js";
import { Fields, FormPanel, useApiCall, type FieldSpec } from "../../components/Form.js";
import type { Evaluation } from "../../types.js";

type SampleField = "agent_id" | "action_type" | "resource" | "estimated_cost_usd" | "risk_score";

/** The sample action a test runs through the pipeline, as typed, by the API's field names. */
export type SampleAction = Readonly<Record<SampleField, string>>;

export const firstSample: SampleAction = {
  agent_id: "",
  action_type: "transfer",
  resource: "",
  estimated_cost_usd: "",
  risk_score: "",
};

const sampleFields: readonly FieldSpec<SampleField>[] = [
  { name: "agent_id", label: "Sample agent id (optional)" },
  { name: "action_type", label: "Sample action type", required: true },
  { name: "resource", label: "Sample resource" },
  { name: "estimated_cost_usd", label: "Sample estimated cost (USD)", type: "number" },
  { name: "risk_score", label: "Sample risk score", type: "number" },
];

export const optionalNumber = (s: string) => (s.trim() === "" ? undefined : Number(s));

/**
 * Runs the sample action through the pipeline with POST /api/governance/policies/evaluate-realtime
 * (stored and counted nowhere), with the saved rules, or with `drafts` (draft_rule, draft_policy)
 * in their place. `test` answers whether the dry run answered; `run` runs any other call of the
 * same form (saving), so one refusal shows at a time.
 */
export function useDryRun() {
  const call = useApiCall();
  const [result, setResult] = useState<Evaluation>();
  const test = (sample: SampleAction, drafts: Record<string, unknown> = {}) =>
    call.run(async () => {
      setResult(undefined);
      setResult(
        await api<Evaluation>("POST", "/api/governance/policies/evaluate-realtime", {
          agent_id: sample.agent_id || undefined,
          action_type: sample.action_type,
          resource: sample.resource,
          estimated_cost_usd: optionalNumber(sample.estimated_cost_usd),
          risk_score: optionalNumber(sample.risk_score),
          ...drafts,
        }),
      );
    });
  return { ...call, result, test, clear: () => setResult(undefined) };
}

/** The sample action's fields, and a run of it against the saved rules only. */
export function SampleActionForm({ sample, onChange }: { sample: SampleAction; onChange: (s: SampleAction) => void }) {
  const dryRun = useDryRun();
  return (
    <FormPanel
      label="Test a sample action"
      onSubmit={() => dryRun.test(sample)}
      submitLabel="Run sample action"
      error={dryRun.error}
      notice="always"
      after={dryRun.result ? <EvaluationResult result={dryRun.result} /> : null}
    >
      <Fields
        fields={sampleFields}
        values={sample}
        onChange={(name, value) => onChange({ ...sample, [name]: value })}
        errors={dryRun.errors}
      />
    </FormPanel>
  );
}
