import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { AppEnv } from "../env";

const require = createRequire(import.meta.url);

/**
 * Where the stylesheets are: next to the Lambda bundle (the Api stack copies
 * them to NAUNGAN_STATIC_DIR), else in the repository.
 */
function locate(name: string): string {
  const dir = process.env.NAUNGAN_STATIC_DIR;
  if (dir) return join(dir, name);
  if (name === "pico.min.css") return require.resolve("@picocss/pico/css/pico.min.css");
  return fileURLToPath(new URL(`../../static/${name}`, import.meta.url));
}

const files = ["pico.min.css", "app.css"] as const;
const cache = new Map<string, Promise<string>>();

export function staticRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/static/:name", async (c) => {
    const name = c.req.param("name");
    if (!(files as readonly string[]).includes(name)) return c.notFound();
    if (!cache.has(name)) cache.set(name, readFile(locate(name), "utf8"));
    return c.body(await cache.get(name)!, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    });
  });
  return app;
}
