import {
  constants as http2constants,
  createServer,
  type Http2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type RunningGateway } from "./gateway.js";
import { createServiceClients, type ServiceUrls } from "./service-clients.js";

/** An h2c server that answers every request with `answer`. */
async function fakeUpstream(answer: (res: Http2ServerResponse) => void): Promise<{ url: string; server: Http2Server }> {
  return fakeUpstreamRaw((_req, res) => answer(res));
}

async function fakeUpstreamRaw(
  handle: (req: Http2ServerRequest, res: Http2ServerResponse) => void,
): Promise<{ url: string; server: Http2Server }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * What the gateway answers when a service is not there, does not speak Connect, or
 * does not answer in time (api-contract section 2). Signup is public, so these need
 * no auth service behind them.
 */
describe("upstream failures", () => {
  let html: Awaited<ReturnType<typeof fakeUpstream>>;
  let silent: Awaited<ReturnType<typeof fakeUpstream>>;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    html = await fakeUpstream((res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html>proxy error</html>"),
    );
    silent = await fakeUpstream(() => undefined);
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    for (const { server } of [html, silent]) server.close();
  });

  async function gatewayWithAuthAt(auth: string, timeoutMs = 2000) {
    const urls: ServiceUrls = { auth, registry: auth, governance: auth, approval: auth };
    const gateway = await startGateway({ services: createServiceClients(urls, timeoutMs), urls, port: 0 });
    gateways.push(gateway);
    return (path: string) =>
      fetch(`${gateway.url}${path}`, {
        method: "POST",
        body: JSON.stringify({ organization_name: "A", email: "a@a.test", password: "pass-word-1" }),
      });
  }

  it("an unreachable service is 503 SERVICE_UNAVAILABLE with Retry-After", async () => {
    const res = await (await gatewayWithAuthAt("http://127.0.0.1:1"))("/api/auth/signup");
    const body = (await res.json()) as { detail: string; error: { code: string; details: unknown } };
    expect({ status: res.status, code: body.error.code, detail: body.detail }).toEqual({
      status: 503,
      code: "SERVICE_UNAVAILABLE",
      detail: "Service temporarily unavailable",
    });
    expect(res.headers.get("retry-after")).toBe("5");
    expect(body.error.details).toEqual({ service: "auth" });
  });

  /**
   * A service killed with the call in flight: depending on where the kill lands the
   * client sees the socket torn down (CANCEL), a stream reset, or a GOAWAY with the
   * stream refused. Each is the same outage as a refused connection: 503, never 500/502.
   */
  const inFlightDeaths: Record<string, (req: Http2ServerRequest, res: Http2ServerResponse) => void> = {
    "the connection is torn down (kill -9)": (req) => req.stream.session?.socket.destroy(),
    "the connection dies halfway through the answer": (_req, res) => {
      res.writeHead(200, { "content-type": "application/proto" });
      res.write(Buffer.from([1, 2, 3]));
      setImmediate(() => res.stream.session?.socket.destroy());
    },
    "the stream is reset with INTERNAL_ERROR": (req) => req.stream.close(http2constants.NGHTTP2_INTERNAL_ERROR),
    "the session says GOAWAY and refuses the stream": (req) => {
      req.stream.session?.goaway(http2constants.NGHTTP2_NO_ERROR);
      req.stream.close(http2constants.NGHTTP2_REFUSED_STREAM);
    },
    "the session is destroyed": (req) => req.stream.session?.destroy(),
  };
  for (const [name, die] of Object.entries(inFlightDeaths)) {
    it(`a request in flight when ${name} is 503 SERVICE_UNAVAILABLE with Retry-After`, async () => {
      const dying = await fakeUpstreamRaw(die);
      try {
        const res = await (await gatewayWithAuthAt(dying.url))("/api/v1/auth/signup");
        const body = (await res.json()) as { detail: string; error: { code: string; details: unknown } };
        expect({ status: res.status, code: body.error.code, detail: body.detail }).toEqual({
          status: 503,
          code: "SERVICE_UNAVAILABLE",
          detail: "Service temporarily unavailable",
        });
        expect(res.headers.get("retry-after")).toBe("5");
        expect(body.error.details).toEqual({ service: "auth" });
      } finally {
        dying.server.close();
      }
    });
  }

  it("an answer that is not Connect is 502 UPSTREAM_ERROR", async () => {
    const res = await (await gatewayWithAuthAt(html.url))("/api/v1/auth/signup");
    const body = (await res.json()) as { detail: string; error: { code: string; details: unknown } };
    expect({ status: res.status, code: body.error.code, detail: body.detail }).toEqual({
      status: 502,
      code: "UPSTREAM_ERROR",
      detail: "Upstream service error",
    });
    expect(JSON.stringify(body)).not.toContain("proxy error");
  });

  it("no answer within the deadline is 504 GATEWAY_TIMEOUT", async () => {
    const res = await (await gatewayWithAuthAt(silent.url, 300))("/api/auth/signup");
    const body = (await res.json()) as { detail: string; error: { code: string; details: unknown } };
    expect({ status: res.status, code: body.error.code, detail: body.detail }).toEqual({
      status: 504,
      code: "GATEWAY_TIMEOUT",
      detail: "Request timeout",
    });
  });

  it("readiness reports the services that are down", async () => {
    const urls: ServiceUrls = {
      auth: "http://127.0.0.1:1",
      registry: "http://127.0.0.1:1",
      governance: "http://127.0.0.1:1",
      approval: "http://127.0.0.1:1",
    };
    const gateway = await startGateway({ services: createServiceClients(urls), urls, port: 0 });
    gateways.push(gateway);
    const res = await fetch(`${gateway.url}/ready`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });
});
