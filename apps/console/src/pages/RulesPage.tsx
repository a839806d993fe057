import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, useLoad } from "../components/common.js";
import { actionsColumn, DangerButton, DataTable } from "../components/DataTable.js";
import { useApiCall } from "../components/Form.js";
import type { Me, Policy, SmartRule } from "../types.js";
import { PolicyEditor } from "./rules/PolicyEditor.js";
import { firstSample, SampleActionForm, type SampleAction } from "./rules/sample-action.js";
import { SmartRuleEditor } from "./rules/SmartRuleEditor.js";

const effectOf = (r: { effect: string; required_level: number }) =>
  `${r.effect}${r.required_level ? ` (L${r.required_level})` : ""}`;

/**
 * Policies and CEL smart rules: list, create, edit (rules), delete; and "test before saving":
 * the sample action above runs against the saved rules, and each editor runs it with its draft.
 */
export function RulesPage({ me }: { me: Me }) {
  const policies = useLoad(() => api<Page<Policy>>("GET", "/api/policies"));
  const rules = useLoad(() => api<Page<SmartRule>>("GET", "/api/smart-rules"));
  const removal = useApiCall();
  const [sample, setSample] = useState<SampleAction>(firstSample);
  const [editing, setEditing] = useState<SmartRule>();
  const admin = me.approval_level >= 3;
  const remove = (path: string, reload: () => Promise<void>) =>
    void removal.run(async () => {
      await api("DELETE", path);
      await reload();
    });
  return (
    <section>
      <ErrorNotice error={removal.error ?? policies.error ?? rules.error} />
      <h2>Test before saving</h2>
      <p>
        Runs a sample action through the decision pipeline (kill switch, limits, window, budget, policies, smart rules,
        risk); nothing is stored or counted.
        {admin ? " The editors below run the same sample with their unsaved rule in place." : null}
      </p>
      <SampleActionForm sample={sample} onChange={setSample} />
      <h2>Smart rules</h2>
      <DataTable
        caption="Smart rules"
        rows={rules.data?.items}
        rowKey={(r) => r.id}
        columns={[
          { header: "Name", cell: (r) => r.name },
          { header: "Expression", cell: (r) => <code>{r.expression}</code> },
          { header: "Effect", cell: effectOf },
          { header: "Enabled", cell: (r) => (r.enabled ? "yes" : "no") },
          admin &&
            actionsColumn((r: SmartRule) => (
              <div className="buttons">
                <button type="button" onClick={() => setEditing(r)}>
                  Edit {r.name}
                </button>
                <DangerButton onClick={() => remove(`/api/smart-rules/${encodeURIComponent(r.id)}`, rules.reload)}>
                  Delete {r.name}
                </DangerButton>
              </div>
            )),
        ]}
      />
      {admin ? (
        <SmartRuleEditor
          key={editing?.id ?? "new"}
          sample={sample}
          editing={editing}
          onSaved={() => void rules.reload()}
          onDone={() => setEditing(undefined)}
        />
      ) : null}
      <h2>Policies</h2>
      <DataTable
        caption="Policies"
        rows={policies.data?.items}
        rowKey={(p) => p.id}
        columns={[
          { header: "Name", cell: (p) => p.name },
          { header: "Effect", cell: effectOf },
          { header: "Priority", cell: (p) => p.priority },
          { header: "Conditions", cell: (p) => <code>{JSON.stringify(p.conditions)}</code> },
          admin &&
            actionsColumn((p: Policy) => (
              <DangerButton onClick={() => remove(`/api/policies/${encodeURIComponent(p.id)}`, policies.reload)}>
                Delete {p.name}
              </DangerButton>
            )),
        ]}
      />
      {admin ? <PolicyEditor sample={sample} onSaved={() => void policies.reload()} /> : null}
    </section>
  );
}
