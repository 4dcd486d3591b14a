// The embedded VM size table: vCPUs, memory and quota family of the sizes pools use.

/// One Azure VM size.
package struct VMSize: Sendable, Equatable {
  /// The size's name as Azure spells it: `Standard_D4s_v3`.
  package var name: String
  /// Virtual CPUs: what core quotas count.
  package var vCPUs: Int64
  /// Memory in GiB.
  package var memoryGiB: Int64
  /// The quota family, as `family` blocks name it: `standardDSv3Family`.
  package var family: String
  /// Whether Batch pools may use it.
  package var isBatchAvailable: Bool
}

/// The VM sizes batchspec knows, from the reference tables of Azure's documentation.
package enum VMSizes {
  /// Every known size, in table order.
  package static let all: [VMSize] = {
    var sizes: [VMSize] = []
    func add(_ pattern: String, _ cpus: [Int64], family: String, memory: (Int64) -> Int64, batch: Bool = true) {
      for n in cpus {
        let name = pattern.replacingN(with: String(n))
        sizes.append(VMSize(name: name, vCPUs: n, memoryGiB: memory(n), family: family, isBatchAvailable: batch))
      }
    }
    func fixed(_ name: String, _ cpus: Int64, _ memory: Int64, _ family: String, batch: Bool = true) {
      sizes.append(VMSize(name: name, vCPUs: cpus, memoryGiB: memory, family: family, isBatchAvailable: batch))
    }
    let v5: [Int64] = [2, 4, 8, 16, 32, 48, 64, 96]
    add("Standard_AN_v2", [1, 2, 4, 8], family: "standardAv2Family") { $0 * 2 }
    add("Standard_DN_v3", [2, 4, 8, 16], family: "standardDv3Family") { $0 * 4 }
    add("Standard_DNs_v3", [2, 4, 8, 16, 32, 64], family: "standardDSv3Family") { $0 * 4 }
    add("Standard_DNs_v5", v5, family: "standardDSv5Family") { $0 * 4 }
    add("Standard_DNds_v5", v5, family: "standardDDSv5Family") { $0 * 4 }
    add("Standard_DNas_v5", v5, family: "standardDASv5Family") { $0 * 4 }
    add("Standard_ENs_v3", [2, 4, 8, 16, 32], family: "standardESv3Family") { $0 * 8 }
    add("Standard_ENs_v5", v5, family: "standardESv5Family") { $0 * 8 }
    add("Standard_FNs_v2", [2, 4, 8, 16, 32, 48, 64, 72], family: "standardFSv2Family") { $0 * 2 }
    fixed("Standard_NC6s_v3", 6, 112, "standardNCSv3Family")
    fixed("Standard_NC12s_v3", 12, 224, "standardNCSv3Family")
    fixed("Standard_NC24s_v3", 24, 448, "standardNCSv3Family")
    fixed("Standard_NC4as_T4_v3", 4, 28, "standardNCASv3_T4Family")
    fixed("Standard_NC8as_T4_v3", 8, 56, "standardNCASv3_T4Family")
    fixed("Standard_NC16as_T4_v3", 16, 110, "standardNCASv3_T4Family")
    fixed("Standard_NC64as_T4_v3", 64, 440, "standardNCASv3_T4Family")
    fixed("Standard_ND40rs_v2", 40, 672, "standardNDSv2Family")
    fixed("Standard_HB120rs_v3", 120, 448, "standardHBrsv3Family")
    fixed("Standard_HC44rs", 44, 352, "standardHCSFamily")
    // Batch supports every Azure size except the extra-small A0 (and premium-storage sizes of the
    // retired Cloud Services configuration).
    fixed("Standard_A0", 1, 0, "standardA0_A7Family", batch: false)
    fixed("Basic_A0", 1, 0, "basicAFamily", batch: false)
    return sizes
  }()

  private static let byName: [String: VMSize] = {
    var table: [String: VMSize] = [:]
    for size in all { table[size.name.lowercased()] = size }
    return table
  }()

  /// The size named `name`; Azure compares size names without regard to case.
  package static func size(named name: String) -> VMSize? { byName[name.lowercased()] }

  /// Every quota family name.
  package static let families: [String] = {
    var seen: Set<String> = []
    return all.compactMap { seen.insert($0.family).inserted ? $0.family : nil }
  }()

  /// Up to `limit` known Batch sizes nearest to `name` by edit distance, nearest first.
  package static func nearest(to name: String, limit: Int = 3) -> [String] {
    let wanted = Array(name.lowercased().utf8)
    let scored = all.filter(\.isBatchAvailable).map { size in
      (size.name, Suggestions.editDistance(wanted, Array(size.name.lowercased().utf8)))
    }
    let cutoff = max(3, wanted.count / 3)
    return scored.filter { $0.1 <= cutoff }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
  }
}

extension String {
  /// The string with its one `N` placeholder replaced by `value`.
  fileprivate func replacingN(with value: String) -> String {
    var result = ""
    var replaced = false
    for character in self {
      if character == "N" && !replaced {
        result += value
        replaced = true
      } else {
        result.append(character)
      }
    }
    return result
  }
}
