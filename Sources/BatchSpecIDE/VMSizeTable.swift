// The VM sizes the editor knows: hover facts (vCPUs, memory, quota family, cores), completion of
// `vm_size` and pool inlay hints read it. The validator's embedded table fills it.

internal import BatchSpecCore

/// A table of Azure VM sizes, looked up by name without regard to case.
package struct VMSizeTable: Sendable {
  /// One size.
  package struct Entry: Sendable, Equatable {
    /// The name as Azure spells it: `Standard_D4s_v3`.
    package var name: String
    /// Virtual CPUs, what core quotas count.
    package var vCPUs: Int64
    /// Memory in GiB.
    package var memoryGiB: Int64
    /// The quota family: `standardDSv3Family`.
    package var family: String
    /// Creates an entry.
    package init(name: String, vCPUs: Int64, memoryGiB: Int64, family: String) {
      self.name = name
      self.vCPUs = vCPUs
      self.memoryGiB = memoryGiB
      self.family = family
    }
  }

  /// Every size, in the table's order.
  package let entries: [Entry]
  private let byName: [String: Entry]

  /// A table of `entries`.
  package init(_ entries: [Entry]) {
    self.entries = entries
    var byName: [String: Entry] = [:]
    for entry in entries { byName[entry.name.lowercased()] = entry }
    self.byName = byName
  }

  /// No sizes.
  package static let empty = VMSizeTable([])

  /// The validator's embedded table (`VMSizes`), the sizes Batch pools may use.
  package static let embedded = VMSizeTable(
    VMSizes.all.filter(\.isBatchAvailable).map {
      Entry(name: $0.name, vCPUs: $0.vCPUs, memoryGiB: $0.memoryGiB, family: $0.family)
    })

  /// The size named `name`, if known.
  package func size(_ name: String) -> Entry? { byName[name.lowercased()] }

  /// One line about a size: "4 vCPUs, 16 GiB, quota family `standardDSv3Family`".
  package static func describe(_ entry: Entry) -> String {
    "`\(entry.name)`: \(entry.vCPUs) vCPU\(entry.vCPUs == 1 ? "" : "s"), \(entry.memoryGiB) GiB, quota family `\(entry.family)`"
  }
}
