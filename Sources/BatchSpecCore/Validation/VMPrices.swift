// What VM sizes cost per node-hour: the dated table embedded from VMPriceTable.csv (the build turns
// it into `VMPrices.table`), or prices read from an Azure retail prices export (`--prices FILE`).

/// One size's hourly prices in the table's currency; nil where the table has none.
package struct VMPrice: Sendable, Equatable {
  /// The size, as Azure spells it.
  package var size: String
  /// Pay-as-you-go, Linux.
  package var linux: Double?
  /// Pay-as-you-go, Windows (with its license).
  package var windows: Double?
  /// Spot, Linux.
  package var linuxSpot: Double?
  /// Spot, Windows.
  package var windowsSpot: Double?

  /// A row of prices.
  package init(size: String, linux: Double?, windows: Double?, linuxSpot: Double?, windowsSpot: Double?) {
    self.size = size
    self.linux = linux
    self.windows = windows
    self.linuxSpot = linuxSpot
    self.windowsSpot = windowsSpot
  }

  /// The price of a node of this size running `windows` or Linux, Spot or dedicated.
  package func price(windows isWindows: Bool, spot: Bool) -> Double? {
    switch (isWindows, spot) {
    case (false, false): linux
    case (true, false): windows
    case (false, true): linuxSpot
    case (true, true): windowsSpot
    }
  }
}

/// A set of VM prices: the embedded table, or one read from a retail prices export.
package struct VMPrices: Sendable {
  /// Where the prices come from, for reports: `embedded table of 2023-06-26, eastus, USD`.
  package var source: String
  /// The currency.
  package var currencyCode: String
  private var bySize: [String: VMPrice]

  /// Prices of `rows`, described as `source`.
  package init(_ rows: [VMPrice], source: String, currency: String) {
    var bySize: [String: VMPrice] = [:]
    for row in rows where bySize[row.size.lowercased()] == nil { bySize[row.size.lowercased()] = row }
    self.bySize = bySize
    self.source = source
    self.currencyCode = currency
  }

  /// The table embedded in the build.
  package static let embedded = VMPrices(
    table, source: "the embedded table of \(asOf) (\(region), \(currency))", currency: currency)

  /// The prices of `size` (compared without regard to case, as Azure compares sizes).
  package func prices(of size: String) -> VMPrice? { bySize[size.lowercased()] }

  /// Every size priced.
  package var count: Int { bySize.count }

  /// Prices from the CSV of an Azure retail prices export (the retail prices API's items as rows:
  /// `armSkuName`, `retailPrice`, `unitOfMeasure`, `type`, `productName`, `skuName`,
  /// `armRegionName`, ...). Rows of other services, other units or reservations are skipped;
  /// `Spot` and `Low Priority` SKUs are Spot prices, a `Windows` product the Windows price. With
  /// `region`, rows of other regions are skipped too.
  package static func parse(retailCSV text: String, region: String?, source: String) -> Result<VMPrices, LoadError> {
    let lines = CSVLines.split(text)
    guard let header = lines.first else { return .failure(LoadError("the file is empty")) }
    func column(_ name: String) -> Int? { header.firstIndex { $0.lowercased() == name.lowercased() } }
    guard let sizeColumn = column("armSkuName"), let priceColumn = column("retailPrice") ?? column("unitPrice")
    else {
      return .failure(LoadError("line 1: a retail prices export has `armSkuName` and `retailPrice` columns"))
    }
    let unit = column("unitOfMeasure")
    let type = column("type") ?? column("priceType")
    let product = column("productName")
    let sku = column("skuName")
    let regionColumn = column("armRegionName")
    let currencyColumn = column("currencyCode")
    var rows: [String: VMPrice] = [:]
    var currency: String?
    for (number, cells) in lines.enumerated().dropFirst() {
      func cell(_ index: Int?) -> String { index.flatMap { $0 < cells.count ? cells[$0] : nil } ?? "" }
      let size = cell(sizeColumn)
      guard !size.isEmpty, let price = Double(cell(priceColumn)), price >= 0 else {
        if cells.count > 1 && Double(cell(priceColumn)) == nil && !cell(priceColumn).isEmpty {
          return .failure(LoadError("line \(number + 1): `\(cell(priceColumn))` is not a price"))
        }
        continue
      }
      if let unit, !cell(unit).isEmpty, cell(unit) != "1 Hour" { continue }
      if let type, !cell(type).isEmpty, cell(type) != "Consumption" { continue }
      if let region, let regionColumn, cell(regionColumn).lowercased() != region.lowercased() { continue }
      currency = currency ?? (cell(currencyColumn).isEmpty ? nil : cell(currencyColumn))
      let skuName = cell(sku).lowercased()
      let isSpot = skuName.contains("spot") || skuName.contains("low priority")
      let isWindows = cell(product).lowercased().contains("windows")
      var row =
        rows[size.lowercased()] ?? VMPrice(size: size, linux: nil, windows: nil, linuxSpot: nil, windowsSpot: nil)
      switch (isWindows, isSpot) {
      case (false, false): row.linux = row.linux.map { min($0, price) } ?? price
      case (true, false): row.windows = row.windows.map { min($0, price) } ?? price
      case (false, true): row.linuxSpot = row.linuxSpot.map { min($0, price) } ?? price
      case (true, true): row.windowsSpot = row.windowsSpot.map { min($0, price) } ?? price
      }
      rows[size.lowercased()] = row
    }
    guard !rows.isEmpty else {
      return .failure(LoadError("no hourly consumption price of a VM size\(region.map { " in `\($0)`" } ?? "")"))
    }
    return .success(VMPrices(Array(rows.values), source: source, currency: currency ?? "USD"))
  }
}

/// Splitting CSV text into rows of cells: quoted cells may hold commas, quotes (doubled) and line breaks.
package enum CSVLines {
  /// The rows of `text`, each its cells; blank lines are skipped.
  package static func split(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var iterator = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    func endRow() {
      row.append(cell)
      cell = ""
      if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
      row = []
    }
    while let scalar = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if scalar == "\"" {
          if let next = iterator.next() {
            if next == "\"" { cell.unicodeScalars.append("\"") } else { quoted = false; pending = next }
          } else {
            quoted = false
          }
        } else {
          cell.unicodeScalars.append(scalar)
        }
        continue
      }
      switch scalar {
      case "\"" where cell.isEmpty: quoted = true
      case ",":
        row.append(cell)
        cell = ""
      case "\n": endRow()
      case "\r": break
      default: cell.unicodeScalars.append(scalar)
      }
    }
    if !cell.isEmpty || !row.isEmpty { endRow() }
    return rows
  }
}
