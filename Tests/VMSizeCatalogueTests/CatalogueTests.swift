// The catalogue tool refuses bad rows with their line, and writes what it reads as Swift source.

import Testing

@testable import vm_size_catalogue

@Suite struct CatalogueTests {
  private func catalogue(_ rows: String, asOf: String = "2026-12-05") -> Result<Catalogue, CatalogueProblems> {
    Catalogue.parse("# a comment\n# as-of: \(asOf)\n\n\(Catalogue.header)\n\(rows)")
  }

  private func errors(_ rows: String) -> [String] {
    guard case .failure(let problems) = catalogue(rows) else { return [] }
    return problems.errors.map(\.description)
  }

  @Test func readsEveryColumnAndLeavesTrailingOnesOut() throws {
    let parsed = try catalogue(
      """
      Standard_D2s_v5,2,8,0,standardDSv5Family,available
      Standard_NV6ads_A10_v5,6,55,1/6,StandardNVADSA10v5Family,available
      Standard_M8ms,8,218.75,0,standardMSFamily,available,,,family assumed
      Standard_NC6s_v3,6,112,1,standardNCSv3Family,retired,2025-09-30,Standard_D2s_v5
      """
    ).get()
    #expect(parsed.asOf == "2026-12-05")
    #expect(
      parsed.rows.map(\.name) == ["Standard_D2s_v5", "Standard_NV6ads_A10_v5", "Standard_M8ms", "Standard_NC6s_v3"])
    #expect(parsed.rows[1].gpuNumerator == 1 && parsed.rows[1].gpuDenominator == 6)
    #expect(parsed.rows[2].memoryMiB == 224_000 && parsed.rows[2].note == "family assumed")
    #expect(parsed.rows[3].retirement == "2025-09-30" && parsed.rows[3].successor == "Standard_D2s_v5")
    #expect(parsed.rows[3].line == 8)
  }

  @Test func reportsEveryBadRowWithItsLine() {
    // The header is line 4, so rows start on line 5.
    #expect(
      errors(
        """
        Standard_D2s_v5,2,8,0,standardDSv5Family,available
        Large,2,8,0,standardDSv5Family,available
        Standard_D4s_v5,0,16,0,standardDSv5Family,available
        Standard_D8s_v5,8,0.1,0,standardDSv5Family,available
        Standard_D16s_v5,16,64,7/6,standardDSv5Family,available
        Standard_D32s_v5,32,128,0,standardDSv5,available
        Standard_D48s_v5,48,192,0,standardDSv5Family,gone
        Standard_D64s_v5,64,256
        Standard_D2S_V5,2,8,0,standardDSv5Family,available
        """) == [
          "line 6: `Large` is not a size name: `Standard_` or `Basic_` then letters, digits, `_` or `-`",
          "line 7: `Standard_D4s_v5`: vCPUs must be a whole number above 0, not `0`",
          "line 8: `Standard_D8s_v5`: memory must be GiB above 0 that is a whole number of MiB, not `0.1`",
          "line 9: `Standard_D16s_v5`: GPUs must be a whole number or a fraction below one such as `1/6`, not `7/6`",
          "line 10: `Standard_D32s_v5`: the quota family `standardDSv5` must end in `Family`",
          "line 11: `Standard_D48s_v5`: status `gone` is not one of available, retiring, retired, refused-by-batch",
          "line 12: expected 6 to 9 comma-separated columns (\(Catalogue.header)), found 3",
          "line 13: `Standard_D2S_V5` is already on line 5",
        ])
  }

  @Test func checksDatesAndSuccessorsAgainstTheCatalogue() {
    #expect(
      errors(
        """
        Standard_D2s_v5,2,8,0,standardDSv5Family,available,2030-01-01
        Standard_D2s_v3,2,8,0,standardDSv3Family,retiring,2026-01-01,Standard_D2s_v5
        Standard_NC6s_v3,6,112,1,standardNCSv3Family,retired,2027-01-01,Standard_D2s_v5
        Standard_A1,1,1.75,0,standardA0_A7Family,retired,2024-08-31
        Standard_A2,2,3.5,0,standardA0_A7Family,retired,2024-08-31,Standard_D2s_v3
        Standard_A3,4,7,0,standardA0_A7Family,retired,2024-08-31,standard_d2s_v5
        Standard_A0,1,0.75,0,standardA0_A7Family,refused-by-batch,,Standard_A9
        Standard_A4,8,14,0,standardA0_A7Family,retired,24-08-31,Standard_D2s_v5
        """) == [
          "line 5: `Standard_D2s_v5`: an available size has no retirement date",
          "line 6: `Standard_D2s_v3`: retiring on 2026-01-01, on or before the catalogue's as-of date 2026-12-05: mark it retired",
          "line 7: `Standard_NC6s_v3`: retired on 2027-01-01, after the catalogue's as-of date 2026-12-05: mark it retiring",
          "line 8: `Standard_A1`: a retired size needs a successor",
          "line 9: `Standard_A2`: the successor `Standard_D2s_v3` is retiring; name an available size",
          "line 10: `Standard_A3`: the successor `standard_d2s_v5` is not a size of the catalogue (spelt as it is there)",
          "line 11: `Standard_A0`: the successor `Standard_A9` is not a size of the catalogue (spelt as it is there)",
          "line 12: `Standard_A4`: retirement must be a date written YYYY-MM-DD, not `24-08-31`",
        ])
  }

  @Test func needsTheHeaderAndTheAsOfLine() {
    guard case .failure(let problems) = Catalogue.parse("Standard_D2s_v5,2,8,0,standardDSv5Family,available\n") else {
      Issue.record("a catalogue without a header parsed")
      return
    }
    let messages = problems.errors.map(\.message)
    #expect(messages.contains { $0.hasPrefix("the first row must be the header") })
    #expect(messages.contains("missing the `# as-of: YYYY-MM-DD` line"))
  }

  @Test func convertsGiBToWholeMiB() {
    #expect(Catalogue.mebibytes("16") == 16_384)
    #expect(Catalogue.mebibytes("0.75") == 768)
    #expect(Catalogue.mebibytes("437.5") == 448_000)
    #expect(Catalogue.mebibytes("1.1") == nil, "1.1 GiB is not a whole number of MiB")
    #expect(Catalogue.mebibytes("-1") == nil && Catalogue.mebibytes("1.") == nil && Catalogue.mebibytes("x") == nil)
  }

  @Test func writesSwiftSourceThatQuotesEveryString() throws {
    let parsed = try catalogue(
      """
      Standard_D2s_v5,2,8,0,standardDSv5Family,available
      Standard_NV6ads_A10_v5,6,55,1/6,Standard NVADSA10v5 Family,available,,,a note with 'quotes'
      Standard_A0,1,0.75,0,standardA0_A7Family,refused-by-batch,2024-08-31,Standard_D2s_v5
      """
    ).get()
    let source = parsed.swiftSource(from: "VMSizeCatalogue.csv")
    #expect(source.contains("package static let asOf = \"2026-12-05\""))
    #expect(
      source.contains(
        "VMSize(\"Standard_D2s_v5\", 2, 8192, 0, 1, \"standardDSv5Family\", .available, nil, nil, nil),"))
    #expect(
      source.contains(
        "VMSize(\"Standard_NV6ads_A10_v5\", 6, 56320, 1, 6, \"Standard NVADSA10v5 Family\", .available, nil, nil, \"a note with 'quotes'\"),"
      ))
    #expect(
      source.contains(
        "VMSize(\"Standard_A0\", 1, 768, 0, 1, \"standardA0_A7Family\", .refusedByBatch, \"2024-08-31\", \"Standard_D2s_v5\", nil),"
      ))
  }
}
