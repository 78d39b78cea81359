/** Messages of the budget ledger's refusals (part of the one catalog, ./id.ts). */
export const ledger = {
  errors: {
    notReserved: "Berkas ini tidak memiliki pencadangan anggaran",
    released: "Pencadangan anggaran berkas ini sudah dilepas",
    otherReservation: "Berkas ini sudah memiliki pencadangan anggaran dengan pos atau nilai yang berbeda",
  },
} as const;
