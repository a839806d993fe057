import { describe, expect, it } from "vitest";
import type { ServiceClients } from "../service-clients.js";
import { OrganizationLimitsCache } from "./organization-limits-cache.js";

/** An auth client whose organization limits are what the test says, counting the calls. */
function fakeServices(limits: { perHour: number }) {
  const calls = { count: 0 };
  const services = {
    auth: {
      async getOrganization() {
        calls.count++;
        return { organization: { requestsPerHour: limits.perHour, requestsPerDay: 10 * limits.perHour } };
      },
    },
  } as unknown as ServiceClients;
  return { services, calls };
}

describe("organization limits cache", () => {
  it("keeps limits for the time to live, then asks again", async () => {
    let now = 1_000;
    const limits = { perHour: 100 };
    const { services, calls } = fakeServices(limits);
    const cache = new OrganizationLimitsCache(services, 5_000, () => now);
    expect(await cache.get("org_a")).toEqual({ requestsPerHour: 100, requestsPerDay: 1000 });
    limits.perHour = 200;
    now += 4_000;
    expect((await cache.get("org_a")).requestsPerHour).toBe(100);
    now += 1_001;
    expect((await cache.get("org_a")).requestsPerHour).toBe(200);
    expect(calls.count).toBe(2);
  });

  it("is bounded: many organizations never grow it past max, and recent ones stay", async () => {
    const { services, calls } = fakeServices({ perHour: 100 });
    const cache = new OrganizationLimitsCache(services, 60_000, () => 1_000, 100);
    for (let i = 0; i < 1_000; i++) await cache.get(`org_${i}`);
    expect(cache.size).toBe(100);
    calls.count = 0;
    await cache.get("org_999");
    expect(calls.count).toBe(0);
  });

  it("forgets one organization on request", async () => {
    const { services, calls } = fakeServices({ perHour: 100 });
    const cache = new OrganizationLimitsCache(services, 60_000, () => 1_000);
    await cache.get("org_a");
    cache.forget("org_a");
    await cache.get("org_a");
    expect(calls.count).toBe(2);
  });
});
