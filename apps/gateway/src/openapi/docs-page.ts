import { dirname } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import send from "send";

/** swagger-ui-dist's folder: the API reference page is rendered from the bundled package, offline. */
// Only the folder is needed: the package's main module would also evaluate the whole UI bundle (megabytes) in the gateway.
const swaggerUiDir: string = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/** Only these files of the package are served, under /docs/. */
const assets = new Set([
  "swagger-ui.css",
  "swagger-ui-bundle.js",
  "swagger-ui-standalone-preset.js",
  "favicon-32x32.png",
  "favicon-16x16.png",
]);

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Agent governance platform API reference</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// No validator badge (it would call validator.swagger.io) and no remote configuration: the page works offline.
const init = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
`;

const headers = {
  "content-security-policy":
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
};

/** GET /docs (and /docs/): the Swagger UI page over /openapi.json; /docs/<asset>: the package's files. */
export function serveDocs(req: IncomingMessage, res: ServerResponse, path: string): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (path === "/docs" || path === "/docs/") {
    res
      .writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" })
      .end(req.method === "HEAD" ? undefined : page);
    return;
  }
  const name = path.slice("/docs/".length);
  if (name === "init.js") {
    res
      .writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" })
      .end(req.method === "HEAD" ? undefined : init);
    return;
  }
  if (!assets.has(name)) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
    return;
  }
  send(req, name, { root: swaggerUiDir, cacheControl: false })
    .on("headers", (response: ServerResponse) => response.setHeader("cache-control", "public, max-age=3600"))
    .on("error", () => res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n"))
    .pipe(res);
}
