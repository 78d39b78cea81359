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
  /** Refusals of the admin services (platform), shown on the pages and in the API. */
  errors: {
    raced: "Data ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.",
    unknownUser: (email: string) => `Pengguna ${email} tidak ada.`,
    unknownOpd: (code: string) => `OPD ${code} tidak ada.`,
    unknownBudgetLine: (id: string) => `Pagu ${id} tidak ada.`,
    ownAccount: "Anda tidak dapat mengubah peran, OPD, atau status akun Anda sendiri.",
    opdRoleNeedsOpd: "Peran OPD memerlukan OPD.",
    userExists: (email: string) => `Pengguna ${email} sudah ada.`,
    opdExists: (code: string) => `OPD ${code} sudah ada.`,
    budgetLineExists: (id: string) => `Pagu ${id} sudah ada; ubah pagu yang ada.`,
    paguBelowFloor: (pagu: string, floor: string) => `Pagu ${pagu} lebih kecil dari yang sudah dicadangkan dan terealisasi (${floor}).`,
    rateTableExists: (id: string) => `Versi tarif ${id} sudah ada dengan angka lain; versi tidak pernah diubah: beri versi baru ID sendiri.`,
    notInFuture: (date: string, today: string) => `Tanggal mulai ${date} harus sesudah hari ini (${today}): tarif yang sudah berlaku tidak diubah.`,
    notAfterLatest: (date: string, versions: string) => `Tanggal mulai ${date} harus sesudah versi ${versions}.`,
    discountExists: (id: string) => `Periode diskon ${id} sudah ada dengan isian lain.`,
    unknownDiscount: (id: string) => `Periode diskon ${id} tidak ada.`,
    discountEnd: (today: string) => `Tanggal akhir baru harus antara hari ini (${today}) dan tanggal akhir sekarang, dan tidak sebelum tanggal mulai.`,
  },
} as const;
