/** Personal data under UU PDP 27/2022: masked NIKs and account numbers, and the auditor's reveal (part of the one catalog, ./id.ts). */
export const privacy = {
  /** The button next to a masked value (auditor only). */
  reveal: "Tampilkan",
  revealLabel: (what: string) => `Tampilkan ${what} lengkap (tercatat di log audit)`,
  /** What a masked value is, for the button's label. */
  nik: "NIK",
  account: "nomor rekening",
  familyCardNo: "nomor KK",
  /** Shown above the page that carries a revealed value, after the value. */
  revealedNote: "Ditampilkan lengkap satu kali; pembukaan ini tercatat di riwayat berkas.",
  /** The timeline's words for the audit event. */
  actions: {
    "personal_data.revealed": "Data pribadi ditampilkan (auditor)",
  } as Record<string, string>,
  errors: {
    notMasked: "Kolom ini bukan data pribadi yang disamarkan pada berkas ini (contoh: payees.1.bankAccount.number, workers.3.nik, deceased.nik)",
  },
} as const;
