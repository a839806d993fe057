import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestPlatform, type TestPlatform } from "@platform/testing-platform";

/**
 * The console's done-when scenarios (issue 14) in headless Chromium (Debian's package,
 * driven by playwright-core; .ci/run installs it), against the whole platform with the
 * built console served by the gateway. Screenshots of every page go to tmp/console-e2e/.
 */
const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
if (!hasChromium)
  console.warn(`${chromiumPath} is missing: the console's browser tests are skipped (apt-get install -y chromium)`);

const root = fileURLToPath(new URL("../../../", import.meta.url));
const consoleDir = `${root}apps/console`;
const shots = `${root}tmp/console-e2e`;
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

describe.skipIf(!hasChromium)("the web console in headless Chromium", () => {
  let platform: TestPlatform;
  let browser: Browser;
  let agentKey: string;
  const admin = { email: "ada@acme.test", password: "s3cure-pass!" };
  const manager = { email: "manny@acme.test", password: "pass-word-1" };
  const key = () => ({ "x-api-key": agentKey });

  async function submitPending(cost: number) {
    const res = await platform.call("POST", "/api/actions", {
      headers: key(),
      body: {
        agent_id: "trading-bot-001",
        action_type: "transfer",
        risk_score: 75,
        estimated_cost_usd: cost,
        resource: "accounts/ops",
        parameters: { to: "ACME-SUPPLIER", amount: cost },
      },
    });
    expect(res.status).toBe(202);
    return res.body.id as number;
  }

  async function signIn(
    who: { email: string; password: string },
    viewport = { width: 1280, height: 900 },
    bypassCSP = false,
  ): Promise<Page> {
    const context = await browser.newContext({ viewport, bypassCSP });
    const page = await context.newPage();
    await page.goto(`${platform.gateway.url}/console/`);
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Console sections" }).waitFor();
    return page;
  }

  async function open(page: Page, title: string) {
    await page.getByRole("link", { name: title }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
  }

  /** Polls until the locator matches `count` elements (vitest has no web-first assertions). */
  async function waitForCount(locator: { count(): Promise<number> }, count: number) {
    for (let i = 0; i < 50 && (await locator.count()) !== count; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await locator.count()).toBe(count);
  }

  /** The text of the first element the locator finds, once it is there. */
  async function textOf(locator: ReturnType<Page["locator"]>) {
    await locator.first().waitFor();
    return locator.first().innerText();
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

  beforeAll(async () => {
    if (!existsSync(`${consoleDir}/dist/index.html`))
      execFileSync("npx", ["vite", "build"], { cwd: consoleDir, stdio: "ignore" });
    mkdirSync(shots, { recursive: true });
    platform = await startTestPlatform("sqlite");
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const signup = await platform.call("POST", "/api/auth/signup", {
      body: { organization_name: "Acme", ...admin, full_name: "Ada Admin" },
    });
    const adminAuth = { authorization: `Bearer ${signup.body.access_token}` };
    expect(
      (
        await platform.call("POST", "/api/users", {
          headers: adminAuth,
          body: { ...manager, role: "manager", full_name: "Manny Manager" },
        })
      ).status,
    ).toBe(201);
    // The agent's key acts as its creator, the admin: the admin may not approve what it submits.
    agentKey = (await platform.call("POST", "/api/keys", { headers: adminAuth, body: { name: "trading-agent" } })).body
      .key;
    expect(
      (
        await platform.call("POST", "/api/registry/agents", {
          headers: key(),
          body: { agent_id: "trading-bot-001", agent_type: "trading", name: "Trading bot" },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await platform.call("POST", "/api/actions", {
          headers: key(),
          body: { agent_id: "trading-bot-001", action_type: "read_file", resource: "reports/q3.csv" },
        })
      ).status,
    ).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it("an approver signs in, sees a pending action submitted by an agent key, approves it with a comment, and sees it approved", async () => {
    const id = await submitPending(2500);
    const page = await signIn(manager);
    await open(page, "Pending approvals");
    const card = page.locator(`[data-testid="approvable"] article[data-action-id="${id}"]`);
    await card.waitFor();
    expect(await textOf(card.getByRole("heading"))).toContain(`#${id} transfer`);
    const text = await card.innerText();
    for (const fact of ["high · 75", "trading-bot-001", "L2", "$2,500.00", "ACME-SUPPLIER", "Risk factors"])
      expect(text).toContain(fact);
    expect(text).toMatch(/\w+ \+\d+: /); // each factor: name, points, explanation
    await shot(page, "approvals");
    await card.getByLabel(`Comment on #${id}`).fill("within mandate");
    await card.getByRole("button", { name: "Approve" }).click();
    expect(await textOf(page.getByRole("status").filter({ hasText: `Action #${id} is now` }))).toContain(
      "approved (comment: within mandate)",
    );
    await waitForCount(card, 0);
    await shot(page, "approvals-approved");
    const stored = await platform.call("GET", `/api/actions/${id}`, { headers: key() });
    expect(stored.body).toMatchObject({ status: "approved", approval_comment: "within mandate" });
    await page.context().close();
  }, 60_000);

  it("a self-approval is refused on screen in the API's words", async () => {
    const id = await submitPending(300);
    const page = await signIn(admin);
    await open(page, "Pending approvals");
    const card = page.locator(`[data-testid="others"] article[data-action-id="${id}"]`);
    await card.getByRole("button", { name: "Approve" }).click();
    const alert = card.getByRole("alert");
    expect(await textOf(alert)).toContain("Self-approval not permitted");
    expect(await textOf(alert)).toContain("SELF_APPROVAL_NOT_PERMITTED");
    await shot(page, "approvals-self-approval-refused");
    expect((await platform.call("GET", `/api/actions/${id}`, { headers: key() })).body.status).toBe("pending_approval");
    await page.context().close();
  }, 60_000);

  it("an admin kills an agent from the console, and its next submission is refused", async () => {
    const page = await signIn(admin);
    await open(page, "Agents");
    const card = page.locator('article[data-agent-id="trading-bot-001"]');
    await card.getByLabel("Reason for trading-bot-001").fill("runaway transfers");
    await card.getByRole("button", { name: "Kill switch" }).click();
    await card.getByText("killed", { exact: true }).waitFor();
    expect(await textOf(card)).toContain("runaway transfers");
    await card.getByRole("button", { name: "Governance settings" }).click();
    await shot(page, "agents");
    const refused = await platform.call("POST", "/api/actions", {
      headers: key(),
      body: { agent_id: "trading-bot-001", action_type: "read_file" },
    });
    expect({ status: refused.status, code: refused.body.error.code }).toEqual({
      status: 403,
      code: "KILL_SWITCH_ACTIVE",
    });
    await card.getByRole("button", { name: "Reactivate" }).click();
    await card.getByText("active", { exact: true }).waitFor();
    await page.context().close();
  }, 60_000);

  it("a smart rule with a typo shows its CEL error before it is saved, and a sample action is tested first", async () => {
    const page = await signIn(admin);
    await open(page, "Policies and smart rules");
    await page.getByLabel("Sample action type").fill("transfer");
    await page.getByLabel("Sample estimated cost (USD)").fill("1500");
    await page.getByRole("button", { name: "Run sample action" }).click();
    expect(await textOf(page.getByRole("status").filter({ hasText: "Decision:" }))).toMatch(
      /Decision: (approved|pending|denied)/,
    );
    await page.getByLabel("Rule name").fill("big-transfers");
    await page.getByLabel("CEL expression").fill('action.action_type == "transfer" &&');
    await page.getByLabel("Rule effect").selectOption("deny");
    await page.getByRole("button", { name: "Save smart rule" }).click();
    const expression = page.getByLabel("CEL expression");
    expect(await textOf(page.getByRole("alert").filter({ hasText: "invalid CEL expression" }))).toContain(
      "invalid CEL expression",
    );
    expect(await expression.getAttribute("aria-invalid")).toBe("true");
    await shot(page, "policies-cel-error");
    const adminAuth = {
      authorization: `Bearer ${(await platform.call("POST", "/api/auth/login", { body: admin })).body.access_token}`,
    };
    const rules = await platform.call("GET", "/api/smart-rules", { headers: adminAuth });
    expect(rules.body.items).toEqual([]);
    await page.getByLabel("Policy name").fill("no-deletes");
    await page.getByLabel("Policy effect").selectOption("deny");
    await page.getByLabel("Action types (comma-separated)").fill("delete_file, drop_table");
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByRole("button", { name: "Delete no-deletes" }).waitFor();
    const policies = await platform.call("GET", "/api/policies", { headers: adminAuth });
    expect(policies.body.items).toMatchObject([
      { name: "no-deletes", effect: "deny", conditions: { action_types: ["delete_file", "drop_table"] } },
    ]);
    await page.getByRole("button", { name: "Delete no-deletes" }).click();
    await waitForCount(page.getByRole("button", { name: "Delete no-deletes" }), 0);
    await page.context().close();
  }, 60_000);

  it("tests a draft smart rule before saving it: a decision with the draft among the matched rules, nothing saved", async () => {
    const page = await signIn(admin);
    await open(page, "Policies and smart rules");
    await page.getByLabel("Sample action type").fill("transfer");
    await page.getByLabel("Sample estimated cost (USD)").fill("1500");
    const editor = page.getByRole("form", { name: "New smart rule" });
    await editor.getByLabel("Rule name").fill("draft-transfers");
    await editor
      .getByLabel("CEL expression")
      .fill('action.action_type == "transfer" && action.estimated_cost_usd > 1000.0');
    await editor.getByLabel("Rule effect").selectOption("deny");
    await editor.getByRole("button", { name: "Test draft rule" }).click();
    const result = editor.getByRole("status").filter({ hasText: "Decision:" });
    expect(await textOf(result)).toMatch(/Decision: denied \(denied\) · risk \w+ · \d+ · POLICY_VIOLATION/);
    expect(await textOf(result.getByRole("list", { name: "Matched policies and rules" }))).toBe(
      "Smart rule “draft-transfers” (deny), the draft",
    );
    await shot(page, "policies-draft-test");
    // A typo is shown under the expression by the test already, as saving would show it.
    await editor.getByLabel("CEL expression").fill("action.cost_usd > 1.0");
    await editor.getByRole("button", { name: "Test draft rule" }).click();
    expect(await textOf(editor.getByRole("alert").filter({ hasText: "invalid CEL expression" }))).toContain(
      "unknown field 'action.cost_usd'",
    );
    expect(await editor.getByLabel("CEL expression").getAttribute("aria-invalid")).toBe("true");
    const adminAuth = {
      authorization: `Bearer ${(await platform.call("POST", "/api/auth/login", { body: admin })).body.access_token}`,
    };
    expect((await platform.call("GET", "/api/smart-rules", { headers: adminAuth })).body.items).toEqual([]);
    await waitForCount(page.getByRole("table", { name: "Smart rules" }).locator("tbody tr"), 0);

    // Editing a saved rule: the draft stands in for it, and the saved rule stays as it is until saved.
    const saved = await platform.call("POST", "/api/smart-rules", {
      headers: adminAuth,
      body: { name: "big-transfers", expression: "action.estimated_cost_usd > 1000.0", effect: "deny" },
    });
    await page.reload();
    await page.getByRole("button", { name: "Edit big-transfers" }).click();
    const edit = page.getByRole("form", { name: "Edit smart rule big-transfers" });
    expect(await edit.getByLabel("Rule name").evaluate((e) => e.ownerDocument.activeElement === e)).toBe(true);
    await page.getByLabel("Sample estimated cost (USD)").fill("1500");
    await edit.getByLabel("Rule effect").selectOption("require_approval");
    await edit.getByLabel("Rule required level (1–5)").fill("4");
    await edit.getByRole("button", { name: "Test draft rule" }).click();
    const edited = edit.getByRole("status").filter({ hasText: "Decision:" });
    expect(await textOf(edited)).toMatch(/Decision: pending \(pending_approval, L4 approval\)/);
    expect(await textOf(edited)).toContain("Smart rule “big-transfers” (require_approval), the draft");
    const stored = await platform.call("GET", `/api/smart-rules/${saved.body.id}`, { headers: adminAuth });
    expect(stored.body).toMatchObject({ effect: "deny", required_level: 0 });
    await edit.getByRole("button", { name: "Stop editing" }).click();
    await page.getByRole("button", { name: "Delete big-transfers" }).click();
    await waitForCount(page.getByRole("button", { name: "Delete big-transfers" }), 0);
    await page.context().close();
  }, 60_000);

  it("shows an agent's spend today against its daily budget", async () => {
    const page = await signIn(admin);
    await open(page, "Agents");
    const card = page.locator('article[data-agent-id="trading-bot-001"]');
    expect(await textOf(card)).toContain("no daily budget");
    await card.getByRole("button", { name: "Governance settings" }).click();
    await card.getByLabel("Daily budget (USD)").fill("5000");
    await card.getByRole("button", { name: "Save settings" }).click();
    await card.getByRole("status").filter({ hasText: "Governance settings saved." }).waitFor();
    await card.getByText("$0.00 spent today / $5,000.00 daily budget", { exact: false }).waitFor();
    await submitPending(123.45);
    await page.getByRole("button", { name: "Refresh" }).click();
    await card.getByText("$123.45 spent today / $5,000.00 daily budget ($4,876.55 left", { exact: false }).waitFor();
    await shot(page, "agents-spend");
    await page.context().close();
  }, 60_000);

  it("shows the overview, audit trail and access pages, on a desktop and on a phone", async () => {
    const page = await signIn(admin);
    await shot(page, "overview");
    expect(await textOf(page.getByRole("list", { name: "Actions by current status" }))).toMatch(/(^|\n)\d+\napproved/);
    await open(page, "Audit trail");
    await page.getByRole("button", { name: "Verify chain" }).click();
    expect(await textOf(page.getByRole("status").filter({ hasText: "Chain verified" }))).toMatch(
      /Chain verified: \d+ entries/,
    );
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export JSON Lines" }).click();
    const exported = readFileSync(await (await download).path(), "utf8");
    const entries = exported
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const entry of entries)
      expect(entry).toMatchObject({
        sequence: expect.any(Number),
        hash: expect.any(String),
        event_type: expect.any(String),
      });
    await page.getByLabel("Agent id").fill("no-such-agent");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await waitForCount(page.locator("table tbody tr"), 0);
    await page.getByLabel("Agent id").fill("");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.locator("table tbody tr").first().waitFor();
    await shot(page, "audit");
    await open(page, "API keys and users");
    await page.getByLabel("Key name").fill("console-made");
    await page.getByRole("button", { name: "Create key" }).click();
    expect(await textOf(page.getByLabel("New API key value"))).toMatch(/^owkai_[a-z_]+_[A-Za-z0-9]{40}$/);
    await page.getByRole("button", { name: "Revoke console-made" }).click();
    await waitForCount(page.getByRole("button", { name: "Revoke console-made" }), 0);
    await page.getByLabel("User email").fill("uma@acme.test");
    await page.getByLabel("Initial password").fill("pass-word-2");
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByLabel("Role of uma@acme.test").selectOption("manager");
    const adminAuth = {
      authorization: `Bearer ${(await platform.call("POST", "/api/auth/login", { body: admin })).body.access_token}`,
    };
    const roleOfUma = async () =>
      (await platform.call("GET", "/api/users", { headers: adminAuth })).body.items.find(
        (u: { email: string }) => u.email === "uma@acme.test",
      )?.role;
    for (let i = 0; i < 50 && (await roleOfUma()) !== "manager"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await roleOfUma()).toBe("manager");
    await shot(page, "access");
    await page.context().close();

    await submitPending(50);
    const phone = await signIn(manager, { width: 390, height: 844 });
    await shot(phone, "overview-phone");
    await open(phone, "Pending approvals");
    await phone.locator('[data-testid="approvable"] article').first().waitFor();
    const width = await phone.evaluate<number>("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(390);
    await shot(phone, "approvals-phone");
    for (const [title, name] of [
      ["Agents", "agents-phone"],
      ["Policies and smart rules", "policies-phone"],
    ] as const) {
      await open(phone, title);
      await phone.waitForLoadState("networkidle");
      expect(await phone.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      await shot(phone, name);
    }
    await phone.context().close();
  }, 90_000);

  it("has no serious or critical accessibility violations on any page (axe-core)", async () => {
    // axe is injected as a script, which the console's Content-Security-Policy rightly refuses.
    const page = await signIn(admin, undefined, true);
    const problems: string[] = [];
    for (const title of [
      "Overview",
      "Pending approvals",
      "Agents",
      "Policies and smart rules",
      "Audit trail",
      "API keys and users",
    ]) {
      await open(page, title);
      await page.waitForLoadState("networkidle");
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>(
        "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
      );
      for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
        problems.push(`${title}: ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  }, 90_000);

  it("can be used with the keyboard alone: tab to the form, sign in with Enter", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${platform.gateway.url}/console/`);
    await page.getByLabel("Email").waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.type(manager.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(manager.password);
    await page.keyboard.press("Enter");
    await page.getByRole("navigation", { name: "Console sections" }).waitFor();
    await context.close();
  }, 60_000);

  it("renders the API reference at /docs from the bundled Swagger UI", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(platform.gateway.url)) external.push(r.url());
    });
    await page.goto(`${platform.gateway.url}/docs`);
    await page.locator(".swagger-ui .info .title").getByText("Agent governance platform API").waitFor();
    // Swagger UI renders a list of 150 or more tags and operations virtualized: scroll until the operation is drawn.
    const approve = page.locator(".opblock-summary-path").filter({ hasText: "/api/v1/actions/{id}/approve" });
    await page.locator(".opblock-summary-path").first().waitFor();
    for (let i = 0; i < 200 && (await approve.count()) === 0; i++) await page.mouse.wheel(0, 600);
    await approve.first().waitFor();
    await shot(page, "docs");
    expect(external).toEqual([]);
    await context.close();
  }, 60_000);
});
