/* global process, setTimeout, URL, fetch */
// Container health check without curl or grpc tools in the image:
//   node deploy/healthcheck.js http://127.0.0.1:8080/ready      (the gateway, HTTP/1.1)
//   node deploy/healthcheck.js h2c://127.0.0.1:50051/healthz    (a service, HTTP/2 cleartext)
// Exits 0 on a 200 answer within 3 s, 1 otherwise.
import { connect } from "node:http2";

const target = process.argv[2] ?? "http://127.0.0.1:8080/health";
const fail = () => process.exit(1);
setTimeout(fail, 3000).unref();

if (target.startsWith("h2c://")) {
  const url = new URL(target.replace(/^h2c:/, "http:"));
  const session = connect(url.origin);
  session.on("error", fail);
  const req = session.request({ ":path": url.pathname });
  req.on("response", (headers) => process.exit(headers[":status"] === 200 ? 0 : 1));
  req.on("error", fail);
  req.end();
} else {
  fetch(target).then((res) => process.exit(res.ok ? 0 : 1), fail);
}
