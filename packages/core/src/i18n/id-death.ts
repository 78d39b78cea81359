/** Messages of death-benefit claims (part of the one catalog, ./id.ts). */
export const death = {
  causes: { natural: "Meninggal dunia bukan karena kecelakaan kerja (JKM)", work_accident: "Meninggal dunia karena kecelakaan kerja (JKK)" },
  relationships: {
    spouse: "Suami/istri",
    child: "Anak",
    parent: "Orang tua",
    grandparent: "Kakek/nenek",
    grandchild: "Cucu",
    sibling: "Saudara kandung",
    parent_in_law: "Mertua",
    will_beneficiary: "Penerima wasiat",
  },
  /** Heir classes of PP 44/2015 art. 40(2), by rank. */
  heirClasses: {
    1: "Janda/duda dan anak",
    2: "Orang tua, kakek/nenek, cucu",
    3: "Saudara kandung",
    4: "Mertua",
    5: "Penerima wasiat",
    6: "Tidak ada ahli waris",
  },
  payeeKinds: { heir: "Ahli waris", funeral_organiser: "Pihak yang mengurus pemakaman" },
  schoolLevels: {
    preschool: "Belum sekolah",
    tk_sd: "TK–SD",
    smp: "SMP/sederajat",
    sma: "SMA/sederajat",
    higher: "Perguruan tinggi atau pelatihan",
    not_studying: "Tidak bersekolah",
  },
  benefit: {
    lumpSum: "Santunan sekaligus",
    periodic: "Santunan berkala (dibayar sekaligus)",
    funeral: "Biaya pemakaman",
    scholarship: "Beasiswa pendidikan anak (dibayar BPJS per tahun)",
    total: "Jumlah yang dibayarkan",
    unpaid: "Tidak dibayarkan (kembali ke dana jaminan sosial)",
  },
  /** Why the deceased's heirs cannot claim (packages/core/src/eligibility.ts). */
  eligibility: {
    notCovered: "Almarhum/almarhumah bukan peserta aktif BPJS Ketenagakerjaan pada tanggal meninggal dunia.",
    bpuInactive: (months: number) =>
      `Kepesertaan bukan penerima upah (BPU) sudah tidak aktif: iuran ${months} bulan berturut-turut sebelum bulan meninggal dunia tidak dibayar.`,
  },
  /** What is wrong with the heirs of a claim (packages/core/src/heirs.ts). */
  heirs: {
    duplicateNik: (firstIndex: number) => `NIK ini sudah tercantum pada ahli waris nomor ${firstIndex + 1}.`,
    shareSum: (sum: string, total: string) => `Jumlah bagian ahli waris ${sum} harus sama dengan manfaat yang dibayarkan (${total}).`,
    shareMissing: "Isi bagian setiap ahli waris penerima, atau kosongkan semua bagian agar manfaat dibagi rata.",
    shareNotReceiving: (higherClass: string) =>
      `Ahli waris ini tidak menerima manfaat karena ada ahli waris golongan lebih tinggi (${higherClass}); kosongkan bagiannya.`,
    funeralOrganiserRequired:
      "Tidak ada ahli waris maupun penerima wasiat: isi pihak yang mengurus pemakaman, yang menerima biaya pemakaman.",
  },
  /** The payment deadline (PP 44/2015 art. 40). */
  sla: {
    dueAt: "Batas waktu pembayaran",
    onTime: "Tepat waktu",
    late: (days: number) => `Terlambat ${days} hari kerja`,
    penalty: "Denda keterlambatan (1% per hari kerja) untuk ahli waris",
  },
} as const;
