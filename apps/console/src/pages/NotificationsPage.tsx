import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, Field, fieldErrorsOf, useLoad, when, type Submit } from "../components/common.js";

/** An approval notification endpoint as the API answers it (GET /api/v1/notification-endpoints). */
export interface NotificationEndpoint {
  id: string;
  name: string;
  kind: "webhook" | "slack" | "email";
  url: string;
  email: string;
  events: string[];
  enabled: boolean;
  secret_prefix: string;
  created_at: string;
}

/** One row of an endpoint's delivery log. */
export interface NotificationDelivery {
  id: string;
  event: string;
  action_id: number | null;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  last_status_code: number;
  last_error: string;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

const kinds = ["webhook", "slack", "email"] as const;
const events = ["action.pending", "action.escalated", "action.expired"] as const;
const base = "/api/v1/notification-endpoints";

/** The secret, shown once after creation or rotation, with what to do with it. */
function SecretNotice({ name, secret }: { name: string; secret: string }) {
  return (
    <div role="status" className="notice ok">
      Signing secret of “{name}”. Copy it now: it is shown once and never again. Receivers verify the
      <code> webhook-signature </code> header with it (Standard Webhooks).
      <pre className="secret" aria-label="Signing secret">
        {secret}
      </pre>
    </div>
  );
}

function NewEndpoint({
  onCreated,
}: {
  onCreated: (created: NotificationEndpoint & { secret: string | null }) => void;
}) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<string>("webhook");
  const [target, setTarget] = useState("");
  const [chosen, setChosen] = useState<string[]>([...events]);
  const [error, setError] = useState<unknown>();
  const submit = async (e: Submit) => {
    e.preventDefault();
    try {
      const created = await api<NotificationEndpoint & { secret: string | null }>("POST", base, {
        name: name || undefined,
        kind,
        ...(kind === "email" ? { email: target } : { url: target }),
        events: chosen,
      });
      setError(undefined);
      setName("");
      setTarget("");
      onCreated(created);
    } catch (failure) {
      setError(failure);
    }
  };
  const errors = fieldErrorsOf(error);
  const toggle = (event: string) =>
    setChosen((now) => (now.includes(event) ? now.filter((e) => e !== event) : [...now, event]));
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="New notification endpoint" className="grid-form">
      <Field label="Endpoint kind" value={kind} onChange={setKind} options={kinds} error={errors["kind"]} />
      <Field
        label={kind === "email" ? "Email address" : kind === "slack" ? "Slack incoming webhook URL" : "Webhook URL"}
        type={kind === "email" ? "email" : "url"}
        value={target}
        onChange={setTarget}
        required
        error={errors[kind === "email" ? "email" : "url"]}
      />
      <Field label="Endpoint name (optional)" value={name} onChange={setName} error={errors["name"]} />
      <fieldset className="field">
        <legend>Events</legend>
        {events.map((event) => (
          <label key={event}>
            <input type="checkbox" checked={chosen.includes(event)} onChange={() => toggle(event)} /> {event}
          </label>
        ))}
      </fieldset>
      {error && Object.keys(errors).length === 0 ? <ErrorNotice error={error} /> : null}
      <div className="buttons">
        <button type="submit">Add endpoint</button>
      </div>
    </form>
  );
}

function Deliveries({ endpoint }: { endpoint: NotificationEndpoint }) {
  const log = useLoad(
    () => api<Page<NotificationDelivery>>("GET", `${base}/${endpoint.id}/deliveries?limit=50`),
    [endpoint.id],
  );
  return (
    <section aria-label={`Deliveries to ${endpoint.name}`}>
      <h3>
        Deliveries to {endpoint.name}{" "}
        <button type="button" onClick={() => void log.reload()}>
          Refresh
        </button>
      </h3>
      <ErrorNotice error={log.error} />
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Delivery log of {endpoint.name}</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">Event</th>
              <th scope="col">Action</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Next attempt</th>
              <th scope="col">Delivered</th>
            </tr>
          </thead>
          <tbody>
            {log.data?.items.map((d) => (
              <tr key={d.id} data-delivery-status={d.status}>
                <td>{when(d.created_at)}</td>
                <td>{d.event}</td>
                <td>{d.action_id ?? "—"}</td>
                <td>{d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.last_error || (d.last_status_code ? `HTTP ${d.last_status_code}` : "—")}</td>
                <td>{when(d.next_attempt_at)}</td>
                <td>{when(d.delivered_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {log.data && log.data.items.length === 0 ? <p>No deliveries yet.</p> : null}
    </section>
  );
}

/**
 * Approval notifications (admin): where the organization hears of actions that wait for
 * approval, were escalated or expired; each endpoint's secret shown once; the delivery log.
 */
export function NotificationsPage() {
  const list = useLoad(() => api<Page<NotificationEndpoint>>("GET", base));
  const [secret, setSecret] = useState<{ name: string; secret: string }>();
  const [selected, setSelected] = useState<NotificationEndpoint>();
  const [error, setError] = useState<unknown>();
  const act = async (work: () => Promise<void>) => {
    try {
      await work();
      setError(undefined);
      await list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const rotate = (endpoint: NotificationEndpoint) =>
    act(async () => {
      const res = await api<{ secret: string }>("POST", `${base}/${endpoint.id}/rotate-secret`);
      setSecret({ name: endpoint.name, secret: res.secret });
    });
  return (
    <section>
      <ErrorNotice error={error ?? list.error} />
      {secret ? <SecretNotice {...secret} /> : null}
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Notification endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Sends to</th>
              <th scope="col">Events</th>
              <th scope="col">Secret</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((e) => (
              <tr key={e.id}>
                <td>{e.name}</td>
                <td>{e.kind}</td>
                <td>
                  <code>{e.kind === "email" ? e.email : e.url}</code>
                </td>
                <td>{e.events.join(", ")}</td>
                <td>
                  <code>{e.secret_prefix || "—"}</code>
                </td>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      checked={e.enabled}
                      onChange={() => void act(() => api("PATCH", `${base}/${e.id}`, { enabled: !e.enabled }))}
                    />
                    <span className="sr-only">Enabled: {e.name}</span>
                  </label>
                </td>
                <td className="buttons">
                  <button type="button" onClick={() => setSelected(e)}>
                    Deliveries of {e.name}
                  </button>
                  <button type="button" onClick={() => void act(() => api("POST", `${base}/${e.id}/test`))}>
                    Send test to {e.name}
                  </button>
                  {e.kind === "email" ? null : (
                    <button type="button" onClick={() => void rotate(e)}>
                      Rotate secret of {e.name}
                    </button>
                  )}
                  <button
                    type="button"
                    className="danger"
                    onClick={() =>
                      void act(async () => {
                        await api("DELETE", `${base}/${e.id}`);
                        if (selected?.id === e.id) setSelected(undefined);
                      })
                    }
                  >
                    Delete {e.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && list.data.items.length === 0 ? (
        <p>No endpoints yet: add one to be told when an action waits for approval.</p>
      ) : null}
      <h2>Add an endpoint</h2>
      <NewEndpoint
        onCreated={(created) => {
          if (created.secret) setSecret({ name: created.name, secret: created.secret });
          void list.reload();
        }}
      />
      {selected ? <Deliveries key={selected.id} endpoint={selected} /> : null}
    </section>
  );
}
