/** Messages of the enrolment screens (part of the one catalog, ./id.ts). */
export const enrolment = {
  /** Why a worker or a month cannot be priced (packages/core/src/contributions.ts). */
  pricing: {
    monthUnpriced: (month: string, why: string) => `Bulan ${month} tidak dapat dihitung: ${why}`,
    unknownBracket: (bracket: string, rateTable: string, month: string, known: string) =>
      `Kelompok penghasilan "${bracket}" tidak dikenal pada tabel tarif "${rateTable}" (bulan ${month}); yang tersedia: ${known}`,
    wageRequired: "Upah bulanan wajib diisi untuk pekerja penerima upah",
    bracketRequired: "Kelompok penghasilan wajib diisi untuk nelayan",
  },
  /** The worker CSV upload: what is wrong with the file, a line or a cell. */
  csv: {
    /** Header of the downloadable error report. */
    reportHeader: ["baris", "kolom", "pesan"],
    file: {
      empty: "Berkas kosong. Unggah berkas CSV berisi baris judul kolom dan satu baris per pekerja (lihat templat).",
      noRows: "Berkas hanya berisi baris judul; belum ada pekerja yang diisi.",
      binary: "Berkas ini bukan teks CSV (berisi data biner). Unggah berkas .csv; dari Excel pilih Simpan Sebagai → \"CSV UTF-8 (dipisahkan koma)\".",
      excel: "Berkas ini berkas Excel (.xlsx/.xls), bukan CSV. Di Excel pilih Simpan Sebagai → \"CSV UTF-8 (dipisahkan koma)\", lalu unggah berkas .csv tersebut.",
      utf16: "Berkas ini berenkode UTF-16 (\"Unicode Text\"). Simpan ulang sebagai \"CSV UTF-8 (dipisahkan koma)\".",
      headerTooLong: "Baris judul tidak ditemukan: baris pertama terlalu panjang. Pastikan baris pertama berisi nama kolom seperti pada templat.",
      unknownColumn: (column: string, allowed: string) => `Kolom "${column}" tidak dikenal. Kolom yang dapat dipakai: ${allowed}.`,
      missingColumn: (column: string) => `Kolom wajib "${column}" tidak ada di baris judul.`,
      duplicateColumn: (column: string) => `Kolom "${column}" muncul lebih dari sekali di baris judul.`,
      unclosedQuote: "Tanda kutip (\") yang dibuka di baris ini tidak pernah ditutup, sehingga sisa berkas tidak dapat dibaca. Hapus atau tutup tanda kutip tersebut.",
      lineTooLong: (max: number) =>
        `Baris ini terlalu panjang (lebih dari ${max.toLocaleString("id-ID")} karakter); kemungkinan ada tanda kutip (") yang tidak ditutup. Sisa berkas tidak dapat dibaca.`,
      tooFewCells: (got: number, expected: number) =>
        `Baris ini berisi ${got} kolom, seharusnya ${expected} seperti baris judul. Lengkapi kolom yang kosong dengan pemisah (; atau ,).`,
      tooManyCells: (got: number, expected: number) =>
        `Baris ini berisi ${got} kolom, seharusnya ${expected} seperti baris judul. Jika isian memuat pemisah (; atau ,), apit isian dengan tanda kutip (").`,
      tooManyRows: (max: number) => `Satu unggahan paling banyak ${max.toLocaleString("id-ID")} pekerja; baris ini dan seterusnya melebihi batas. Bagi berkas menjadi beberapa unggahan.`,
      tooLarge: (maxMb: number) => `Berkas terlalu besar (paling besar ${maxMb} MB).`,
    },
    cell: {
      notUtf8:
        "Isian ini mengandung karakter yang bukan UTF-8 (berkas mungkin disimpan sebagai ANSI/Latin-1). Simpan ulang dari Excel sebagai \"CSV UTF-8 (dipisahkan koma)\".",
      required: (column: string) => `Kolom ${column} wajib diisi.`,
      invalid: (column: string) => `Isian kolom ${column} tidak sah.`,
    },
    nik: {
      digits: "NIK hanya boleh berisi angka.",
      length: (got: number) => `NIK harus 16 digit; isian ini ${got} karakter.`,
      scientific: (value: string) =>
        `NIK tertulis sebagai angka ilmiah (${value}): Excel memotong angka yang panjang. Format kolom NIK sebagai Teks, ketik ulang NIK, lalu simpan lagi.`,
      province: (code: string) => `Kode provinsi ${code} pada NIK tidak ada.`,
      regency: "Kode kabupaten/kota 00 pada NIK tidak ada.",
      district: (code: string, inTanjabBarat: boolean) =>
        `Kode kecamatan ${code} pada NIK tidak ada${inTanjabBarat ? " di Tanjung Jabung Barat (01–13)" : ""}.`,
      day: (day: string) => `Tanggal lahir ${day} pada NIK tidak mungkin (01–31 untuk laki-laki, 41–71 untuk perempuan).`,
      month: (month: string) => `Bulan lahir ${month} pada NIK tidak mungkin (01–12).`,
      date: "Tanggal lahir yang tertera pada NIK tidak ada di kalender.",
      future: "Tanggal lahir yang tertera pada NIK berada di masa depan.",
      serial: "Nomor urut 0000 pada NIK tidak mungkin (nomor urut dimulai dari 0001).",
      invalid: "NIK tidak sah.",
      duplicate: (firstLine: number) => `NIK ini sudah tercantum di baris ${firstLine}; setiap pekerja cukup dicantumkan sekali.`,
    },
    name: {
      tooShort: "Nama terlalu pendek (paling sedikit 2 huruf).",
      tooLong: "Nama terlalu panjang (paling banyak 120 karakter).",
    },
    birthDate: {
      format: (value: string) => `Tanggal lahir "${value}" tidak dikenali. Tulis sebagai HH-BB-TTTT (mis. 12-08-1990), HH/BB/TTTT atau TTTT-BB-HH.`,
      notADate: (value: string) => `Tanggal lahir "${value}" tidak ada di kalender.`,
    },
    category: {
      unknown: (value: string) => `Kategori "${value}" tidak dikenal. Pilih salah satu: honorer, tenaga_teknis, nelayan.`,
    },
    monthlyWage: {
      format: (value: string) => `Upah bulanan "${value}" bukan jumlah rupiah. Tulis mis. 2500000, 2.500.000 atau Rp2.500.000.`,
      tooSmall: "Upah bulanan harus lebih dari Rp0.",
      tooBig: "Upah bulanan terlalu besar.",
      required: (column: string) => `Kolom ${column} wajib diisi untuk kategori honorer dan tenaga_teknis.`,
      notAllowed: (column: string) => `Kolom ${column} hanya untuk honorer dan tenaga_teknis; kosongkan untuk nelayan.`,
    },
    incomeBracket: {
      required: (column: string) => `Kolom ${column} wajib diisi untuk kategori nelayan (kode kelompok penghasilan, mis. lowest).`,
      notAllowed: (column: string) => `Kolom ${column} hanya untuk nelayan; kosongkan untuk honorer dan tenaga_teknis.`,
      tooLong: "Kode kelompok penghasilan terlalu panjang (paling banyak 64 karakter).",
    },
    riskGroup: {
      unknown: (value: string) => `Kelompok risiko "${value}" tidak dikenal. Pilih I, II, III, IV atau V (atau kosongkan untuk memakai kelompok risiko OPD).`,
      notAllowed: (column: string) => `Kolom ${column} hanya untuk honorer dan tenaga_teknis; kosongkan untuk nelayan.`,
    },
  },
  /** Worker categories as people say them. */
  categories: { honorer: "Tenaga honorer", tenaga_teknis: "Tenaga teknis", nelayan: "Nelayan (BPU)" },
  /** The enrolment form (`/enrolments/new`). */
  form: {
    title: "Pendaftaran baru",
    intro: "Daftarkan pekerja OPD Anda sebagai peserta BPJS Ketenagakerjaan: isi data per pekerja, tekan Hitung untuk melihat iurannya, lalu Ajukan.",
    resubmitTitle: (caseId: string) => `Perbaiki dan ajukan ulang berkas ${caseId}`,
    resubmitIntro: "Data pekerja berkas yang dikembalikan sudah diisikan. Perbaiki yang perlu, lalu ajukan ulang.",
    notReturned: "Hanya berkas berstatus dikembalikan yang dapat diajukan ulang.",
    opd: "OPD",
    budgetLine: "Pos anggaran (DPA)",
    noBudgetLine: "OPD Anda belum memiliki pos anggaran untuk tahun ini; hubungi administrator.",
    available: (amount: string) => `sisa ${amount}`,
    periodStart: "Mulai periode (bulan)",
    months: "Jumlah bulan",
    workers: "Pekerja",
    worker: (n: number) => `Pekerja ${n}`,
    nik: "NIK",
    name: "Nama",
    birthDate: "Tanggal lahir",
    category: "Kategori",
    monthlyWage: "Upah bulanan (honorer dan tenaga teknis)",
    wageHint: "Dalam rupiah, mis. 2.500.000",
    incomeBracket: "Kelompok penghasilan (nelayan)",
    bracket: (id: string, income: string) => `${id} (penghasilan ${income})`,
    riskGroup: "Kelompok risiko JKK (honorer dan tenaga teknis)",
    riskGroupOfOpd: "Sesuai OPD",
    choose: "— pilih —",
    emptyRowHint: "Baris yang dikosongkan seluruhnya tidak ikut diajukan.",
    addRow: "Tambah baris",
    price: "Hitung",
    submit: "Ajukan",
    resubmit: "Ajukan ulang",
    contribution: "Iuran",
    total: "Total iuran",
    pricedFor: (workers: number, months: number) => `${workers} pekerja × ${months} bulan`,
    programme: "Program",
    amount: "Jumlah",
    fixErrors: "Periksa isian yang ditandai.",
    errors: {
      budgetLine: "Pilih pos anggaran.",
      periodStart: "Pilih bulan mulai periode.",
      months: "Jumlah bulan harus 1 sampai 12.",
      tooManyRows: (max: number) => `Formulir ini menampung paling banyak ${max} pekerja; untuk lebih banyak gunakan unggahan CSV.`,
      noWorkers: "Isi paling sedikit satu pekerja.",
    },
  },
  /** The CSV upload on the enrolment form. */
  upload: {
    title: "Unggah berkas CSV",
    intro: "Untuk banyak pekerja sekaligus: unduh templat, isi satu baris per pekerja (Excel: simpan sebagai CSV UTF-8), lalu unggah bersama pos anggaran dan periodenya.",
    template: "Unduh templat CSV",
    file: "Berkas CSV (paling besar 10 MB)",
    submit: "Unggah dan periksa",
    noFile: "Pilih berkas CSV untuk diunggah.",
  },
  /** The progress page of a CSV upload (`/imports/:id`). */
  importPage: {
    title: "Unggahan CSV",
    status: {
      parsing: "Membaca berkas",
      validating: "Memeriksa data pekerja",
      persisting: "Membuat berkas pengajuan",
      done: "Selesai",
      invalid: "Ada data yang salah",
    },
    file: "Berkas",
    rows: (done: string, total: string) => `${done} dari ${total} baris`,
    progressLabel: "Kemajuan pemeriksaan",
    autoRefresh: "Halaman ini diperbarui otomatis.",
    notFound: "Unggahan tidak ditemukan.",
    done: "Semua baris valid. Berkas pengajuan sudah dibuat.",
    openCase: "Buka berkas pengajuan",
    invalid: (errors: string) => `${errors} kesalahan ditemukan. Tidak ada berkas yang dibuat: perbaiki berkas CSV lalu unggah ulang.`,
    shownFirst: (shown: string) => `Ditampilkan ${shown} kesalahan pertama; semuanya ada di laporan kesalahan.`,
    downloadErrors: "Unduh laporan kesalahan (CSV)",
    line: "Baris",
    column: "Kolom",
    message: "Pesan",
    uploadAgain: "Unggah berkas lain",
  },
} as const;
