/** Messages the JSON API answers with beyond the rules' own (part of the one catalog, ./id.ts). */
export const api = {
  cases: {
    otherOpd: "Berkas ini milik OPD lain",
  },
  imports: {
    notFound: "Impor tidak ditemukan",
    otherOpd: "Impor ini milik OPD lain",
    noFile: "Pilih berkas CSV yang akan diunggah",
    submitterInactive: "Akun pengunggah tidak aktif lagi; unggah ulang berkas",
  },
  outbox: {
    localOnly: "Kotak surat lokal hanya tersedia pada runtime lokal",
  },
} as const;
