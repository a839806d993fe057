import { useState } from "react";
import { api, type Page } from "../api.js";
import { ErrorNotice, useLoad, when } from "../components/common.js";
import { actionsColumn, DangerButton, DataTable } from "../components/DataTable.js";
import { Fields, FormPanel, useApiCall, useFormValues, type FieldSpec } from "../components/Form.js";
import { roles, type ApiKey, type Me, type User } from "../types.js";

const keyFields: readonly FieldSpec<"name" | "role">[] = [
  { name: "name", label: "Key name", required: true },
  { name: "role", label: "Key role (empty: agent)", options: ["", ...roles] },
];

function NewKey({ onCreated }: { onCreated: () => void }) {
  const form = useFormValues({ name: "", role: "" });
  const [created, setCreated] = useState<ApiKey & { key: string }>();
  const call = useApiCall();
  const submit = () =>
    call.run(async () => {
      const { name, role } = form.values;
      setCreated(await api<ApiKey & { key: string }>("POST", "/api/keys", { name, role: role || undefined }));
      form.set("name", "");
      onCreated();
    });
  return (
    <FormPanel
      label="New API key"
      onSubmit={submit}
      submitLabel="Create key"
      error={call.error}
      after={
        created ? (
          <div role="status" className="notice ok">
            Key “{created.name}” ({created.role}) created. Copy it now: it is shown once and never again.
            <pre className="secret" aria-label="New API key value">
              {created.key}
            </pre>
          </div>
        ) : null
      }
    >
      <Fields fields={keyFields} values={form.values} onChange={form.set} errors={call.errors} />
    </FormPanel>
  );
}

const userFields: readonly FieldSpec<"email" | "password" | "full_name" | "role">[] = [
  { name: "email", label: "User email", type: "email", required: true },
  { name: "password", label: "Initial password", type: "password", required: true },
  { name: "full_name", label: "Full name" },
  { name: "role", label: "User role", options: roles },
];

function NewUser({ onCreated }: { onCreated: () => void }) {
  const form = useFormValues({ email: "", password: "", full_name: "", role: "user" });
  const call = useApiCall();
  const submit = () =>
    call.run(async () => {
      const { full_name, ...rest } = form.values;
      await api("POST", "/api/users", { ...rest, full_name: full_name || undefined });
      form.setValues((v) => ({ ...v, email: "", password: "" }));
      onCreated();
    });
  return (
    <FormPanel label="New user" onSubmit={submit} submitLabel="Create user" error={call.error}>
      <Fields fields={userFields} values={form.values} onChange={form.set} errors={call.errors} />
    </FormPanel>
  );
}

/** API keys (created once, revoked) and users with their roles; admin only, as the API decides. */
export function AccessPage({ me }: { me: Me }) {
  const keys = useLoad(() => api<Page<ApiKey>>("GET", "/api/keys/list"));
  const users = useLoad(() => api<Page<User>>("GET", "/api/users?limit=500"));
  const change = useApiCall();
  const act = (method: string, path: string, body: unknown, reload: () => Promise<void>) =>
    void change.run(async () => {
      await api(method, path, body);
      await reload();
    });
  return (
    <section>
      <ErrorNotice error={change.error ?? keys.error ?? users.error} />
      <h2>API keys</h2>
      <DataTable
        caption="API keys"
        rows={keys.data?.items}
        rowKey={(k) => k.id}
        columns={[
          { header: "Name", cell: (k) => k.name },
          { header: "Prefix", cell: (k) => <code>{k.key_prefix}</code> },
          { header: "Role", cell: (k) => k.role },
          { header: "Created", cell: (k) => when(k.created_at) },
          { header: "Expires", cell: (k) => when(k.expires_at) },
          { header: "Revoked", cell: (k) => when(k.revoked_at) },
          actionsColumn((k: ApiKey) =>
            k.revoked_at ? null : (
              <DangerButton onClick={() => act("DELETE", `/api/keys/${k.id}`, undefined, keys.reload)}>
                Revoke {k.name}
              </DangerButton>
            ),
          ),
        ]}
      />
      <NewKey onCreated={() => void keys.reload()} />
      <h2>Users</h2>
      <DataTable
        caption="Users"
        rows={users.data?.items}
        rowKey={(u) => u.id}
        columns={[
          { header: "Email", cell: (u) => u.email },
          { header: "Name", cell: (u) => u.full_name },
          {
            header: "Role",
            cell: (u) => (
              <>
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  Role of {u.email}
                </label>
                <select
                  id={`role-${u.id}`}
                  value={u.role}
                  disabled={u.id === me.id}
                  onChange={(e) => act("PATCH", `/api/users/${u.id}`, { role: e.target.value }, users.reload)}
                >
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </>
            ),
          },
          actionsColumn((u: User) =>
            u.id === me.id ? null : (
              <DangerButton onClick={() => act("DELETE", `/api/users/${u.id}`, undefined, users.reload)}>
                Remove {u.email}
              </DangerButton>
            ),
          ),
        ]}
      />
      <NewUser onCreated={() => void users.reload()} />
    </section>
  );
}
