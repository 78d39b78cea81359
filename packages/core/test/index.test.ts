import { describe, it, expect } from "vitest";
import * as core from "../src/index";

describe("@naungan/core public surface", () => {
  it("re-exports every module", () => {
    for (const name of [
      "applyBasisPoints", "roundHalfUpRupiah", "formatRupiah", "parseRupiah", "rupiahSchema",
      "validateNik", "nikSchema", "formatWib", "formatDateId", "wibDate", "toIsoWib",
      "defaultRateTables", "defaultDiscounts", "rateTableOn", "checkRateTables",
      "defaultOpds", "opdSchema", "opdCodeSchema", "roles", "roleSchema", "rolesScopedToOpd", "canSeeOpd",
      "newId", "isoDateSchema",
    ]) {
      expect(core, name).toHaveProperty(name);
    }
  });
});
