import { describe, expect, it } from "vitest";
import { serviceUrl } from "./service-addresses.js";

describe("serviceUrl", () => {
  it("defaults to the service's own port on this machine", () => {
    expect(serviceUrl("auth", {})).toBe("http://127.0.0.1:50051");
    expect(serviceUrl("approval", {})).toBe("http://127.0.0.1:50054");
  });

  it("takes <NAME>_URL when it is set, and only that service's", () => {
    expect(serviceUrl("governance", { GOVERNANCE_URL: "http://governance.internal:8080" })).toBe(
      "http://governance.internal:8080",
    );
    expect(serviceUrl("registry", { GOVERNANCE_URL: "http://elsewhere:1" })).toBe("http://127.0.0.1:50052");
  });
});
