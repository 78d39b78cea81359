/**
 * DynamoDB not answering (connection refused: DynamoDB Local restarting) is
 * a 503 `service_unavailable` in API.md's error shape, answered at once —
 * never a 500, never a hang. The live restart is
 * packages/local/test/faults/dynamodb-restart.test.ts.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { createApp } from "@naungan/api";
import { createPlatform } from "@naungan/platform";
import { isBackendUnavailable } from "../src/http/errors";

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("a data store that does not answer", () => {
  it("answers 503 service_unavailable (a sign-in needs the store at once)", async () => {
    const platform = createPlatform({ dynamo: { endpoint: `http://127.0.0.1:${await closedPort()}` }, tableName: "nowhere", sessionSecret: "test-secret-0123456789-0123456789-0123456789" });
    const app = createApp({ platform, secureCookies: false });
    const started = Date.now();
    const login = await app.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "kepala@disnaker.demo", password: "naungan-demo" }) });
    for (const res of [login]) {
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(await res.json()).toEqual({ error: { code: "service_unavailable", message: expect.stringMatching(/not answering right now; try again/) } });
    }
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("tells SDK network failures and server faults from refusals", () => {
    expect(isBackendUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isBackendUnavailable(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isBackendUnavailable(Object.assign(new Error("InternalFailure"), { $fault: "server", $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isBackendUnavailable(new Error("wrapped", { cause: Object.assign(new Error("x"), { code: "ETIMEDOUT" }) }))).toBe(true);
    expect(isBackendUnavailable(Object.assign(new Error("ValidationException"), { $fault: "client", $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isBackendUnavailable(new Error("a bug"))).toBe(false);
  });
});
