import { connect } from "node:http2";

/** Whether a service answers its `GET /healthz` with 200 within the timeout. */
export function checkServiceHealth(baseUrl: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const session = connect(baseUrl);
    const done = (healthy: boolean) => {
      clearTimeout(timer);
      session.close();
      resolve(healthy);
    };
    const timer = setTimeout(() => { session.destroy(); resolve(false); }, timeoutMs);
    session.once("error", () => done(false));
    const req = session.request({ ":method": "GET", ":path": "/healthz" });
    req.once("response", (headers) => {
      req.resume();
      done(headers[":status"] === 200);
    });
    req.once("error", () => done(false));
    req.end();
  });
}
