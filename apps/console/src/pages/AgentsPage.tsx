import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, Field, Notice, money, useLoad } from "../components/common.js";
import { FactList } from "../components/FactList.js";
import { Fields, FormPanel, useApiCall, useFormValues, type FieldSpec } from "../components/Form.js";
import { StatusBadge } from "../components/StatusBadge.js";
import type { Agent, AgentBudget, Governance, Me } from "../types.js";

const num = (s: string) => (s.trim() === "" ? undefined : Number(s));
const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
const agentPath = (agent: Agent) => `/api/registry/agents/${encodeURIComponent(agent.agent_id)}`;

const governanceFields: readonly FieldSpec<keyof GovernanceValues>[] = [
  { name: "per_minute", label: "Requests per minute", type: "number" },
  { name: "per_hour", label: "Requests per hour", type: "number" },
  { name: "max_daily_usd", label: "Daily budget (USD)", type: "number" },
  { name: "start_time", label: "Window start (HH:MM)", placeholder: "09:00" },
  { name: "end_time", label: "Window end (HH:MM)", placeholder: "17:00" },
  { name: "timezone", label: "Timezone (IANA)", placeholder: "Europe/Paris" },
  { name: "days", label: "Weekdays (1=Mon … 7=Sun, comma-separated)" },
];

interface GovernanceValues {
  per_minute: string;
  per_hour: string;
  max_daily_usd: string;
  start_time: string;
  end_time: string;
  timezone: string;
  days: string;
}

/** The settings as the API takes them: an empty field is no limit, and no window without its times. */
function governanceBody(v: GovernanceValues): Governance {
  const body: Governance = {};
  if (v.per_minute || v.per_hour) body.rate_limits = { per_minute: num(v.per_minute), per_hour: num(v.per_hour) };
  if (v.max_daily_usd) body.max_daily_usd = num(v.max_daily_usd);
  if (v.start_time || v.end_time || v.timezone)
    body.allowed_window = {
      start_time: v.start_time,
      end_time: v.end_time,
      timezone: v.timezone,
      days: v.days ? v.days.split(",").map((d) => Number(d.trim())) : [],
    };
  return body;
}

/** Rate limits, daily budget and time window of one agent (PUT .../governance); an empty field means no limit. */
function GovernanceForm({ agent, onSaved }: { agent: Agent; onSaved: () => void }) {
  const g = agent.governance ?? {};
  const form = useFormValues<keyof GovernanceValues>({
    per_minute: str(g.rate_limits?.per_minute),
    per_hour: str(g.rate_limits?.per_hour),
    max_daily_usd: str(g.max_daily_usd),
    start_time: g.allowed_window?.start_time ?? "",
    end_time: g.allowed_window?.end_time ?? "",
    timezone: g.allowed_window?.timezone ?? "",
    days: (g.allowed_window?.days ?? []).join(","),
  });
  const [saved, setSaved] = useState(false);
  const call = useApiCall();
  const submit = async () => {
    const done = await call.run(() => api("PUT", `${agentPath(agent)}/governance`, governanceBody(form.values)));
    setSaved(done);
    if (done) onSaved();
  };
  return (
    <FormPanel
      label={`Governance settings of ${agent.agent_id}`}
      onSubmit={submit}
      submitLabel="Save settings"
      error={call.error}
      notice="always"
      status={saved ? <Notice>Governance settings saved.</Notice> : null}
    >
      <Fields fields={governanceFields} values={form.values} onChange={form.set} errors={call.errors} />
    </FormPanel>
  );
}

/**
 * "spent today / daily budget" from GET .../budget: the agent's day in its timezone, pending
 * actions' holds included. Only an agent with a budget has its spend counted.
 */
function DailyBudget({ agent, version }: { agent: Agent; version: number }) {
  const max = agent.governance?.max_daily_usd;
  const budget = useLoad(
    () =>
      max === null || max === undefined
        ? Promise.resolve(undefined)
        : api<AgentBudget>("GET", `${agentPath(agent)}/budget`),
    [agent.agent_id, max, version],
  );
  if (max === null || max === undefined) return <>no daily budget</>;
  if (budget.error) return <ErrorNotice error={budget.error} />;
  if (!budget.data) return <>{money(max)} a day</>;
  const b = budget.data;
  return (
    <>
      {money(b.spent_today_usd)} spent today / {money(b.max_daily_usd)} daily budget ({money(b.remaining_usd)} left,{" "}
      {b.day} {b.timezone})
    </>
  );
}

function AgentRow({
  agent,
  canAdmin,
  version,
  onChanged,
}: {
  agent: Agent;
  canAdmin: boolean;
  version: number;
  onChanged: () => void;
}) {
  const [reason, setReason] = useState("");
  const [open, setOpen] = useState(false);
  const call = useApiCall();
  const move = async (to: "kill" | "reactivate") => {
    if (await call.run(() => api("POST", `${agentPath(agent)}/${to}`, { reason }))) {
      setReason("");
      onChanged();
    }
  };
  const g = agent.governance;
  const allowed = g?.allowed_window;
  return (
    <article className="card" aria-labelledby={`agent-${agent.agent_id}`} data-agent-id={agent.agent_id}>
      <h2 className="card-title" id={`agent-${agent.agent_id}`}>
        {agent.name || agent.agent_id} <StatusBadge kind="status" value={agent.status} />
      </h2>
      <FactList
        facts={[
          ["Agent id", agent.agent_id],
          ["Type", agent.agent_type],
          agent.kill_reason ? ["Kill reason", agent.kill_reason] : null,
          ["Rate limits", `${g?.rate_limits?.per_minute ?? "∞"}/min · ${g?.rate_limits?.per_hour ?? "∞"}/h`],
          ["Daily budget", <DailyBudget agent={agent} version={version} />],
          [
            "Time window",
            allowed?.start_time ? `${allowed.start_time}–${allowed.end_time} ${allowed.timezone}` : "any time",
          ],
        ]}
      />
      {canAdmin ? (
        <>
          <Field label={`Reason for ${agent.agent_id}`} value={reason} onChange={setReason} />
          <div className="buttons">
            {agent.status === "killed" ? (
              <button type="button" onClick={() => void move("reactivate")}>
                Reactivate
              </button>
            ) : (
              <button type="button" className="danger" onClick={() => void move("kill")}>
                Kill switch
              </button>
            )}
            <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
              Governance settings
            </button>
          </div>
          <ErrorNotice error={call.error} />
          {open ? <GovernanceForm agent={agent} onSaved={onChanged} /> : null}
        </>
      ) : null}
    </article>
  );
}

/** The organization's agents: today's spend, kill switch, reactivation and governance settings (admin). */
export function AgentsPage({ me }: { me: Me }) {
  const agents = useLoad(() => api<Page<Agent>>("GET", "/api/registry/agents?limit=500"));
  // Bumped on every refresh, so each card reads its spend again too.
  const [version, setVersion] = useState(0);
  const reload = () => {
    setVersion((v) => v + 1);
    void agents.reload();
  };
  return (
    <section>
      <div className="toolbar">
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={agents.error} />
      {agents.data && agents.data.items.length === 0 ? <p>No agents are registered yet.</p> : null}
      <div className="cards">
        {agents.data?.items.map((a) => (
          <AgentRow key={a.agent_id} agent={a} canAdmin={me.approval_level >= 3} version={version} onChanged={reload} />
        ))}
      </div>
    </section>
  );
}
