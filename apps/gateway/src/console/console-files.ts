import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { extname, join } from "node:path";
import send from "send";

/**
 * Where `nx run console:build` writes the console: apps/console/dist of the checkout this
 * module runs from, found upwards from it (it runs from apps/gateway/src under tsx and from
 * dist/ once `npm run build` bundled it). CONSOLE_DIR (config.ts) overrides it.
 */
export const defaultConsoleDir = findUp(dirname(fileURLToPath(import.meta.url)), join("apps", "console", "dist"));

function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) return join(from, relative);
  }
}

export const CONSOLE_PREFIX = "/console";

/**
 * Headers of every console answer. The page talks only to this origin (the public API),
 * never frames or is framed, and loads no third-party script: the console works offline.
 * Inline styles are allowed because React and the chart library set style attributes.
 */
export const consoleSecurityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
};

/** Hashed build assets never change under their name; everything else is revalidated. */
const immutable = "public, max-age=31536000, immutable";
const revalidate = "no-cache";

/**
 * Serves the built console at /console/: its files with their content types and cache
 * headers, and index.html for any other path without a file extension (the single-page
 * app's own routes, e.g. /console/approvals). Returns undefined when the console has not
 * been built, so that the gateway then answers /console/ like any unknown route.
 */
export function consoleFiles(
  dir: string = defaultConsoleDir,
): ((req: IncomingMessage, res: ServerResponse, path: string) => void) | undefined {
  if (!existsSync(join(dir, "index.html"))) return undefined;
  return (req, res, path) => {
    for (const [name, value] of Object.entries(consoleSecurityHeaders)) res.setHeader(name, value);
    if (path === CONSOLE_PREFIX) {
      res.writeHead(308, { location: `${CONSOLE_PREFIX}/` }).end();
      return;
    }
    const inside = path.slice(CONSOLE_PREFIX.length) || "/";
    // A path without an extension is a client-side route: answer the app's entry page.
    const file = inside === "/" || extname(inside) === "" ? "/index.html" : inside;
    const stream = send(req, file, {
      root: dir,
      index: false,
      dotfiles: "ignore",
      etag: true,
      lastModified: true,
      cacheControl: false,
    });
    stream.on("headers", (response: ServerResponse) => {
      response.setHeader("cache-control", file.startsWith("/assets/") ? immutable : revalidate);
    });
    stream.on("error", (error: { status?: number }) => {
      const status = error.status ?? 500;
      res
        .writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" })
        .end(status === 404 ? "Not found\n" : "Error\n");
    });
    stream.pipe(res);
  };
}
