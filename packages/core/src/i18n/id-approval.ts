/** Messages of the approval screens (part of the one catalog, ./id.ts). */
export const approval = {
  /** What each human step asks of its holder, as a title. */
  stepTitle: {
    opd_head: "Verifikasi Kepala OPD",
    finance: "Persetujuan BKAD",
    disbursement: "Pencairan dana",
  },
  /** The finance step's title by the agency's configured name (settings). */
  financeTitle: (agency: string) => `Persetujuan ${agency}`,
  /** Why an approval link cannot be used (GET and POST /approve/:token). */
  linkRefused: {
    unknown: "Tautan persetujuan ini tidak dikenal. Periksa kembali alamatnya, atau buka pengajuan melalui aplikasi.",
    used: "Tautan persetujuan ini sudah digunakan: keputusan untuk tahap ini sudah tercatat.",
    expired: "Tautan persetujuan ini sudah kedaluwarsa. Masuk ke aplikasi untuk melihat dan memutuskan pengajuan.",
    wrongApprover: "Tautan ini dikirim untuk pejabat lain. Gunakan tautan dari email Anda sendiri.",
  },
} as const;
