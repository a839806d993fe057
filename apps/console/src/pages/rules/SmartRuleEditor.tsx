import { useState } from "react";
import { api } from "../../api.js";
import { Notice } from "../../components/common.js";
import { EvaluationResult } from "../../components/EvaluationResult.js";
import { Fields, FormPanel, useFormValues, type FieldSpec } from "../../components/Form.js";
import type { SmartRule } from "../../types.js";
import { optionalNumber, useDryRun, type SampleAction } from "./sample-action.js";

type RuleField = "name" | "expression" | "effect" | "required_level";

const ruleFields = (editing: boolean): readonly FieldSpec<RuleField>[] => [
  { name: "name", label: "Rule name", required: true, autoFocus: editing },
  { name: "expression", label: "CEL expression", multiline: true, required: true },
  { name: "effect", label: "Rule effect", options: ["deny", "require_approval", "alert"] },
  { name: "required_level", label: "Rule required level (1–5)", type: "number" },
];

/**
 * A new smart rule, or an edit of a saved one: "Test draft rule" runs the sample action
 * with the rule as typed (in place of the saved one when editing), saving nothing; CEL
 * errors show under the expression, from the test or from saving.
 */
export function SmartRuleEditor(props: {
  sample: SampleAction;
  editing?: SmartRule;
  onSaved: () => void;
  onDone: () => void;
}) {
  const { editing } = props;
  const form = useFormValues<RuleField>({
    name: editing?.name ?? "",
    expression: editing?.expression ?? 'action.action_type == "transfer" && action.estimated_cost_usd > 1000',
    effect: editing?.effect ?? "require_approval",
    required_level: editing?.required_level ? String(editing.required_level) : "",
  });
  const [saved, setSaved] = useState<SmartRule>();
  const call = useDryRun();
  const rule = () => ({
    ...form.values,
    description: editing?.description ?? "",
    required_level: optionalNumber(form.values.required_level),
    enabled: editing?.enabled ?? true,
  });
  const save = () =>
    call.run(async () => {
      call.clear();
      setSaved(
        editing
          ? await api<SmartRule>("PUT", `/api/smart-rules/${encodeURIComponent(editing.id)}`, rule())
          : await api<SmartRule>("POST", "/api/smart-rules", rule()),
      );
      props.onSaved();
    });
  const test = () => {
    setSaved(undefined);
    // A draft needs a name as a saved rule does; an unnamed one is still worth testing.
    void call.test(props.sample, {
      draft_rule: { ...rule(), name: form.values.name || "unnamed draft" },
      draft_rule_id: editing?.id,
    });
  };
  return (
    <FormPanel
      label={editing ? `Edit smart rule ${editing.name}` : "New smart rule"}
      onSubmit={save}
      submitLabel="Save smart rule"
      error={call.error}
      status={saved ? <Notice>Smart rule “{saved.name}” saved.</Notice> : null}
      buttons={
        <>
          <button type="button" onClick={test}>
            Test draft rule
          </button>
          {editing ? (
            <button type="button" onClick={props.onDone}>
              Stop editing
            </button>
          ) : null}
        </>
      }
      after={call.result ? <EvaluationResult result={call.result} /> : null}
    >
      <Fields
        fields={ruleFields(editing !== undefined)}
        values={form.values}
        onChange={form.set}
        errors={call.errors}
      />
    </FormPanel>
  );
}
