/**
 * The browser journeys' plumbing: Debian's Chromium driven by playwright-core
 * (no browser download), the app served over HTTP the way the local runtime
 * serves it, sign-in, page waits and screenshots under test-output/browser/.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../../api/test/support/test-app";

export const CHROMIUM = "/usr/bin/chromium";

/** Fails (never skips) when Debian's chromium is missing, saying how to get it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser journeys need Debian's Chromium at ${CHROMIUM}, which is missing: run \`apt-get install chromium\` (as root; .ci/run does it). A browser download (npx playwright install) is not used.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
}

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * An HTTP server on a free port whose handler is set later: the app's mails
 * must carry the server's own address, known only once it listens.
 */
export async function startServer(): Promise<{ url: string; use(fetch: Fetch): void; close(): Promise<void> }> {
  let handler: Fetch = () => new Response("starting", { status: 503 });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: (request: Request) => handler(request), port: 0 }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    use(fetch) {
      handler = fetch;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const OUTPUT = fileURLToPath(new URL("../../../../test-output/browser/", import.meta.url));

/** Saves the whole page as test-output/browser/<name>.png (repo root; git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: `${OUTPUT}${name}.png`, fullPage: true });
}

/** Clicks something that loads a new page (a link, a form's submit button) and waits for that page. */
export async function clickAndLoad(page: Page, target: Locator | string): Promise<void> {
  const locator = typeof target === "string" ? page.locator(target) : target;
  await Promise.all([page.waitForEvent("framenavigated", { timeout: 60_000 }), locator.click()]);
  await page.waitForLoadState("load");
}

/** Presses a key that loads a new page (Enter on a link or a submit button) and waits for that page. */
export async function pressAndLoad(page: Page, key: string): Promise<void> {
  await Promise.all([page.waitForEvent("framenavigated", { timeout: 60_000 }), page.keyboard.press(key)]);
  await page.waitForLoadState("load");
}

/** A new browser context (own cookies) signed in as `email` through the login form. */
export async function signedIn(browser: Browser, base: string, email: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, baseURL: base, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("/login");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", DEMO_PASSWORD);
  await clickAndLoad(page, "form[action='/login'] button[type=submit]");
  if (new URL(page.url()).pathname === "/login") throw new Error(`sign-in of ${email} failed: ${await page.locator("main").innerText()}`);
  return page;
}

/** Reloads `url` until `check` finds what it waits for (workflow steps run in the background). */
export async function reloadUntil<T>(page: Page, url: string, what: string, check: (page: Page) => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    const found = await check(page);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} on ${url}: ${(await page.locator("main").innerText()).slice(0, 500)}`);
    await page.waitForTimeout(300);
  }
}

/** The case page's status text once it is `status` (reloading while the workflow moves on). */
export async function caseStatusBecomes(page: Page, caseUrl: string, status: string, timeoutMs = 60_000): Promise<string> {
  return reloadUntil(page, caseUrl, `status "${status}"`, async (p) => {
    const text = (await p.locator("[data-testid=status]").innerText()).trim();
    return text === status ? text : undefined;
  }, timeoutMs);
}

/**
 * The horizontal overflow of the page: 0 when nothing scrolls sideways.
 * Otherwise fails naming the elements that stick out (a table may scroll
 * inside its own .overflow-auto box; the page itself may not).
 */
export async function sidewaysOverflow(page: Page): Promise<number> {
  const { overflow, culprits } = (await page.evaluate(`(() => {
    const root = document.documentElement, width = root.clientWidth;
    const culprits = [];
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 0.5 && culprits.length < 8) {
        culprits.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\\s+/g, ".") : "") + " right=" + Math.round(box.right) + " " + JSON.stringify((el.textContent || "").trim().slice(0, 40)));
      }
    }
    return { overflow: root.scrollWidth - width, culprits };
  })()`)) as { overflow: number; culprits: string[] };
  if (overflow > 0) throw new Error(`${page.url()} scrolls sideways by ${overflow} px at ${page.viewportSize()?.width} px wide; sticking out: ${culprits.join(" | ")}`);
  return overflow;
}

/** Presses Tab until the focused element matches `selector` (the keyboard user's way there); fails after `max` presses. */
export async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const matches = (await page.evaluate(`(() => { const el = document.activeElement; return !!el && el.matches(${JSON.stringify(selector)}); })()`)) as boolean;
    if (matches) return;
  }
  throw new Error(`${selector} was not reached with ${max} presses of Tab on ${page.url()}`);
}

/** Today in WIB (UTC+7) as YYYY-MM-DD. */
export const todayWib = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
