// The VM sizes the editor knows: hover facts (vCPUs, memory, GPUs, quota family, retirement), completion
// of `vm_size` and pool inlay hints read it. The validator's catalogue (`VMSizes`) fills it.

package import BatchSpecCore

/// A table of Azure VM sizes, looked up by name without regard to case.
package struct VMSizeTable: Sendable {
  /// One size: the catalogue's `VMSize`.
  package typealias Entry = VMSize

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

  /// The validator's catalogue (`VMSizes`), every size it knows, retired and refused ones included (so
  /// hover can say so).
  package static let embedded = VMSizeTable(VMSizes.all)

  /// The size named `name`, if known.
  package func size(_ name: String) -> Entry? { byName[name.lowercased()] }

  /// What completion offers for `vm_size`: the sizes a new pool can get, available ones first, then
  /// those with an announced retirement. Retired sizes and sizes Batch refuses are not offered: a pool
  /// of them gets no nodes.
  package var offered: [Entry] {
    entries.filter { $0.status == .available } + entries.filter { $0.status == .retiring }
  }

  /// Markdown about a size: "`Standard_D4s_v3`: 4 vCPUs, 16 GiB, quota family `standardDSv3Family`",
  /// then its retirement and successor, if any.
  package static func describe(_ entry: Entry) -> String {
    var text = "`\(entry.name)`: \(entry.shape), quota family `\(entry.family)`"
    let successor = entry.successor.map { " Suggested successor: `\($0)`." } ?? ""
    let date = entry.retirement ?? "an announced date"
    switch entry.status {
    case .available: break
    case .retiring: text += ".\n\nRetires on \(date).\(successor)"
    case .retired: text += ".\n\nRetired on \(date): Azure no longer allocates it.\(successor)"
    case .refusedByBatch: text += ".\n\nBatch pools cannot use it (the Batch API refuses this series).\(successor)"
    }
    if let note = entry.note { text += "\n\nCatalogue note: \(note)." }
    return text
  }
}
