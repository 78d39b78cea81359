import type { Role } from "../roles";
import { enrolment } from "./id-enrolment";
import { cases } from "./id-cases";
import { approval } from "./id-approval";
import { mail } from "./id-mail";
import { coverage } from "./id-coverage";
import { ledger } from "./id-ledger";
import { api } from "./id-api";
import { death } from "./id-death";
import { deathPages } from "./id-death-pages";
import { history } from "./id-history";
import { privacy } from "./id-privacy";
import { audit } from "./id-audit";
import { admin } from "./id-admin";
import { adminMaster } from "./id-admin-master";
import { adminParticipants } from "./id-admin-participants";
import { adminSettings } from "./id-admin-settings";
import { adminRates } from "./id-admin-rates";

/** The one message catalog of the user interface (Bahasa Indonesia). */
export const id = {
  app: {
    name: "Naungan",
    tagline: "Perlindungan BPJS Ketenagakerjaan bagi pekerja Kabupaten Tanjung Jabung Barat",
    regency: "Pemerintah Kabupaten Tanjung Jabung Barat",
  },
  nav: {
    home: "Beranda",
    budget: "Anggaran",
    docs: "Dokumentasi API",
    logout: "Keluar",
    login: "Masuk",
    skipToContent: "Langsung ke isi",
    cases: "Berkas",
    newEnrolment: "Pendaftaran baru",
    coverage: "Cakupan",
    outbox: "Kotak surat",
    main: "Menu utama",
  },
  roles: {
    opd_operator: "Operator OPD",
    opd_head: "Kepala OPD (PA/KPA)",
    finance_approver: "Verifikator BKAD (Kuasa BUD)",
    treasurer: "Bendahara Umum Daerah (BUD)",
    auditor: "Auditor (Inspektorat)",
    admin: "Administrator",
  } satisfies Record<Role, string>,
  /** What each role can do, shown on the home page. */
  abilities: {
    opd_operator: ["Mengajukan pendaftaran pekerja dan klaim JKM untuk OPD Anda", "Memperbaiki dan mengajukan ulang berkas yang dikembalikan", "Melihat anggaran OPD Anda"],
    opd_head: ["Memverifikasi pengajuan OPD Anda (menandatangani SPM)", "Menolak atau mengembalikan pengajuan untuk diperbaiki", "Melihat anggaran OPD Anda"],
    finance_approver: ["Menyetujui pengajuan lewat tautan email atau di aplikasi (SP2D)", "Melihat anggaran semua OPD"],
    treasurer: ["Mencatat pencairan dana ke BPJS Ketenagakerjaan dan ahli waris", "Melihat anggaran semua OPD"],
    auditor: ["Membaca seluruh riwayat pengajuan dan log audit", "Mengekspor dan memverifikasi rantai log audit", "Melihat anggaran semua OPD"],
    admin: ["Mengelola OPD, pagu anggaran, pengguna, dan tabel tarif", "Melihat anggaran semua OPD"],
  } satisfies Record<Role, string[]>,
  login: {
    title: "Masuk ke Naungan",
    email: "Email",
    password: "Kata sandi",
    submit: "Masuk",
    failed: "Email atau kata sandi salah.",
    locked: (minutes: number) => `Terlalu banyak percobaan gagal. Coba lagi dalam ${minutes} menit.`,
    invalid: "Isi email dan kata sandi dengan benar.",
    demoTitle: "Akun demo (kata sandi: naungan-demo)",
  },
  home: {
    title: "Beranda",
    greeting: (name: string) => `Selamat datang, ${name}`,
    role: "Peran",
    opd: "OPD",
    allOpds: "Semua OPD",
    whatYouCanDo: "Yang dapat Anda lakukan",
    signedInUntil: "Sesi berlaku hingga",
  },
  budget: {
    title: "Anggaran",
    intro: "Pagu DPA untuk iuran BPJS Ketenagakerjaan pekerja non-ASN, per OPD dan kode rekening.",
    year: "Tahun",
    filter: "Tampilkan",
    opd: "OPD",
    accountCode: "Kode rekening",
    name: "Uraian",
    pagu: "Pagu",
    reserved: "Dicadangkan",
    spent: "Terealisasi",
    available: "Sisa",
    total: "Jumlah",
    empty: "Belum ada pagu untuk tahun ini.",
  },
  errors: {
    notFoundTitle: "Halaman tidak ditemukan",
    notFound: "Alamat yang Anda buka tidak ada.",
    forbiddenTitle: "Akses ditolak",
    forbidden: "Peran Anda tidak berwenang membuka halaman ini.",
    csrf: "Formulir kedaluwarsa atau tidak dikirim dari situs ini. Muat ulang halaman lalu coba lagi.",
    generic: "Terjadi kesalahan. Coba lagi.",
    backHome: "Kembali ke beranda",
  },
  docs: {
    title: "Dokumentasi API",
    intro: "Kontrak HTTP Naungan. Dokumen OpenAPI lengkap:",
    required: "wajib",
  },
  format: {
    none: "—",
  },
  /** The local mail outbox page (`/dev/outbox`, local runtime only). */
  outbox: {
    title: "Kotak surat (lokal)",
    intro: "Email yang akan dikirim bila aplikasi berjalan di AWS. Hanya tersedia pada lingkungan lokal.",
    to: "Penerima",
    allRecipients: "Semua penerima",
    filter: "Tampilkan",
    subject: "Subjek",
    sentAt: "Dikirim",
    links: "Tautan",
    case: "Berkas",
    empty: "Belum ada email.",
    badRecipient: "Alamat email penerima tidak sah.",
    next: "Email lebih lama",
    first: "Kembali ke yang terbaru",
  },
  // Sections kept in their own files (./id-<section>.ts).
  enrolment,
  cases,
  approval,
  mail,
  coverage,
  ledger,
  api,
  death,
  deathPages,
  privacy,
  history,
  audit,
  admin,
  adminMaster,
  adminParticipants,
  adminSettings,
  adminRates,
} as const;

export type Messages = typeof id;
