import { describe, expect, it } from "vitest";
import { DEFAULT_SERVICE_PORTS, serviceUrl } from "./service-addresses.js";

describe("service addresses", () => {
  it("default to the service's own port on this machine", () => {
    expect(serviceUrl("approval", {})).toBe("http://127.0.0.1:50054");
    expect(Object.values(DEFAULT_SERVICE_PORTS)).toEqual([50051, 50052, 50053, 50054]);
  });

  it("take <NAME>_URL when it is set", () => {
    expect(serviceUrl("governance", { GOVERNANCE_URL: "http://governance.internal:8080" })).toBe("http://governance.internal:8080");
    expect(serviceUrl("registry", { GOVERNANCE_URL: "http://elsewhere:1" })).toBe("http://127.0.0.1:50052");
  });
});
