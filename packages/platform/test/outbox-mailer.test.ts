import { beforeAll, describe, expect, it } from "vitest";
import { OutboxMailer, createPlatform, type Platform } from "../src";
import { createTestPlatform, TEST_SESSION_SECRET } from "./support/platform";

let platform: Platform;
let outbox: OutboxMailer;
let clock: { now: Date };
const tick = () => (clock.now = new Date(clock.now.getTime() + 60_000));

const mail = (to: string, subject: string, text: string) => ({ to, subject, text, html: `<p>${subject}</p>`, caseId: "case_M1" });

beforeAll(async () => {
  ({ platform, clock } = await createTestPlatform("outbox"));
  if (!platform.outbox) throw new Error("the default platform keeps mail in the outbox");
  outbox = platform.outbox;
});

describe("outbox mailer", () => {
  it("is the platform's default mailer", () => {
    expect(platform.mailer).toBe(platform.outbox);
  });

  it("lists mails newest first, all or per recipient, with the links found in the mail", async () => {
    const first = await platform.mailer.send(mail("Kepala@Disnaker.demo", "Mohon verifikasi: case_M1", "Buka:\nhttp://localhost:3000/approve/tok-1\n"));
    tick();
    const second = await platform.mailer.send(mail("verifikator@bkad.demo", "Mohon persetujuan: case_M1", "Buka http://localhost:3000/approve/tok-2 sekarang."));
    tick();
    const third = await platform.mailer.send({
      ...mail("kepala@disnaker.demo", "Pengingat ke-1: case_M1", "Tautan yang sama: http://localhost:3000/approve/tok-1."),
      links: ["http://localhost:3000/approve/tok-1"],
    });

    const all = await outbox.list();
    expect(all.items.map((m) => m.id)).toEqual([third.id, second.id, first.id]);
    expect(all.items[2]).toEqual({
      id: first.id,
      to: "kepala@disnaker.demo",
      subject: "Mohon verifikasi: case_M1",
      text: "Buka:\nhttp://localhost:3000/approve/tok-1\n",
      html: "<p>Mohon verifikasi: case_M1</p>",
      links: ["http://localhost:3000/approve/tok-1"],
      sentAt: "2026-11-26T09:00:00.000Z",
      caseId: "case_M1",
    });
    // A link both given and found in the text is listed once; trailing punctuation is not part of it.
    expect(all.items[0]?.links).toEqual(["http://localhost:3000/approve/tok-1"]);

    const forHead = await outbox.list({ to: "KEPALA@disnaker.demo" });
    expect(forHead.items.map((m) => m.id)).toEqual([third.id, first.id]);
    expect((await outbox.list({ to: "nobody@bkad.demo" })).items).toEqual([]);
  });

  it("pages with a cursor", async () => {
    const page1 = await outbox.list({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBeDefined();
    const page2 = await outbox.list({ limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((m) => m.subject)).toEqual(["Mohon verifikasi: case_M1"]);
  });

  it("refuses bad mail and bad queries, naming the field", async () => {
    await expect(platform.mailer.send(mail("not-an-email", "Subjek", "isi"))).rejects.toThrow(/"to"/);
    await expect(platform.mailer.send(mail("a@b.demo", "Subjek\r\nBcc: x@y.demo", "isi"))).rejects.toThrow(/subject/);
    await expect(outbox.list({ limit: 0 })).rejects.toThrow(/limit/);
  });
});

describe("mail configuration", () => {
  const base = { dynamo: { endpoint: "http://127.0.0.1:1" }, tableName: "unused", sessionSecret: TEST_SESSION_SECRET };

  it("sends with SES only with a public URL, and then has no outbox", () => {
    expect(() => createPlatform({ ...base, mail: { kind: "ses", from: "naungan@tanjabbarkab.go.id" } })).toThrow(/publicUrl/);
    const deployed = createPlatform({ ...base, mail: { kind: "ses", from: "naungan@tanjabbarkab.go.id" }, publicUrl: "https://naungan.tanjabbarkab.go.id/" });
    expect(deployed.outbox).toBeUndefined();
    expect(deployed.mailer).not.toBeInstanceOf(OutboxMailer);
    expect(deployed.urls.approve("tok")).toBe("https://naungan.tanjabbarkab.go.id/approve/tok");
    expect(deployed.urls.casePage("case_1")).toBe("https://naungan.tanjabbarkab.go.id/cases/case_1");
  });

  it("refuses a public URL that is not absolute http(s)", () => {
    expect(() => createPlatform({ ...base, publicUrl: "localhost:3000" })).toThrow(/publicUrl/);
    expect(() => createPlatform({ ...base, publicUrl: "/app" })).toThrow(/publicUrl/);
  });
});
