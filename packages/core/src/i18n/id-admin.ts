/** Messages of the administrator's pages (`/admin/…`; part of the one catalog, ./id.ts). */
export const admin = {
  nav: "Administrasi",
  /** The tabs of every admin page, in this order. */
  tabs: {
    label: "Menu administrasi",
    users: "Pengguna",
    opds: "OPD",
    budgetLines: "Pagu anggaran",
    rateTables: "Tarif iuran",
    settings: "Pengaturan",
    participantImport: "Impor peserta",
  },
  saved: "Perubahan disimpan.",
  created: "Data ditambahkan.",
  noChange: "Tidak ada yang berubah.",
  fixErrors: "Periksa isian yang ditandai.",
} as const;
