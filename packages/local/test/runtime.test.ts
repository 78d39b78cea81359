import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultOpds } from "@naungan/core";
import { arns, defaultIdentity } from "@naungan/engine";
import { budgetLineId, createPlatform } from "@naungan/platform";
import { enrolmentWorkflow } from "@naungan/workflows";
import { DEMO_PASSWORD, LocalRuntimeError, demoBudgetLine, demoUsers, localTableName, startLocalRuntime } from "../src";
import { findFreePort } from "../src/dynamodb-local";

const dataDir = mkdtempSync(join(tmpdir(), "naungan-runtime-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function login(url: string, email: string) {
  return fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
}

describe("the local runtime (npm start)", () => {
  it("serves the app on DynamoDB Local, seeds once, keeps everything across a restart, and starts a workflow the last run left unstarted", async () => {
    const options = { dataDir, httpPort: await findFreePort(), dynamoPort: await findFreePort(), sfnPort: await findFreePort() };

    const first = await startLocalRuntime(options);
    try {
      expect(first.seeded).toEqual({ opds: defaultOpds.length, budgetLines: defaultOpds.length, users: demoUsers.length, rateTables: expect.any(Number) });
      expect(first.seeded.rateTables).toBeGreaterThan(0);
      expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ ok: true });
      const page = await fetch(`${first.url}/login`);
      expect(await page.text()).toContain("Masuk ke Naungan");
      expect((await login(first.url, "kepala@disnaker.demo")).status).toBe(200);
      // A submission whose workflow never started (the engine did not answer after the case was stored).
      const engineDown = createPlatform({
        dynamo: { endpoint: first.dynamoEndpoint },
        tableName: localTableName,
        sessionSecret: "unused-0123456789-0123456789-0123456789",
        stepFunctions: { endpoint: `http://127.0.0.1:${await findFreePort()}` },
        workflows: { enrolment: arns.stateMachine(defaultIdentity, enrolmentWorkflow.name) },
      });
      const operator = (await first.platform.users.get("operator@disnaker.demo"))!;
      const worker = { nik: "1506020501850001", name: "Pekerja Satu", birthDate: "1985-01-05", category: "honorer", monthlyWage: 2_500_000 };
      const submission = { opdCode: "DISNAKER", budgetLineId: budgetLineId(demoBudgetLine("DISNAKER")), periodStart: "2026-01", months: 12, workers: [worker] };
      await expect(engineDown.enrolments.submit(submission, operator, { actor: operator.email, requestId: "test" })).rejects.toThrow();
    } finally {
      await first.stop();
    }

    const second = await startLocalRuntime(options);
    try {
      // Nothing seeded twice; users, budget lines and audit events are still there.
      expect(second.seeded).toEqual({ opds: 0, budgetLines: 0, users: 0, rateTables: 0 });
      const res = await login(second.url, "kepala@disnaker.demo");
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      const lines = (await (await fetch(`${second.url}/api/budget-lines?year=2026`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        pagu: number;
      }[];
      expect(lines).toEqual([expect.objectContaining({ opdCode: "DISNAKER", pagu: 5_000_000_000, available: 5_000_000_000 })]);
      const chain = await second.platform.audit.events("user#kepala@disnaker.demo", { limit: 10 });
      expect(chain.items.map((e) => e.action)).toEqual(["user.created", "auth.login_succeeded", "auth.login_succeeded"]);
      expect(await second.platform.audit.verify("user#kepala@disnaker.demo")).toEqual({ ok: true, events: 3 });
      // The case the last run stored without its workflow got it at start.
      const [orphan] = (await second.platform.cases.list({ type: "enrolment" }, { limit: 10 })).items;
      expect(orphan?.executionArn).toMatch(new RegExp(`:${orphan!.id}-1$`));
      for (let i = 0; i < 100 && (await second.platform.cases.get(orphan!.id))!.status === "validating"; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await second.platform.cases.get(orphan!.id))!.status).toBe("awaiting_opd_head");
    } finally {
      await second.stop();
    }
  });

  it("says in one sentence when the app's port is taken", async () => {
    const blocker = createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const attempt = startLocalRuntime({ dataDir, httpPort: port, dynamoPort: await findFreePort(), sfnPort: await findFreePort() });
      await expect(attempt).rejects.toBeInstanceOf(LocalRuntimeError);
      await expect(attempt).rejects.toThrow(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
