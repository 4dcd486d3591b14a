// The VM size catalogue: vCPUs, memory, GPUs, quota family and lifecycle of the sizes pools use. The
// rows live in VMSizeCatalogue.csv beside this file; the VMSizeCatalogue build plugin turns them into
// `VMSizes.catalogue` (and `VMSizes.asOf`) during the build, checking every row.

/// One Azure VM size.
package struct VMSize: Sendable, Equatable {
  /// Where a size is in its life, for Batch pools.
  package enum Status: Sendable, Equatable {
    /// Offered, with no retirement announced.
    case available
    /// Offered until an announced retirement date.
    case retiring
    /// No longer offered: Azure deallocates it.
    case retired
    /// Batch pools cannot use it (the REST spec names it), whatever Azure offers.
    case refusedByBatch
  }

  /// GPUs, whole or a fraction of one (`1/6` for Standard_NV6ads_A10_v5).
  package struct GPUs: Sendable, Equatable, CustomStringConvertible {
    /// Whole GPUs, or the numerator of a fraction of one.
    package var numerator: Int64
    /// 1 for whole GPUs.
    package var denominator: Int64

    /// `2 GPUs`, `1 GPU`, `1/6 GPU`, or `no GPU`.
    package var description: String {
      if numerator == 0 { return "no GPU" }
      if denominator != 1 { return "\(numerator)/\(denominator) GPU" }
      return "\(numerator) GPU\(numerator == 1 ? "" : "s")"
    }
  }

  /// The size's name as Azure spells it: `Standard_D4s_v3`.
  package var name: String
  /// Virtual CPUs: what core quotas count.
  package var vCPUs: Int64
  /// Memory in MiB (whole MiB, so 218.75 GiB is exact).
  package var memoryMiB: Int64
  /// GPUs.
  package var gpus: GPUs
  /// The quota family, as Batch's `dedicatedCoreQuotaPerVMFamily` spells it: `standardDSv3Family`.
  package var family: String
  /// Where the size is in its life.
  package var status: Status
  /// The retirement date (`2025-09-30`): past for retired sizes, announced for retiring ones.
  package var retirement: String?
  /// The available size to move to, for sizes that are not available.
  package var successor: String?
  /// What the catalogue could not confirm about this size, if anything.
  package var note: String?

  /// A size; `memoryMiB` is in MiB.
  package init(
    name: String, vCPUs: Int64, memoryMiB: Int64, gpus: GPUs = GPUs(numerator: 0, denominator: 1), family: String,
    status: Status = .available, retirement: String? = nil, successor: String? = nil, note: String? = nil
  ) {
    self.name = name
    self.vCPUs = vCPUs
    self.memoryMiB = memoryMiB
    self.gpus = gpus
    self.family = family
    self.status = status
    self.retirement = retirement
    self.successor = successor
    self.note = note
  }

  /// The generated catalogue's row: positional, so a few hundred of them type-check quickly, and
  /// never inlined, so that each row is a call of a few arguments rather than its own copy of
  /// the initializer: the catalogue's code (run once, but resident in every process after) is
  /// a third of its size.
  @inline(never)
  init(
    _ name: String, _ vCPUs: Int64, _ memoryMiB: Int64, _ gpuNumerator: Int64, _ gpuDenominator: Int64,
    _ family: String, _ status: Status, _ retirement: String?, _ successor: String?, _ note: String?
  ) {
    self.init(
      name: name, vCPUs: vCPUs, memoryMiB: memoryMiB, gpus: GPUs(numerator: gpuNumerator, denominator: gpuDenominator),
      family: family, status: status, retirement: retirement, successor: successor, note: note)
  }

  /// Whether a new pool can get nodes of this size (available or retiring).
  package var isOffered: Bool { status == .available || status == .retiring }

  /// `4 vCPUs, 16 GiB`, with `, 1 GPU` for sizes that have GPUs.
  package var shape: String {
    let cpus = "\(vCPUs) vCPU\(vCPUs == 1 ? "" : "s"), \(memoryGiBText) GiB"
    return gpus.numerator == 0 ? cpus : "\(cpus), \(gpus)"
  }

  /// Memory in GiB as written in the catalogue: `16`, `3.5`, `218.75`.
  package var memoryGiBText: String {
    let whole = memoryMiB / 1024
    var rest = memoryMiB % 1024
    guard rest != 0 else { return "\(whole)" }
    var digits = ""
    while rest != 0 && digits.count < 10 {
      rest *= 10
      digits += "\(rest / 1024)"
      rest %= 1024
    }
    return "\(whole).\(digits)"
  }
}

/// The VM sizes batchspec knows, from the catalogue built out of VMSizeCatalogue.csv.
package enum VMSizes {
  /// Every known size, in the catalogue's order.
  package static var all: [VMSize] { catalogue }

  private static let byName: [String: VMSize] = {
    var table: [String: VMSize] = [:]
    for size in catalogue { table[size.name.lowercased()] = size }
    return table
  }()

  /// The sizes by their catalogue spelling, which most specs use: found without lowercasing
  /// (quota rules look up every pool's size after every edit).
  private static let bySpelling: [String: VMSize] = {
    var table: [String: VMSize] = [:]
    for size in catalogue { table[size.name] = size }
    return table
  }()

  /// The size named `name`; Azure compares size names without regard to case.
  package static func size(named name: String) -> VMSize? { bySpelling[name] ?? byName[name.lowercased()] }

  /// Whether `name` is shaped like an Azure size name (`Standard_...` or `Basic_...`, in any case),
  /// whether or not the catalogue knows it.
  package static func isWellFormed(_ name: String) -> Bool {
    let lowered = name.lowercased()
    let rest: Substring
    if lowered.hasPrefix("standard_") {
      rest = lowered.dropFirst("standard_".count)
    } else if lowered.hasPrefix("basic_") {
      rest = lowered.dropFirst("basic_".count)
    } else {
      return false
    }
    return rest.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      && rest.utf8.allSatisfy {
        ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
          || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
      }
  }

  /// Every quota family name, in the catalogue's order.
  package static let families: [String] = {
    var seen: Set<String> = []
    return catalogue.compactMap { seen.insert($0.family.lowercased()).inserted ? $0.family : nil }
  }()

  /// The catalogue's spelling of the family `name` (compared without regard to case), if it is one.
  package static func family(named name: String) -> String? {
    families.first { $0.lowercased() == name.lowercased() }
  }

  /// `family` as a `family` block writes it: bare when it is one identifier, quoted otherwise
  /// (`"Standard NCASv3_T4 Family"`).
  package static func familyLabel(_ family: String) -> String {
    let bare =
      !family.isEmpty
      && family.utf8.allSatisfy { byte in
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
          || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "_")
      }
    return bare ? family : "\"\(family)\""
  }

  /// Up to `limit` sizes Batch pools can use (available or retiring) nearest to `name` by edit
  /// distance, nearest first.
  package static func nearest(to name: String, limit: Int = 3) -> [String] {
    let wanted = Array(name.lowercased().utf8)
    let scored = catalogue.filter(\.isOffered).map { size in
      (size.name, Suggestions.editDistance(wanted, Array(size.name.lowercased().utf8)))
    }
    let cutoff = max(3, wanted.count / 3)
    return scored.filter { $0.1 <= cutoff }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
  }
}
