import * as z from "zod";
import { riskGroupSchema } from "./rates";

/** Short uppercase code of an OPD, e.g. DISNAKER; used as a key everywhere. */
export const opdCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,31}$/, "Expected an uppercase OPD code like DISNAKER");

/** An OPD (Organisasi Perangkat Daerah): a work unit of the regency. */
export const opdSchema = z.object({
  code: opdCodeSchema,
  name: z.string().min(3).max(120),
  /** Default JKK risk group for the OPD's workers; a worker may override it. */
  riskGroup: riskGroupSchema,
});
export type Opd = z.infer<typeof opdSchema>;

/*
 * Seed master data (DOMAIN.md §5); admins edit it. Government services are
 * risk group I; raised only where DOMAIN.md points at riskier work.
 */
export const defaultOpds: Opd[] = [
  { code: "DISNAKER", name: "Dinas Tenaga Kerja", riskGroup: "I" },
  { code: "DISKOPERINDAG", name: "Dinas Koperasi Perindustrian dan Perdagangan", riskGroup: "I" },
  // Called BPKAD in other regencies; the name is editable.
  { code: "BKAD", name: "Badan Keuangan dan Aset Daerah", riskGroup: "I" },
  { code: "DINKES", name: "Dinas Kesehatan", riskGroup: "I" },
  { code: "DISDIK", name: "Dinas Pendidikan", riskGroup: "I" },
  { code: "DISHUB", name: "Dinas Perhubungan", riskGroup: "I" },
  { code: "DISTAN", name: "Dinas Pertanian", riskGroup: "I" },
  // Cleaning and waste crews work on the street.
  { code: "DLH", name: "Dinas Lingkungan Hidup", riskGroup: "II" },
  { code: "DPMPTSP", name: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", riskGroup: "I" },
  { code: "BAPPEDA", name: "Badan Perencanaan Pembangunan Daerah", riskGroup: "I" },
  { code: "BKPSDM", name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", riskGroup: "I" },
  { code: "BAPENDA", name: "Badan Pendapatan Daerah", riskGroup: "I" },
  { code: "INSPEKTORAT", name: "Inspektorat", riskGroup: "I" },
  { code: "SETDA", name: "Sekretariat Daerah", riskGroup: "I" },
  { code: "SETWAN", name: "Sekretariat DPRD", riskGroup: "I" },
  // [U] exact name. Group I: its honorer staff are office workers; fishers are
  // BPU, priced by declared income, not by this OPD's risk group.
  { code: "PERIKANAN", name: "Dinas Perikanan", riskGroup: "I" },
  { code: "BPBD", name: "Badan Penanggulangan Bencana Daerah", riskGroup: "I" },
  // Fire brigade.
  { code: "SATPOLPP_DAMKAR", name: "Satuan Polisi Pamong Praja dan Pemadam Kebakaran", riskGroup: "III" },
  { code: "DINSOS", name: "Dinas Sosial", riskGroup: "I" },
  // Road and construction field crews.
  { code: "PUPR", name: "Dinas Pekerjaan Umum dan Penataan Ruang", riskGroup: "III" },
  { code: "RSUD_KH_DAUD_ARIF", name: "RSUD KH Daud Arif", riskGroup: "I" },
];
