import { connect } from "node:http2";
import type { MetricObjectWithValues, MetricValue } from "prom-client";

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** A service's metrics as JSON (`GET /metrics.json` on its h2c port), or undefined when it does not answer in time. */
export function fetchServiceMetrics(baseUrl: string, timeoutMs = 2000): Promise<MetricsJson | undefined> {
  return new Promise((resolve) => {
    const session = connect(baseUrl);
    const chunks: Buffer[] = [];
    const done = (value: MetricsJson | undefined) => {
      clearTimeout(timer);
      session.close();
      resolve(value);
    };
    const timer = setTimeout(() => {
      session.destroy();
      resolve(undefined);
    }, timeoutMs);
    // `on`, not `once`: a second error of a dying session must not go unheard (and crash the gateway).
    session.on("error", () => done(undefined));
    const req = session.request({ ":method": "GET", ":path": "/metrics.json" });
    let status = 0;
    req.once("response", (headers) => {
      status = Number(headers[":status"]);
    });
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => {
      try {
        done(status === 200 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as MetricsJson) : undefined);
      } catch {
        done(undefined);
      }
    });
    req.once("error", () => done(undefined));
    req.end();
  });
}
