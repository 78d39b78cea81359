/** Messages of the emails (part of the one catalog, ./id.ts). */
export const mail = {
  /** What an approval mail asks for, inside a sentence. */
  ask: {
    opd_head: "verifikasi Kepala OPD",
    finance: "persetujuan BKAD",
  },
  /** The finance step in a mail's text, by the agency's configured name (the subject keeps the short `ask`). */
  askFinance: (agency: string) => `persetujuan ${agency}`,
  subject: {
    request: (ask: string, caseId: string) => `Mohon ${ask}: ${caseId}`,
    reminder: (n: number, ask: string, caseId: string) => `Pengingat ke-${n}: ${ask} ${caseId}`,
    escalation: (ask: string, caseId: string) => `Eskalasi ${ask}: ${caseId}`,
    disbursement: (caseId: string) => `Menunggu pencairan: ${caseId}`,
  },
  greeting: "Yth. Bapak/Ibu,",
  intro: {
    request: (ask: string, caseId: string, opdName: string) => `Pengajuan ${caseId} dari ${opdName} menunggu ${ask} Anda.`,
    reminder: (n: number, ask: string, caseId: string, opdName: string) =>
      `Ini pengingat ke-${n}: pengajuan ${caseId} dari ${opdName} masih menunggu ${ask} Anda.`,
    escalation: (ask: string, caseId: string, opdName: string, primary: string) =>
      `${primary} belum memberikan ${ask} atas pengajuan ${caseId} dari ${opdName} dalam batas waktu. Sebagai pejabat cadangan, Anda diminta memutuskannya.`,
    disbursement: (caseId: string, opdName: string, agency: string) =>
      `Pengajuan ${caseId} dari ${opdName} telah disetujui ${agency} dan menunggu pencatatan pencairan dana oleh BUD.`,
  },
  caseType: {
    enrolment: "Pendaftaran peserta BPJS Ketenagakerjaan",
    death_benefit: "Klaim jaminan kematian (JKM)",
  },
  facts: {
    caseId: "Nomor pengajuan",
    caseType: "Jenis",
    opd: "OPD",
    workers: "Jumlah pekerja",
    deceased: "Almarhum/almarhumah",
    dateOfDeath: "Tanggal meninggal dunia",
    payees: "Penerima manfaat",
    amount: { enrolment: "Total iuran", death_benefit: "Total manfaat" },
    expiresAt: "Tautan berlaku sampai",
    note: "Catatan",
  },
  people: (count: string) => `${count} orang`,
  action: {
    decide: {
      hint: "Buka tautan berikut untuk melihat ringkasan dan memberikan keputusan (setujui, tolak, atau kembalikan untuk diperbaiki):",
      label: "Tinjau dan putuskan",
    },
    disburse: {
      hint: "Masuk ke aplikasi dan catat pencairan (nomor SP2D dan referensi transfer) di halaman pengajuan:",
      label: "Buka pengajuan",
    },
  },
  linkNotice: "Tautan ini khusus untuk Anda. Jangan teruskan email ini kepada orang lain.",
  footer: "Email ini dikirim otomatis oleh Naungan, Pemerintah Kabupaten Tanjung Jabung Barat. Mohon tidak membalas email ini.",
} as const;
