import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, Field, Notice, fieldErrorsOf, money, useLoad, type Submit } from "../components/common.js";
import type { Agent, Governance, Me } from "../types.js";

const num = (s: string) => (s.trim() === "" ? undefined : Number(s));
const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

/** Rate limits, daily budget and time window of one agent (PUT .../governance); an empty field means no limit. */
function GovernanceForm({ agent, onSaved }: { agent: Agent; onSaved: () => void }) {
  const g = agent.governance ?? {};
  const [perMinute, setPerMinute] = useState(str(g.rate_limits?.per_minute));
  const [perHour, setPerHour] = useState(str(g.rate_limits?.per_hour));
  const [budget, setBudget] = useState(str(g.max_daily_usd));
  const [start, setStart] = useState(g.allowed_window?.start_time ?? "");
  const [end, setEnd] = useState(g.allowed_window?.end_time ?? "");
  const [timezone, setTimezone] = useState(g.allowed_window?.timezone ?? "");
  const [days, setDays] = useState((g.allowed_window?.days ?? []).join(","));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const submit = async (e: Submit) => {
    e.preventDefault();
    const body: Governance = {};
    if (perMinute || perHour) body.rate_limits = { per_minute: num(perMinute), per_hour: num(perHour) };
    if (budget) body.max_daily_usd = num(budget);
    if (start || end || timezone)
      body.allowed_window = {
        start_time: start,
        end_time: end,
        timezone,
        days: days ? days.split(",").map((d) => Number(d.trim())) : [],
      };
    try {
      await api("PUT", `/api/registry/agents/${encodeURIComponent(agent.agent_id)}/governance`, body);
      setError(undefined);
      setSaved(true);
      onSaved();
    } catch (failure) {
      setSaved(false);
      setError(failure);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label={`Governance settings of ${agent.agent_id}`}
      className="grid-form"
    >
      <Field
        label="Requests per minute"
        type="number"
        value={perMinute}
        onChange={setPerMinute}
        error={errors["per_minute"]}
      />
      <Field label="Requests per hour" type="number" value={perHour} onChange={setPerHour} error={errors["per_hour"]} />
      <Field
        label="Daily budget (USD)"
        type="number"
        value={budget}
        onChange={setBudget}
        error={errors["max_daily_usd"]}
      />
      <Field
        label="Window start (HH:MM)"
        value={start}
        onChange={setStart}
        placeholder="09:00"
        error={errors["start_time"]}
      />
      <Field label="Window end (HH:MM)" value={end} onChange={setEnd} placeholder="17:00" error={errors["end_time"]} />
      <Field
        label="Timezone (IANA)"
        value={timezone}
        onChange={setTimezone}
        placeholder="Europe/Paris"
        error={errors["timezone"]}
      />
      <Field label="Weekdays (1=Mon … 7=Sun, comma-separated)" value={days} onChange={setDays} error={errors["days"]} />
      <ErrorNotice error={error} />
      {saved ? <Notice>Governance settings saved.</Notice> : null}
      <div className="buttons">
        <button type="submit">Save settings</button>
      </div>
    </form>
  );
}

function AgentRow({ agent, canAdmin, onChanged }: { agent: Agent; canAdmin: boolean; onChanged: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const [open, setOpen] = useState(false);
  const move = async (to: "kill" | "reactivate") => {
    try {
      await api("POST", `/api/registry/agents/${encodeURIComponent(agent.agent_id)}/${to}`, { reason });
      setError(undefined);
      setReason("");
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const g = agent.governance;
  return (
    <article className="card" aria-labelledby={`agent-${agent.agent_id}`} data-agent-id={agent.agent_id}>
      <h2 className="card-title" id={`agent-${agent.agent_id}`}>
        {agent.name || agent.agent_id} <span className={`badge status-${agent.status}`}>{agent.status}</span>
      </h2>
      <dl className="facts">
        <dt>Agent id</dt>
        <dd>{agent.agent_id}</dd>
        <dt>Type</dt>
        <dd>{agent.agent_type}</dd>
        {agent.kill_reason ? (
          <>
            <dt>Kill reason</dt>
            <dd>{agent.kill_reason}</dd>
          </>
        ) : null}
        <dt>Rate limits</dt>
        <dd>
          {g?.rate_limits?.per_minute ?? "∞"}/min · {g?.rate_limits?.per_hour ?? "∞"}/h
        </dd>
        <dt>Daily budget</dt>
        <dd>{money(g?.max_daily_usd)} (today's spend is not exposed by the API yet)</dd>
        <dt>Time window</dt>
        <dd>
          {g?.allowed_window?.start_time
            ? `${g.allowed_window.start_time}–${g.allowed_window.end_time} ${g.allowed_window.timezone}`
            : "any time"}
        </dd>
      </dl>
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
          <ErrorNotice error={error} />
          {open ? <GovernanceForm agent={agent} onSaved={onChanged} /> : null}
        </>
      ) : null}
    </article>
  );
}

/** The organization's agents: kill switch, reactivation and governance settings (admin). */
export function AgentsPage({ me }: { me: Me }) {
  const agents = useLoad(() => api<Page<Agent>>("GET", "/api/registry/agents?limit=500"));
  return (
    <section>
      <div className="toolbar">
        <button type="button" onClick={() => void agents.reload()}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={agents.error} />
      {agents.data && agents.data.items.length === 0 ? <p>No agents are registered yet.</p> : null}
      <div className="cards">
        {agents.data?.items.map((a) => (
          <AgentRow
            key={a.agent_id}
            agent={a}
            canAdmin={me.approval_level >= 3}
            onChanged={() => void agents.reload()}
          />
        ))}
      </div>
    </section>
  );
}
