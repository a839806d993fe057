import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { allPages } from "../api.js";
import { ErrorNotice, useLoad } from "../components/common.js";
import { DataTable } from "../components/DataTable.js";
import { decisionsOverTime, outcomes, topRefusalReasons } from "../overview-data.js";
import type { Action, Me } from "../types.js";

const colours: Record<(typeof outcomes)[number], string> = {
  auto_approved: "#2e7d32",
  pending_approval: "#f9a825",
  approved: "#1565c0",
  denied: "#c62828",
  completed: "#6a1b9a",
  failed: "#5d4037",
};

/** Decisions per outcome over time and the top refusal reasons, from the latest actions. */
export function OverviewPage(_: { me: Me }) {
  const actions = useLoad(() => allPages<Action>("/api/actions", new URLSearchParams(), 2000));
  const series = decisionsOverTime(actions.data ?? []);
  const reasons = topRefusalReasons(actions.data ?? []);
  const totals = outcomes.map((o) => ({
    outcome: o,
    count: (actions.data ?? []).filter((a) => a.status === o).length,
  }));
  return (
    <section>
      <ErrorNotice error={actions.error} />
      <ul className="totals" aria-label="Actions by current status">
        {totals.map((t) => (
          <li key={t.outcome}>
            <span className="total">{t.count}</span> {t.outcome.replace("_", " ")}
          </li>
        ))}
      </ul>
      <figure>
        <figcaption>
          <h2>Decisions per outcome, per hour (UTC)</h2>
        </figcaption>
        <div
          className="chart"
          role="img"
          aria-label={`Stacked bar chart of ${actions.data?.length ?? 0} decisions per outcome per hour`}
        >
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={series}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="bucket" fontSize={11} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              {outcomes.map((o) => (
                <Bar key={o} dataKey={o} stackId="a" fill={colours[o]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure>
        <figcaption>
          <h2>Top refusal reasons</h2>
        </figcaption>
        {reasons.length === 0 ? (
          <p>No refusals yet.</p>
        ) : (
          <>
            <div className="chart" role="img" aria-label="Bar chart of the most frequent refusal reasons">
              <ResponsiveContainer width="100%" height={Math.max(120, reasons.length * 40)}>
                <BarChart data={reasons} layout="vertical" margin={{ left: 24 }}>
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="reason" width={220} fontSize={11} />
                  <Tooltip />
                  <Bar dataKey="count" fill="#c62828" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <DataTable
              caption="Top refusal reasons"
              rows={reasons}
              rowKey={(r) => r.reason}
              columns={[
                { header: "Reason", cell: (r) => r.reason },
                { header: "Refusals", cell: (r) => r.count },
              ]}
            />
          </>
        )}
      </figure>
    </section>
  );
}
