// vm-size-catalogue INPUT.csv OUTPUT.swift: checks the VM size catalogue and writes it as Swift source.
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
switch Catalogue.parse(text) {
case .failure(let problems):
  for error in problems.errors {
    FileHandle.standardError.write(Data("\(input):\(error.line): error: \(error.message)\n".utf8))
  }
  exit(1)
case .success(let catalogue):
  let source = catalogue.swiftSource(from: URL(fileURLWithPath: input).lastPathComponent)
  do {
    // Unchanged output keeps its timestamp, so an edit elsewhere does not recompile the catalogue.
    if (try? String(contentsOfFile: output, encoding: .utf8)) != source {
      try source.write(toFile: output, atomically: true, encoding: .utf8)
    }
  } catch {
    FileHandle.standardError.write(Data("\(output): error: cannot write the generated catalogue: \(error)\n".utf8))
    exit(1)
  }
}
