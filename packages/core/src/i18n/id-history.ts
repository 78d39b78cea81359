/** Messages of a case's workflow diagram and merged timeline (part of the one catalog, ./id.ts). */
export const history = {
  diagram: {
    title: "Bagan alur kerja",
    heading: "Alur kerja",
    intro: "Setiap kotak adalah satu langkah alur kerja; panah menunjukkan langkah berikutnya. Geser ke samping untuk melihat seluruh bagan.",
    /** Which run the marks are of. */
    attempt: (attempt: number) => `Tanda pada bagan menurut jalannya alur kerja percobaan ke-${attempt}.`,
    noRun: "Alur kerja untuk percobaan ini belum berjalan atau riwayatnya sudah tidak tersedia; bagan ditampilkan tanpa tanda.",
    unavailable: "Riwayat alur kerja tidak dapat dibaca saat ini; bagan ditampilkan tanpa tanda.",
    start: "langkah awal",
    otherwise: "lainnya",
    not: "bukan",
    legend: "Keterangan",
    types: {
      Task: "Tugas (Task)",
      Choice: "Percabangan (Choice)",
      Pass: "Olah data (Pass)",
      Succeed: "Selesai (Succeed)",
      Fail: "Gagal (Fail)",
      Wait: "Tunggu (Wait)",
      Parallel: "Paralel (Parallel)",
      Map: "Perulangan (Map)",
    },
    marks: {
      visited: "Sudah dilalui",
      current: "Langkah saat ini",
      failed: "Gagal di langkah ini",
      notVisited: "Belum dilalui",
    },
    edges: {
      next: "Langkah berikutnya",
      taken: "Jalur yang sudah ditempuh",
      catch: "Penanganan galat (garis putus-putus, berlabel jenis galat)",
    },
    summary: {
      current: "Langkah saat ini",
      failed: "Langkah gagal",
      visited: "Langkah dilalui",
    },
  },
  timeline: {
    source: "Sumber",
    audit: "Audit",
    workflow: "Alur kerja",
    /** The actor of a workflow event. */
    engine: "Mesin alur kerja",
    attempt: (attempt: number) => `percobaan ${attempt}`,
    events: {
      ExecutionStarted: "Eksekusi alur kerja dimulai",
      ExecutionSucceeded: "Eksekusi alur kerja selesai",
      ExecutionFailed: "Eksekusi alur kerja gagal",
      ExecutionAborted: "Eksekusi alur kerja dihentikan",
      ExecutionTimedOut: "Eksekusi alur kerja melewati batas waktu",
    } as Record<string, string>,
    entered: (state: string) => `Masuk langkah ${state}`,
    taskFailed: (state: string) => `Tugas gagal di langkah ${state}`,
    taskTimedOut: (state: string) => `Batas waktu habis di langkah ${state}`,
  },
} as const;
