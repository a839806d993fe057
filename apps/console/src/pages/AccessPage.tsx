import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, Field, fieldErrorsOf, useLoad, when, type Submit } from "../components/common.js";
import { roles, type ApiKey, type Me, type User } from "../types.js";

function NewKey({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [created, setCreated] = useState<ApiKey & { key: string }>();
  const [error, setError] = useState<unknown>();
  const submit = async (e: Submit) => {
    e.preventDefault();
    try {
      setCreated(await api<ApiKey & { key: string }>("POST", "/api/keys", { name, role: role || undefined }));
      setError(undefined);
      setName("");
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="New API key" className="grid-form">
      <Field label="Key name" value={name} onChange={setName} required error={errors["name"]} />
      <Field
        label="Key role (empty: agent)"
        value={role}
        onChange={setRole}
        options={["", ...roles]}
        error={errors["role"]}
      />
      {error && Object.keys(errors).length === 0 ? <ErrorNotice error={error} /> : null}
      <div className="buttons">
        <button type="submit">Create key</button>
      </div>
      {created ? (
        <div role="status" className="notice ok">
          Key “{created.name}” ({created.role}) created. Copy it now: it is shown once and never again.
          <pre className="secret" aria-label="New API key value">
            {created.key}
          </pre>
        </div>
      ) : null}
    </form>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fullName, setFullName] = useState("");
  const [role, setRole] = useState("user");
  const [error, setError] = useState<unknown>();
  const submit = async (e: Submit) => {
    e.preventDefault();
    try {
      await api("POST", "/api/users", { email, password, role, full_name: fullName || undefined });
      setError(undefined);
      setEmail("");
      setPassword("");
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  };
  const errors = fieldErrorsOf(error);
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="New user" className="grid-form">
      <Field label="User email" type="email" value={email} onChange={setEmail} required error={errors["email"]} />
      <Field
        label="Initial password"
        type="password"
        value={password}
        onChange={setPassword}
        required
        error={errors["password"]}
      />
      <Field label="Full name" value={fullName} onChange={setFullName} error={errors["full_name"]} />
      <Field label="User role" value={role} onChange={setRole} options={roles} error={errors["role"]} />
      {error && Object.keys(errors).length === 0 ? <ErrorNotice error={error} /> : null}
      <div className="buttons">
        <button type="submit">Create user</button>
      </div>
    </form>
  );
}

/** API keys (created once, revoked) and users with their roles; admin only, as the API decides. */
export function AccessPage({ me }: { me: Me }) {
  const keys = useLoad(() => api<Page<ApiKey>>("GET", "/api/keys/list"));
  const users = useLoad(() => api<Page<User>>("GET", "/api/users?limit=500"));
  const [error, setError] = useState<unknown>();
  const act = async (method: string, path: string, body: unknown, reload: () => Promise<void>) => {
    try {
      await api(method, path, body);
      setError(undefined);
      await reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <ErrorNotice error={error ?? keys.error ?? users.error} />
      <h2>API keys</h2>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data?.items.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.key_prefix}</code>
                </td>
                <td>{k.role}</td>
                <td>{when(k.created_at)}</td>
                <td>{when(k.expires_at)}</td>
                <td>{when(k.revoked_at)}</td>
                <td>
                  {k.revoked_at ? null : (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => void act("DELETE", `/api/keys/${k.id}`, undefined, keys.reload)}
                    >
                      Revoke {k.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewKey onCreated={() => void keys.reload()} />
      <h2>Users</h2>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data?.items.map((u) => (
              <tr key={u.id}>
                <td>{u.email}</td>
                <td>{u.full_name}</td>
                <td>
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select
                    id={`role-${u.id}`}
                    value={u.role}
                    disabled={u.id === me.id}
                    onChange={(e) => void act("PATCH", `/api/users/${u.id}`, { role: e.target.value }, users.reload)}
                  >
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {u.id === me.id ? null : (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => void act("DELETE", `/api/users/${u.id}`, undefined, users.reload)}
                    >
                      Remove {u.email}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewUser onCreated={() => void users.reload()} />
    </section>
  );
}
