import { useCallback, useEffect, useState } from "react";
import { api, ApiError } from "./api.js";
import { ErrorNotice, Field, type Submit } from "./components/common.js";
import type { Me } from "./types.js";
import { OverviewPage } from "./pages/OverviewPage.js";
import { ApprovalsPage } from "./pages/ApprovalsPage.js";
import { AgentsPage } from "./pages/AgentsPage.js";
import { RulesPage } from "./pages/RulesPage.js";
import { AuditPage } from "./pages/AuditPage.js";
import { AccessPage } from "./pages/AccessPage.js";
import { NotificationsPage } from "./pages/NotificationsPage.js";

const base = "/console/";
const pages = [
  { slug: "", title: "Overview", view: OverviewPage },
  { slug: "approvals", title: "Pending approvals", view: ApprovalsPage },
  { slug: "agents", title: "Agents", view: AgentsPage },
  { slug: "policies", title: "Policies and smart rules", view: RulesPage },
  { slug: "audit", title: "Audit trail", view: AuditPage },
  { slug: "access", title: "API keys and users", view: AccessPage },
  { slug: "notifications", title: "Notifications", view: NotificationsPage },
] as const;

const slugOf = (path: string) => (path.startsWith(base) ? path.slice(base.length).replace(/\/$/, "") : "");

function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>();
  const submit = async (e: Submit) => {
    e.preventDefault();
    try {
      await api("POST", "/api/auth/login", { email, password });
      onSignedIn();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <main className="login">
      <h1>Agent governance console</h1>
      <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <Field label="Email" type="email" name="email" value={email} onChange={setEmail} required />
        <Field label="Password" type="password" name="password" value={password} onChange={setPassword} required />
        <ErrorNotice error={error} />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

/** The console: sign-in, then one page per area of the platform. */
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [slug, setSlug] = useState(() => slugOf(location.pathname));
  const loadMe = useCallback(async () => {
    try {
      setMe(await api<Me>("GET", "/api/auth/me"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else throw e;
    }
  }, []);
  useEffect(() => {
    void loadMe();
  }, [loadMe]);
  useEffect(() => {
    const onPop = () => setSlug(slugOf(location.pathname));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  const page = pages.find((p) => p.slug === slug) ?? pages[0];
  useEffect(() => {
    document.title = `${page.title} · Agent governance console`;
  }, [page]);

  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) return <LoginForm onSignedIn={() => void loadMe()} />;

  const go = (to: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    history.pushState(null, "", base + to);
    setSlug(to);
  };
  const signOut = async () => {
    await api("POST", "/api/auth/logout").catch(() => undefined);
    setMe(null);
  };
  const View = page.view;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span className="brand">Agent governance</span>
        <nav aria-label="Console sections">
          <ul>
            {pages.map((p) => (
              <li key={p.slug}>
                <a href={base + p.slug} onClick={go(p.slug)} aria-current={p.slug === page.slug ? "page" : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {me.email} · {me.role} (level {me.approval_level}) · {me.organization.name}
          </span>
          <button type="button" className="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{page.title}</h1>
        <View me={me} />
      </main>
    </div>
  );
}
