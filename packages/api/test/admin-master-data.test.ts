import { beforeAll, describe, expect, it, vi } from "vitest";
import { bearer, createTestApp, demoEmail, signIn, type TestApp } from "./support/test-app";
import { PageClient } from "./support/page-client";

/*
 * The administrator's users, OPDs and budget lines, through the JSON API
 * and the pages: every change audited with before and after, refusals name
 * the field and write nothing.
 */

type Json = Record<string, any>;
let t: TestApp;
let admin: string;
let pages: PageClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await signIn(t.app, demoEmail.admin)).token;
  pages = new PageClient(t);
});

const call = (method: string, path: string, body?: unknown, token = admin) =>
  t.app.request(`/api/admin${path}`, { method, headers: { ...bearer(token), "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

async function events(subject: string): Promise<Json[]> {
  return (await t.platform.audit.events(subject)).items as Json[];
}

describe("users", () => {
  it("creates a user with a generated password that signs in, once per email", async () => {
    const res = await call("POST", "/users", { email: "Operator@Dinsos.go.id", name: "Sari Dewi", role: "opd_operator", opdCode: "DINSOS" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body.user).toMatchObject({ email: "operator@dinsos.go.id", role: "opd_operator", opdCode: "DINSOS", active: true });
    expect(body.password).toMatch(/^[\w-]{24}$/);
    await signIn(t.app, "operator@dinsos.go.id", body.password);
    const created = await events("user#operator@dinsos.go.id");
    expect(created[0]).toMatchObject({ action: "user.created", actor: demoEmail.admin });
    expect(JSON.stringify(created)).not.toContain(body.password);

    const again = await call("POST", "/users", { email: "operator@dinsos.go.id", name: "Lain", role: "auditor" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).error.fields).toEqual([{ path: "email", message: expect.stringContaining("sudah ada") }]);
    expect(await t.platform.users.get("operator@dinsos.go.id")).toMatchObject({ name: "Sari Dewi", role: "opd_operator" });
  });

  it("names the field of a bad user and writes nothing", async () => {
    const noOpd = await call("POST", "/users", { email: "kepala@dinsos.go.id", name: "Kepala", role: "opd_head" });
    expect(noOpd.status).toBe(400);
    expect(((await noOpd.json()) as Json).error.fields.map((f: Json) => f.path)).toEqual(["opdCode"]);
    const unknownOpd = await call("POST", "/users", { email: "kepala@dinsos.go.id", name: "Kepala", role: "opd_head", opdCode: "NOPE" });
    expect(unknownOpd.status).toBe(400);
    expect(((await unknownOpd.json()) as Json).error.fields.map((f: Json) => f.path)).toEqual(["opdCode"]);
    const badEmail = await call("POST", "/users", { email: "not-an-email", name: "X Y", role: "auditor" });
    expect(badEmail.status).toBe(400);
    expect(((await badEmail.json()) as Json).error.fields.map((f: Json) => f.path)).toEqual(["email"]);
    expect(await t.platform.users.get("kepala@dinsos.go.id")).toBeUndefined();
  });

  it("changes role and OPD with before and after of what changed only; takes an OPD role's OPD away never", async () => {
    await call("POST", "/users", { email: "staf@bkad.go.id", name: "Staf BKAD", role: "treasurer", opdCode: "BKAD" });
    const res = await call("PATCH", "/users/staf@bkad.go.id", { role: "finance_approver" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: "finance_approver", opdCode: "BKAD" });
    const changed = (await events("user#staf@bkad.go.id")).at(-1)!;
    expect(changed).toMatchObject({ action: "user.updated", actor: demoEmail.admin, data: { before: { role: "treasurer" }, after: { role: "finance_approver" } } });
    expect(Object.keys(changed.data.before)).toEqual(["role"]);

    const unchanged = await call("PATCH", "/users/staf@bkad.go.id", { role: "finance_approver" });
    expect(unchanged.status).toBe(200);
    expect((await events("user#staf@bkad.go.id")).length).toBe(2);

    const toOpdRole = await call("PATCH", "/users/staf@bkad.go.id", { role: "opd_head", opdCode: null });
    expect(toOpdRole.status).toBe(400);
    expect(((await toOpdRole.json()) as Json).error.fields.map((f: Json) => f.path)).toEqual(["opdCode"]);
    expect(await t.platform.users.get("staf@bkad.go.id")).toMatchObject({ role: "finance_approver", opdCode: "BKAD" });

    const moved = await call("PATCH", "/users/staf@bkad.go.id", { role: "opd_head", opdCode: "DISNAKER" });
    expect(await moved.json()).toMatchObject({ role: "opd_head", opdCode: "DISNAKER" });
    const out = await call("PATCH", "/users/staf@bkad.go.id", { role: "auditor", opdCode: null });
    expect(await out.json()).toMatchObject({ role: "auditor", opdCode: null });
    expect((await events("user#staf@bkad.go.id")).at(-1)!.data).toEqual({ before: { role: "opd_head", opdCode: "DISNAKER" }, after: { role: "auditor", opdCode: null } });
  });

  it("deactivates (never deletes): the user can no longer sign in and their session stops working", async () => {
    const created = (await (await call("POST", "/users", { email: "auditor2@inspektorat.go.id", name: "Auditor Dua", role: "auditor" })).json()) as Json;
    const { token } = await signIn(t.app, "auditor2@inspektorat.go.id", created.password);
    expect((await t.app.request("/api/me", { headers: bearer(token) })).status).toBe(200);
    expect((await call("PATCH", "/users/auditor2@inspektorat.go.id", { active: false })).status).toBe(200);
    expect((await t.app.request("/api/me", { headers: bearer(token) })).status).toBe(401);
    await expect(signIn(t.app, "auditor2@inspektorat.go.id", created.password)).rejects.toThrow(/401/);
    expect((await (await call("GET", "/users")).json()) as Json[]).toContainEqual(expect.objectContaining({ email: "auditor2@inspektorat.go.id", active: false }));
    expect((await call("PATCH", "/users/auditor2@inspektorat.go.id", { active: true })).status).toBe(200);
    await signIn(t.app, "auditor2@inspektorat.go.id", created.password);
  });

  it("refuses an admin's change of their own role or status, but allows their name", async () => {
    const own = await call("PATCH", `/users/${demoEmail.admin}`, { role: "auditor" });
    expect(own.status).toBe(403);
    expect((await call("PATCH", `/users/${demoEmail.admin}`, { active: false })).status).toBe(403);
    expect(await t.platform.users.get(demoEmail.admin)).toMatchObject({ role: "admin", active: true });
    expect((await call("PATCH", `/users/${demoEmail.admin}`, { name: "Admin Naungan" })).status).toBe(200);
    expect((await call("PATCH", "/users/nobody@x.go.id", { name: "Nobody" })).status).toBe(404);
  });

  it("resets a password: the old one stops working, the new one signs in", async () => {
    const created = (await (await call("POST", "/users", { email: "bud2@bkad.go.id", name: "BUD Dua", role: "treasurer" })).json()) as Json;
    const res = await call("POST", "/users/bud2@bkad.go.id/password-reset");
    expect(res.status).toBe(200);
    const { password } = (await res.json()) as Json;
    expect(password).not.toBe(created.password);
    await expect(signIn(t.app, "bud2@bkad.go.id", created.password)).rejects.toThrow(/401/);
    await signIn(t.app, "bud2@bkad.go.id", password);
    expect((await events("user#bud2@bkad.go.id")).map((e) => e.action)).toContain("user.password_reset");
  });
});

describe("OPDs", () => {
  it("creates, changes with before and after, and leaves an equal OPD alone", async () => {
    const created = await call("PUT", "/opds/DISPORA", { name: "Dinas Pemuda dan Olahraga", riskGroup: "I" });
    expect(await created.json()).toEqual({ outcome: "created", opd: { code: "DISPORA", name: "Dinas Pemuda dan Olahraga", riskGroup: "I" } });
    const changed = await call("PUT", "/opds/DISPORA", { name: "Dinas Kepemudaan dan Olahraga", riskGroup: "II" });
    expect(((await changed.json()) as Json).outcome).toBe("updated");
    expect(((await (await call("PUT", "/opds/DISPORA", { name: "Dinas Kepemudaan dan Olahraga", riskGroup: "II" })).json()) as Json).outcome).toBe("unchanged");
    const log = await events("opd#DISPORA");
    expect(log.map((e) => e.action)).toEqual(["opd.created", "opd.updated"]);
    expect(log[1]!.data).toEqual({ before: { code: "DISPORA", name: "Dinas Pemuda dan Olahraga", riskGroup: "I" }, after: { code: "DISPORA", name: "Dinas Kepemudaan dan Olahraga", riskGroup: "II" } });
    const bad = await call("PUT", "/opds/DISPORA", { name: "Dinas Kepemudaan dan Olahraga", riskGroup: "VI" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error.fields.map((f: Json) => f.path)).toEqual(["riskGroup"]);
    expect(await t.platform.opds.get("DISPORA")).toMatchObject({ riskGroup: "II" });
  });
});

describe("budget lines", () => {
  const id = "2027-DISNAKER-5.1.02.02.02.0006+0007";
  const line = { opdCode: "DISNAKER", year: 2027, accountCode: "5.1.02.02.02.0006+0007", name: "Iuran JKK dan JKM 2027", pagu: 3_000_000_000 };

  it("adds a line once; an existing one is changed, not added again", async () => {
    const res = await call("POST", "/budget-lines", line);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id, pagu: 3_000_000_000, reserved: 0, spent: 0, available: 3_000_000_000 });
    const again = await call("POST", "/budget-lines", { ...line, pagu: 1 });
    expect(again.status).toBe(409);
    expect((await t.platform.budgetLines.get(id))!.pagu).toBe(3_000_000_000);
    const unknown = await call("POST", "/budget-lines", { ...line, opdCode: "NOPE" });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Json).error.fields.map((f: Json) => f.path)).toEqual(["opdCode"]);
  });

  it("never lets the pagu drop below reserved + spent, and keeps available = pagu − reserved − spent", async () => {
    // What the ledger would have done: 1.2 bn reserved, 0.3 bn spent.
    await t.platform.db.update({ Key: { pk: `BUDGETLINE#${id}`, sk: "BUDGETLINE" }, UpdateExpression: "SET reserved = :r, spent = :s, available = :a", ExpressionAttributeValues: { ":r": 1_200_000_000, ":s": 300_000_000, ":a": 1_500_000_000 } });
    const below = await call("PATCH", `/budget-lines/${encodeURIComponent(id)}`, { name: line.name, pagu: 1_499_999_999 });
    expect(below.status).toBe(422);
    expect(await below.json()).toMatchObject({ error: { code: "unprocessable", fields: [{ path: "pagu" }], details: { floor: 1_500_000_000 } } });
    expect(await t.platform.budgetLines.get(id)).toMatchObject({ pagu: 3_000_000_000, available: 1_500_000_000 });

    const atFloor = await call("PATCH", `/budget-lines/${encodeURIComponent(id)}`, { name: "Iuran JKK dan JKM 2027 (perubahan)", pagu: 1_500_000_000 });
    expect(atFloor.status).toBe(200);
    expect(await atFloor.json()).toMatchObject({ pagu: 1_500_000_000, reserved: 1_200_000_000, spent: 300_000_000, available: 0 });
    const log = await events(`budget-line#${id}`);
    expect(log.map((e) => e.action)).toEqual(["budget_line.created", "budget_line.updated"]);
    expect(log[1]!.data).toMatchObject({ before: { pagu: 3_000_000_000, available: 1_500_000_000 }, after: { pagu: 1_500_000_000, available: 0, name: "Iuran JKK dan JKM 2027 (perubahan)" } });
    expect((await call("PATCH", "/budget-lines/2027-NOPE-1", { name: "Tidak ada", pagu: 1 })).status).toBe(404);
  });

  it("refuses a change made against figures that moved meanwhile", async () => {
    const stale = (await t.platform.budgetLines.get(id))!;
    // A reservation lands between the admin's read and write: the read is replayed as it was.
    await t.platform.db.update({ Key: { pk: `BUDGETLINE#${id}`, sk: "BUDGETLINE" }, UpdateExpression: "SET reserved = reserved + :x, available = available - :x", ExpressionAttributeValues: { ":x": 100_000 } });
    vi.spyOn(t.platform.budgetLines, "get").mockResolvedValueOnce(stale);
    await expect(t.platform.budgetLines.update(id, { name: stale.name, pagu: stale.pagu + 1_000_000 }, { actor: demoEmail.admin, requestId: "race" })).rejects.toMatchObject({ kind: "conflict" });
    const after = (await t.platform.budgetLines.get(id))!;
    expect(after).toMatchObject({ pagu: stale.pagu, reserved: stale.reserved + 100_000, available: stale.available - 100_000 });
    expect(after.available).toBe(after.pagu - after.reserved - after.spent);
  });
});

describe("admin pages", () => {
  it("creates a user in the form and shows the password once; the list shows them", async () => {
    const res = await pages.post(demoEmail.admin, "/admin/pengguna", { email: "operator@dlh.go.id", name: "Operator DLH", role: "opd_operator", opdCode: "DLH" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const password = /<code data-password[^>]*>([^<]+)<\/code>/.exec(html)?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);
    await signIn(t.app, "operator@dlh.go.id", password!);
    const list = await pages.html(demoEmail.admin, "/admin/pengguna");
    expect(list).toContain('data-user="operator@dlh.go.id"');
    expect(list).not.toContain(password!);
  });

  it("shows an error under the field and keeps what was typed", async () => {
    const res = await pages.post(demoEmail.admin, "/admin/pengguna", { email: "kepala@dlh.go.id", name: "Kepala DLH", role: "opd_head", opdCode: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="opdCode-error"[^>]*>Peran OPD memerlukan OPD\./);
    expect(html).toContain('value="kepala@dlh.go.id"');
    expect(await t.platform.users.get("kepala@dlh.go.id")).toBeUndefined();
  });

  it("changes a role on the user's page, and refuses the admin's own role", async () => {
    const res = await pages.post(demoEmail.admin, "/admin/pengguna/operator@dlh.go.id", { name: "Operator DLH", role: "opd_head", opdCode: "DLH", active: "on" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Perubahan disimpan.");
    expect(await t.platform.users.get("operator@dlh.go.id")).toMatchObject({ role: "opd_head" });
    const own = await pages.post(demoEmail.admin, `/admin/pengguna/${demoEmail.admin}`, { name: "Admin Naungan", role: "auditor", opdCode: "", active: "on" });
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("Anda tidak dapat mengubah peran");
    // Unticked "active" deactivates.
    await pages.post(demoEmail.admin, "/admin/pengguna/operator@dlh.go.id", { name: "Operator DLH", role: "opd_head", opdCode: "DLH" });
    expect(await t.platform.users.get("operator@dlh.go.id")).toMatchObject({ active: false });
  });

  it("edits an OPD's risk group in its row and refuses adding an existing code", async () => {
    const res = await pages.post(demoEmail.admin, "/admin/opd", { mode: "update", code: "DISHUB", name: "Dinas Perhubungan", riskGroup: "II" });
    expect(res.status).toBe(200);
    expect(await t.platform.opds.get("DISHUB")).toMatchObject({ riskGroup: "II" });
    const dup = await pages.post(demoEmail.admin, "/admin/opd", { mode: "create", code: "dishub", name: "Lain", riskGroup: "I" });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toMatch(/id="code-error"[^>]*>OPD DISHUB sudah ada\./);
    expect(await t.platform.opds.get("DISHUB")).toMatchObject({ name: "Dinas Perhubungan", riskGroup: "II" });
  });

  it("adds a budget line from the form and refuses a pagu below the floor in its row", async () => {
    const res = await pages.post(demoEmail.admin, "/admin/anggaran", { opdCode: "DLH", year: "2027", accountCode: "5.1.02.02.02.0006", name: "Iuran JKK DLH", pagu: "250.000.000" });
    expect(res.status).toBe(200);
    const id = "2027-DLH-5.1.02.02.02.0006";
    expect(await t.platform.budgetLines.get(id)).toMatchObject({ pagu: 250_000_000, available: 250_000_000 });
    expect(await res.text()).toContain(`data-line="${id}"`);
    await t.platform.db.update({ Key: { pk: `BUDGETLINE#${id}`, sk: "BUDGETLINE" }, UpdateExpression: "SET reserved = :r, available = :a", ExpressionAttributeValues: { ":r": 100_000_000, ":a": 150_000_000 } });
    const below = await pages.post(demoEmail.admin, `/admin/anggaran/${encodeURIComponent(id)}`, { name: "Iuran JKK DLH", pagu: "99.000.000" });
    expect(below.status).toBe(422);
    expect(await below.text()).toContain("lebih kecil dari yang sudah dicadangkan dan terealisasi (Rp100.000.000)");
    const bad = await pages.post(demoEmail.admin, `/admin/anggaran/${encodeURIComponent(id)}`, { name: "Iuran JKK DLH", pagu: "dua ratus" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Tulis pagu dalam rupiah utuh");
    expect(await t.platform.budgetLines.get(id)).toMatchObject({ pagu: 250_000_000, available: 150_000_000 });
  });
});
