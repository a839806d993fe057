import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import type { TestPlatform } from "@platform/testing-platform";

const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const root = fileURLToPath(new URL("../../../", import.meta.url));
const consoleDir = `${root}apps/console`;
const shots = `${root}tmp/console-e2e`;

/** A console build older than the page under test would test the old page. */
function buildConsoleIfStale() {
  const built = `${consoleDir}/dist/index.html`;
  const page = `${consoleDir}/src/pages/NotificationsPage.tsx`;
  if (!existsSync(built) || statSync(built).mtimeMs < statSync(page).mtimeMs)
    execFileSync("npx", ["vite", "build"], { cwd: consoleDir, stdio: "ignore" });
}

/** The console's Notifications page in headless Chromium: add a webhook, see its secret once, test it, read the log. */
describe.skipIf(!existsSync(chromiumPath))("the console's notifications page", () => {
  let platform: TestPlatform;
  let browser: Browser;
  let receiver: Server;
  const received: string[] = [];
  const admin = { email: "nora@notify.test", password: "s3cure-pass!" };

  beforeAll(async () => {
    buildConsoleIfStale();
    mkdirSync(shots, { recursive: true });
    // Imported after the build: the gateway looks for apps/console/dist when its module loads.
    const { startTestPlatform } = await import("@platform/testing-platform");
    platform = await startTestPlatform("sqlite", undefined, { approvalEnv: { NOTIFICATION_POLL_MS: "50" } });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    await platform.call("POST", "/api/auth/signup", { body: { organization_name: "Notify console", ...admin } });
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    await platform?.stop();
  });

  it("an admin adds a webhook, copies its secret, sends a test and sees it delivered", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${platform.gateway.url}/console/`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Notifications" }).click();
    await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();

    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    await page.getByLabel("Webhook URL").fill(url);
    await page.getByLabel("Endpoint name (optional)").fill("Ops hook");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByLabel("Signing secret").innerText();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("cell", { name: url }).waitFor();

    await page.getByRole("button", { name: "Send test to Ops hook" }).click();
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(received[0]!)).toMatchObject({ type: "notification.test" });
    await page.getByRole("button", { name: "Deliveries of Ops hook" }).click();
    await page.locator('tr[data-delivery-status="delivered"]').waitFor();
    expect(await page.locator('tr[data-delivery-status="delivered"]').first().innerText()).toContain(
      "notification.test",
    );
    await page.screenshot({ path: `${shots}/notifications.png`, fullPage: true });
  }, 60_000);
});
