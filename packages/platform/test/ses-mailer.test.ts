import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SesMailer } from "../src";

/** A local HTTP server standing in for the SES endpoint: it records each request and answers as SES does. */
interface Recorded {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const requests: Recorded[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ MessageId: "0100018c-ses-message-id" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("sends one SESv2 SendEmail request from the configured address and returns SES's message id", async () => {
  const client = new SESv2Client({ endpoint, region: "ap-southeast-3", credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local" } });
  const mailer = new SesMailer(client, "Naungan <naungan@tanjabbarkab.go.id>");
  const sent = await mailer.send({
    to: "Verifikator@BKAD.demo",
    subject: "Mohon persetujuan BKAD: case_01",
    text: "Rp42.000.000 — buka http://localhost:3000/approve/tok",
    html: "<p>Rp42.000.000</p>",
    caseId: "case_01",
  });

  expect(sent).toEqual({ id: "0100018c-ses-message-id" });
  expect(requests).toHaveLength(1);
  const [request] = requests;
  expect(request?.method).toBe("POST");
  expect(request?.url).toBe("/v2/email/outbound-emails");
  expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/ap-southeast-3\/ses\/aws4_request/);
  expect(JSON.parse(request?.body ?? "")).toEqual({
    FromEmailAddress: "Naungan <naungan@tanjabbarkab.go.id>",
    Destination: { ToAddresses: ["verifikator@bkad.demo"] },
    Content: {
      Simple: {
        Subject: { Data: "Mohon persetujuan BKAD: case_01", Charset: "UTF-8" },
        Body: {
          Text: { Data: "Rp42.000.000 — buka http://localhost:3000/approve/tok", Charset: "UTF-8" },
          Html: { Data: "<p>Rp42.000.000</p>", Charset: "UTF-8" },
        },
      },
    },
    EmailTags: [{ Name: "caseId", Value: "case_01" }],
  });
});

it("refuses a bad recipient before calling SES", async () => {
  const before = requests.length;
  const mailer = new SesMailer(new SESv2Client({ endpoint, region: "ap-southeast-3", credentials: { accessKeyId: "x", secretAccessKey: "y" } }), "naungan@tanjabbarkab.go.id");
  await expect(mailer.send({ to: "nobody", subject: "S", text: "t", html: "h" })).rejects.toThrow(/"to"/);
  expect(requests).toHaveLength(before);
});
