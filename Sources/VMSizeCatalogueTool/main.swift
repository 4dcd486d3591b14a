// vm-size-catalogue INPUT.csv OUTPUT.swift: checks the VM size catalogue (or, for a file named
// VMPriceTable*.csv, the VM price table) and writes it as Swift source.
// The VMSizeCatalogue build-tool plugin runs it for BatchSpecCore; problems are reported as
// `path:line: error: message`, which compilers' and editors' problem matchers read, and fail the build.

import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
  FileHandle.standardError.write(Data("usage: vm-size-catalogue INPUT.csv OUTPUT.swift\n".utf8))
  exit(2)
}
let input = arguments[1]
let output = arguments[2]
let text: String
do {
  text = try String(contentsOfFile: input, encoding: .utf8)
} catch {
  FileHandle.standardError.write(Data("\(input): error: cannot read the VM size catalogue: \(error)\n".utf8))
  exit(1)
}
/// Writes `source` to the output unless it holds that already.
func emit(_ source: String) {
  do {
    // Unchanged output keeps its timestamp, so an edit elsewhere does not recompile the catalogue.
    if (try? String(contentsOfFile: output, encoding: .utf8)) != source {
      try source.write(toFile: output, atomically: true, encoding: .utf8)
    }
  } catch {
    FileHandle.standardError.write(Data("\(output): error: cannot write the generated source: \(error)\n".utf8))
    exit(1)
  }
}

/// Reports each problem as `path:line: error: message` and fails.
func fail(_ problems: CatalogueProblems) -> Never {
  for error in problems.errors {
    FileHandle.standardError.write(Data("\(input):\(error.line): error: \(error.message)\n".utf8))
  }
  exit(1)
}

let fileName = URL(fileURLWithPath: input).lastPathComponent
if fileName.hasPrefix("VMPriceTable") {
  // A price table: the prices `batchspec estimate` reads.
  switch PriceTable.parse(text) {
  case .failure(let problems): fail(problems)
  case .success(let table): emit(table.swiftSource(from: fileName))
  }
} else {
  switch Catalogue.parse(text) {
  case .failure(let problems): fail(problems)
  case .success(let catalogue): emit(catalogue.swiftSource(from: fileName))
  }
}
