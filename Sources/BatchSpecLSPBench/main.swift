// Language server benchmark: drives the real `batchspec lsp` over pipes on a generated 5,000-line
// project and reports `initialize` latency, time to fresh diagnostics after one-character edits
// (p50, p95, max) and resident memory. Build and run in release mode:
//
//     swift build -c release && .build/release/batchspec-lsp-bench [edits] [path-to-batchspec]
//     .build/release/batchspec-lsp-bench soak [--edits 10000] [--seed 1]   (see Soak.swift)

import BatchSpecCore
import BatchSpecLSP
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
/// The `batchspec` executable built next to this one.
let defaultBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  .appendingPathComponent("batchspec").path
if arguments.first == "soak" { exit(Soak.run(arguments: Array(arguments.dropFirst()), binary: defaultBinary)) }
let editCount = arguments.first.flatMap { Int($0) } ?? 300
let binary =
  arguments.count > 1
  ? arguments[1]
  : defaultBinary

func milliseconds(_ start: DispatchTime) -> Double {
  Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
}

func percentile(_ values: [Double], _ p: Double) -> Double {
  let sorted = values.sorted()
  return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

let (directory, lineCount) = try generateProject()
defer { try? FileManager.default.removeItem(atPath: directory) }

let startup = DispatchTime.now()
let server = try Server(binary: binary)
server.send(
  .object([
    ("jsonrpc", .string("2.0")), ("id", .integer(1)), ("method", .string("initialize")),
    ("params", .object([("capabilities", .object([])), ("rootUri", .string("file://" + directory))])),
  ]))
_ = server.waitFor { $0["id"] == .integer(1) }
let initializeTime = milliseconds(startup)
server.send(.object([("jsonrpc", .string("2.0")), ("method", .string("initialized")), ("params", .object([]))]))

let path = directory + "/part4.batch"
let uri = "file://" + path
let text = try String(contentsOfFile: path, encoding: .utf8)
func isFresh(_ message: JSON, _ version: Int) -> Bool {
  message["method"] == .string("textDocument/publishDiagnostics") && message["params"]?["uri"] == .string(uri)
    && message["params"]?["version"] == .integer(version)
}
let openStart = DispatchTime.now()
server.send(
  .object([
    ("jsonrpc", .string("2.0")), ("method", .string("textDocument/didOpen")),
    (
      "params",
      .object([
        (
          "textDocument",
          .object([
            ("uri", .string(uri)), ("languageId", .string("batchspec")), ("version", .integer(1)),
            ("text", .string(text)),
          ])
        )
      ])
    ),
  ]))
_ = server.waitFor { isFresh($0, 1) }
let openTime = milliseconds(openStart)

// Type into `display_name = "pool 3"` on line 15 and delete again: one character per edit.
let line = 14
let column = 26
var times: [Double] = []
var errorsSeen = 0
let cpuBefore = server.cpuMilliseconds()
for edit in 0..<editCount {
  let version = edit + 2
  let inserting = edit % 2 == 0
  let range = JSON.object([
    ("start", .object([("line", .integer(line)), ("character", .integer(column))])),
    ("end", .object([("line", .integer(line)), ("character", .integer(column + (inserting ? 0 : 1)))])),
  ])
  let change = JSON.object([("range", range), ("text", .string(inserting ? "\"" : ""))])
  let start = DispatchTime.now()
  server.send(
    .object([
      ("jsonrpc", .string("2.0")), ("method", .string("textDocument/didChange")),
      (
        "params",
        .object([
          ("textDocument", .object([("uri", .string(uri)), ("version", .integer(version))])),
          ("contentChanges", .array([change])),
        ])
      ),
    ]))
  let published = server.waitFor { isFresh($0, version) }
  times.append(milliseconds(start))
  if !(published["params"]?["diagnostics"]?.arrayValue ?? []).isEmpty { errorsSeen += 1 }
}
let cpuPerEdit = (server.cpuMilliseconds() - cpuBefore) / Double(editCount)
let memory = server.residentMegabytes()
server.send(.object([("jsonrpc", .string("2.0")), ("id", .integer(2)), ("method", .string("shutdown"))]))
_ = server.waitFor { $0["id"] == .integer(2) }
server.send(.object([("jsonrpc", .string("2.0")), ("method", .string("exit"))]))
server.process.waitUntilExit()

func format(_ value: Double) -> String { String(format: "%.2f", value) }
print("project: \(lineCount) lines in 10 files; \(editCount) one-character edits (\(errorsSeen) left an error)")
print("initialize:            \(format(initializeTime)) ms (goal ≤ 50)")
print("open, first diagnostics: \(format(openTime)) ms")
print(
  "edit → diagnostics:    p50 \(format(percentile(times, 0.5))) ms, p95 \(format(percentile(times, 0.95))) ms, max \(format(times.max() ?? 0)) ms (goal p95 ≤ 10)"
)
print("server CPU per edit:   \(format(cpuPerEdit)) ms (independent of other load; 10 ms clock ticks)")
print("resident memory:       \(format(memory)) MB (goal ≤ 60)")
print("exit status:           \(server.process.terminationStatus)")
