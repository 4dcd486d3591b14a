// The VM size catalogue, as the build generated it from VMSizeCatalogue.csv: every row is well-formed,
// the figures the issue found wrong are right, and lookups ignore case.

import Testing

import BatchSpecCore

@Suite struct VMSizesTests {
  @Test func everyRowIsWellFormed() {
    let sizes = VMSizes.all
    #expect(sizes.count > 400, "the catalogue has \(sizes.count) sizes")
    var names: Set<String> = []
    for size in sizes {
      #expect(names.insert(size.name.lowercased()).inserted, "\(size.name) twice")
      #expect(VMSizes.isWellFormed(size.name), "\(size.name)")
      #expect(size.vCPUs > 0 && size.memoryMiB > 0, "\(size.name)")
      #expect(size.gpus.numerator >= 0 && size.gpus.denominator >= 1, "\(size.name)")
      #expect(size.family.hasSuffix("Family") && size.family.count > 6, "\(size.name): \(size.family)")
      if size.status == .available {
        #expect(size.retirement == nil && size.successor == nil, "\(size.name)")
        continue
      }
      if size.status != .refusedByBatch {
        let date = size.retirement ?? ""
        #expect(date.count == 10 && date.split(separator: "-").count == 3, "\(size.name): retirement \(date)")
        #expect(size.status == .retired ? date <= VMSizes.asOf : date > VMSizes.asOf, "\(size.name): \(date)")
      }
      let successor = size.successor.flatMap(VMSizes.size(named:))
      #expect(successor?.status == .available, "\(size.name): successor \(size.successor ?? "none")")
      #expect(successor?.name == size.successor, "\(size.name): the successor is spelt as the catalogue spells it")
    }
  }

  @Test func lookupsIgnoreCase() throws {
    for name in ["standard_a1", "STANDARD_D1_V2", "Standard_d4S_V3", "standard_nc6s_v3", "BASIC_A1"] {
      let size = try #require(VMSizes.size(named: name), "\(name)")
      #expect(size.name.lowercased() == name.lowercased())
    }
    #expect(VMSizes.size(named: "Standard_D4s_v3")?.name == "Standard_D4s_v3", "the catalogue's spelling comes back")
    #expect(VMSizes.isWellFormed("STANDARD_DC2s_V2") && VMSizes.isWellFormed("standard_z9_v9"))
    #expect(
      !VMSizes.isWellFormed("large") && !VMSizes.isWellFormed("Standard_") && !VMSizes.isWellFormed("Standard_D4 v3"))
    #expect(VMSizes.family(named: "standarddsv3family") == "standardDSv3Family")
  }

  @Test func figuresTheIssueFoundWrongAreRight() throws {
    let hb = try #require(VMSizes.size(named: "Standard_HB120rs_v3"))
    #expect(hb.family == "standardHBv3Family" && hb.vCPUs == 120 && hb.memoryGiBText == "448")
    #expect(VMSizes.size(named: "Standard_E96s_v5")?.memoryGiBText == "672")
    #expect(VMSizes.size(named: "Standard_NC4as_T4_v3")?.family == "Standard NCASv3_T4 Family")
    let nc = try #require(VMSizes.size(named: "Standard_NC6s_v3"))
    #expect(nc.status == .retired && nc.retirement == "2025-09-30" && nc.successor == "Standard_NC40ads_H100_v5")
    for refused in ["Standard_A0", "Basic_A0", "Standard_DS3_v2", "Standard_DS12", "Standard_GS5"] {
      #expect(VMSizes.size(named: refused)?.status == .refusedByBatch, "\(refused)")
    }
  }

  @Test func coversTheCurrentAndOlderSeries() throws {
    for (name, cpus, family) in [
      ("Standard_A8_v2", 8, "standardAv2Family"), ("standard_d64s_v3", 64, "standardDSv3Family"),
      ("Standard_D96as_v5", 96, "standardDASv5Family"), ("Standard_E48s_v5", 48, "standardESv5Family"),
      ("Standard_F72s_v2", 72, "standardFSv2Family"), ("Standard_NC64as_T4_v3", 64, "Standard NCASv3_T4 Family"),
      ("Standard_ND40rs_v2", 40, "standardNDSv2Family"), ("Standard_HC44rs", 44, "standardHCSFamily"),
      ("Standard_D192s_v6", 192, "StandardDsv6Family"), ("Standard_L80as_v3", 80, "standardLASv3Family"),
      ("Standard_ND96isr_H200_v5", 96, "standardNDISRH200V5Family"),
      ("Standard_HB176-24rs_v4", 24, "standardHBv4Family"),
      ("Standard_HX176-48rs", 48, "standardHXFamily"), ("Standard_HB120-16rs_v2", 16, "standardHBrsv2Family"),
    ] {
      let size = try #require(VMSizes.size(named: name), "\(name)")
      #expect(size.vCPUs == Int64(cpus) && size.family == family, "\(name)")
    }
    #expect(VMSizes.size(named: "Standard_M8ms")?.memoryGiBText == "218.75")
    #expect(VMSizes.size(named: "Standard_NV6ads_A10_v5")?.gpus.description == "1/6 GPU")
    #expect(VMSizes.size(named: "Standard_ND96asr_v4")?.shape == "96 vCPUs, 900 GiB, 8 GPUs")
    #expect(VMSizes.nearest(to: "Standard_D4s_v5x").first == "Standard_D4s_v5")
    #expect(!VMSizes.nearest(to: "Standard_NC6s_v4").contains("Standard_NC6s_v3"), "retired sizes are not suggested")
  }

  @Test func familiesAreWrittenAsLabels() {
    #expect(VMSizes.familyLabel("standardDSv3Family") == "standardDSv3Family")
    #expect(VMSizes.familyLabel("Standard NCASv3_T4 Family") == "\"Standard NCASv3_T4 Family\"")
  }
}

@Suite struct VMSizeRuleTests {
  @Test func retiredAndRefusedSizesOfferTheSuccessorAsAnUnsafeFix() throws {
    let spec = pool("gpu", "standard_nc24s_v3", dedicated: 0) + pool("premium", "STANDARD_DS2_V2", dedicated: 0)
    let findings = validate(spec).result.diagnostics
    let retired = try #require(findings.first { $0.code.rawValue == "BS5024" })
    #expect(retired.severity == .warning)
    #expect(retired.fixIts.map(\.title) == ["replace with `Standard_NC80adis_H100_v5`"])
    #expect(retired.fixIts.first?.edits.first?.replacement == "\"Standard_NC80adis_H100_v5\"")
    #expect(retired.fixIts.first?.isSafe == false, "a successor changes cores and cost: the user decides")
    let refused = try #require(findings.first { $0.code.rawValue == "BS5001" })
    #expect(refused.severity == .error && refused.fixIts.first?.edits.first?.replacement == "\"Standard_D2s_v5\"")
  }

  @Test func familyQuotaFixesQuoteFamilyKeysWithSpaces() throws {
    let spec =
      """
      account lab {
        location = "westeurope"
        quota {
          dedicated_cores = 100
          family standardDSv5Family { dedicated_cores = 10 }
        }
      }

      """ + pool("t4", "Standard_NC8as_T4_v3", dedicated: 1)
    let finding = try #require(validate(spec).result.diagnostics.first { $0.code.rawValue == "BS3003" })
    #expect(finding.message.contains("add `family \"Standard NCASv3_T4 Family\" { dedicated_cores = 8 }`"))
  }
}
