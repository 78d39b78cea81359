import { describe, expect, it } from "vitest";
import { approvalRequestMail, disbursementNoticeMail, escalationMail, reminderMail, type ApprovalMailInput } from "../src";

const request: ApprovalMailInput = {
  step: "finance",
  caseId: "case_01JDXQ4H5Z8K3V9M2N7P6R5T4W",
  caseType: "enrolment",
  opdName: "Dinas Tenaga Kerja",
  financeAgency: "Badan Keuangan dan Aset Daerah (BKAD)",
  workersCount: 1000,
  amount: 162_000_000,
  approveUrl: "http://localhost:3000/approve/AbC-123_xyz",
  expiresAt: "2026-11-28T09:00:00Z",
};

describe("approval request", () => {
  const mail = approvalRequestMail(request);

  it("says what is asked, for which case and OPD, with the figures in Rupiah and WIB", () => {
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("menunggu persetujuan Badan Keuangan dan Aset Daerah (BKAD) Anda");
      expect(part).toContain("case_01JDXQ4H5Z8K3V9M2N7P6R5T4W");
      expect(part).toContain("Dinas Tenaga Kerja");
      expect(part).toContain("1.000 orang");
      expect(part).toContain("Rp162.000.000");
      expect(part).toContain("28 November 2026 16.00 WIB");
      expect(part).toContain("http://localhost:3000/approve/AbC-123_xyz");
    }
    expect(mail.links).toEqual(["http://localhost:3000/approve/AbC-123_xyz"]);
    expect(mail.html).toContain('href="http://localhost:3000/approve/AbC-123_xyz"');
  });

  it("has a short subject naming the case", () => {
    expect(mail.subject).toBe("Mohon persetujuan BKAD: case_01JDXQ4H5Z8K3V9M2N7P6R5T4W");
    expect(mail.subject.length).toBeLessThanOrEqual(78);
  });

  it("asks the OPD head for verification", () => {
    const head = approvalRequestMail({ ...request, step: "opd_head", amount: 42_000_000 });
    expect(head.subject).toContain("verifikasi Kepala OPD");
    expect(head.text).toContain("Rp42.000.000");
  });

  it("escapes every interpolated value in HTML, and keeps the text as typed", () => {
    const hostile = approvalRequestMail({
      ...request,
      opdName: `<script>alert("opd")</script>`,
      note: `Cek <img src=x onerror=alert(1)> & 'lampiran'`,
      approveUrl: `http://localhost:3000/approve/x"><script>alert(2)</script>`,
    });
    expect(hostile.html).not.toContain("<script>");
    expect(hostile.html).not.toContain("<img");
    expect(hostile.html).toContain("&lt;script&gt;alert(&quot;opd&quot;)&lt;/script&gt;");
    expect(hostile.html).toContain("Cek &lt;img src=x onerror=alert(1)&gt; &amp; &#39;lampiran&#39;");
    expect(hostile.html).toContain('href="http://localhost:3000/approve/x&quot;&gt;&lt;script&gt;');
    expect(hostile.text).toContain(`<script>alert("opd")</script>`);
  });

  it("refuses a link that is not an absolute http(s) URL", () => {
    expect(() => approvalRequestMail({ ...request, approveUrl: "javascript:alert(1)" })).toThrow(/approveUrl/);
    expect(() => approvalRequestMail({ ...request, approveUrl: "/approve/abc" })).toThrow(/approveUrl/);
  });
});

describe("reminder and escalation", () => {
  it("numbers the reminder and carries the same link", () => {
    const mail = reminderMail({ ...request, reminder: 2 });
    expect(mail.subject).toBe("Pengingat ke-2: persetujuan BKAD case_01JDXQ4H5Z8K3V9M2N7P6R5T4W");
    expect(mail.text).toContain("pengingat ke-2");
    expect(mail.links).toEqual([request.approveUrl]);
    expect(() => reminderMail({ ...request, reminder: 0 })).toThrow(/reminder/);
  });

  it("tells the backup approver that the primary did not decide in time", () => {
    const mail = escalationMail({ ...request, approveUrl: "http://localhost:3000/approve/backup-token", primaryApprover: "verifikator@bkad.demo" });
    expect(mail.subject).toContain("Eskalasi");
    expect(mail.subject).toContain(request.caseId);
    expect(mail.text).toContain("verifikator@bkad.demo belum memberikan persetujuan Badan Keuangan dan Aset Daerah (BKAD)");
    expect(mail.text).toContain("pejabat cadangan");
    expect(mail.links).toEqual(["http://localhost:3000/approve/backup-token"]);
  });
});

describe("disbursement notice", () => {
  it("links the treasurer to the case page, with no token", () => {
    const mail = disbursementNoticeMail({
      caseId: request.caseId,
      caseType: "enrolment",
      opdName: "Dinas Perikanan",
      financeAgency: "Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)",
      workersCount: 12,
      amount: 2_016_000,
      caseUrl: `http://localhost:3000/cases/${request.caseId}`,
    });
    expect(mail.subject).toBe(`Menunggu pencairan: ${request.caseId}`);
    expect(mail.links).toEqual([`http://localhost:3000/cases/${request.caseId}`]);
    expect(mail.text).toContain("Rp2.016.000");
    expect(mail.text).toContain("SP2D");
    expect(mail.text).toContain("telah disetujui Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD)");
    expect(mail.text + mail.html).not.toContain("/approve/");
  });
});
