import type { ChildSchoolLevel, DeathCause } from "../death-benefits";
import type { HeirClass, Relationship } from "../heirs";

/** Messages of death-benefit claims (part of the one catalog, ./id.ts). */
export const death = {
  causes: { natural: "Meninggal dunia bukan karena kecelakaan kerja (JKM)", work_accident: "Meninggal dunia karena kecelakaan kerja (JKK)" } satisfies Record<DeathCause, string>,
  relationships: {
    spouse: "Suami/istri",
    child: "Anak",
    parent: "Orang tua",
    grandparent: "Kakek/nenek",
    grandchild: "Cucu",
    sibling: "Saudara kandung",
    parent_in_law: "Mertua",
    will_beneficiary: "Penerima wasiat",
  } satisfies Record<Relationship, string>,
  /** Heir classes of PP 44/2015 art. 40(2), by rank. */
  heirClasses: {
    1: "Janda/duda dan anak",
    2: "Orang tua, kakek/nenek, cucu",
    3: "Saudara kandung",
    4: "Mertua",
    5: "Penerima wasiat",
    6: "Tidak ada ahli waris",
  } satisfies Record<HeirClass, string>,
  payeeKinds: { heir: "Ahli waris", funeral_organiser: "Pihak yang mengurus pemakaman" },
  schoolLevels: {
    preschool: "Belum sekolah",
    tk_sd: "TK–SD",
    smp: "SMP/sederajat",
    sma: "SMA/sederajat",
    higher: "Perguruan tinggi atau pelatihan",
    not_studying: "Tidak bersekolah",
  } satisfies Record<ChildSchoolLevel, string>,
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
    notRegistered: "NIK ini tidak terdaftar sebagai peserta BPJS Ketenagakerjaan pada OPD ini.",
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
  /** What is wrong with a claim as filed (packages/core/src/death-claims.ts, the platform's claim service). */
  claim: {
    wageRequired: "Upah sebulan wajib diisi untuk kematian karena kecelakaan kerja (JKK).",
    heirIsDeceased: "NIK ahli waris sama dengan NIK almarhum/almarhumah.",
    childBirthDateRequired: "Isi tanggal lahir anak untuk menghitung beasiswa.",
    deathInFuture: "Tanggal meninggal dunia tidak boleh setelah hari ini.",
    heirsRefused: (n: number) => `Data ahli waris perlu diperbaiki (${n} masalah).`,
    invalid: "Klaim tidak lengkap atau tidak valid: periksa kolom yang ditandai.",
    alreadyClaimed: (caseId: string) => `Klaim untuk NIK ini sudah diajukan dalam berkas ${caseId}.`,
    completeInFuture: "Tanggal berkas lengkap tidak boleh setelah saat ini.",
    completeBeforeDeath: "Tanggal berkas lengkap tidak boleh sebelum tanggal meninggal dunia.",
    otherDeceased: "NIK almarhum/almarhumah tidak boleh diubah saat mengajukan ulang; ajukan klaim baru untuk orang lain.",
  },
  /** The treasurer's payout to each payee. */
  payout: {
    notAPayee: "NIK ini bukan penerima manfaat klaim ini.",
    missingPayee: (name: string) => `Pembayaran untuk ${name} belum diisi.`,
    duplicatePayee: "Penerima ini tercantum lebih dari sekali.",
    amountMismatch: (expected: string) => `Jumlah harus ${expected} sesuai bagian yang disetujui.`,
    sumMismatch: (sum: string, total: string) => `Jumlah pembayaran ${sum} harus sama dengan manfaat ${total}.`,
    duplicateReference: "Nomor referensi transfer dipakai lebih dari sekali.",
    paidBeforeComplete: (date: string) => `Tanggal bayar tidak boleh sebelum berkas lengkap (${date}).`,
    paidInFuture: "Tanggal bayar tidak boleh setelah hari ini.",
  },
  /** The payment deadline (PP 44/2015 art. 40). */
  sla: {
    dueAt: "Jatuh tempo",
    onTime: "Tepat waktu",
    late: (days: number) => `Terlambat ${days} hari kerja`,
    penalty: "Denda keterlambatan (1% per hari kerja) untuk ahli waris",
  },
} as const;
