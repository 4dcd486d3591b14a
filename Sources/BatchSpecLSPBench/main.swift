// Language server benchmark: drives the real `batchspec lsp` over pipes, as an editor does, on a
// generated project of ten files, and reports, per kind of edit, the time from `didChange` to the
// diagnostics of that version (p50, p95, p99), the server's CPU time per edit, its resident
// memory (after opening, after the edits, and after 1.5 s without input), and the time to settle
// after opening every file. Build and run in release mode:
//
//     swift build -c release
//     .build/release/batchspec-lsp-bench [--lines 5000|50000] [--edits N] [--pull|--pull-all] [--binary PATH]
//         [--only KIND] [--pause SECONDS]
//     .build/release/batchspec-lsp-bench memory [--lines N] [--edits 10000] [--pull]
//     .build/release/batchspec-lsp-bench fixall [--lines N] [--edits 100]
//     .build/release/batchspec-lsp-bench soak [--edits 10000] [--seed 1]   (see Soak.swift)
//
// Without `--lines`, both sizes are measured. The edit kinds, `--edits` of each (default 100),
// alternate between breaking and mending so that diagnostics change: typing inside a string,
// breaking a job's pool reference, misspelling an attribute name, moving a pool's node count
// (which moves the account's quota sum), and adding then removing a whole pool. `--pull` asks for
// each version's diagnostics with `textDocument/diagnostic` instead of waiting for them to be
// pushed; `--pull-all` then pulls every other open file too, with the result ID it last got, as
// VS Code does for a server with inter-file dependencies. The legacy form `batchspec-lsp-bench EDITS [BINARY]` measures the 5,000-line project.
// `fixall` times what an editor does on save: each of `--edits` rounds quotes a pool reference
// (a finding with a safe fix), then asks for the `source.fixAll` code action, applies its edit
// with `didChange`, and waits for that version's diagnostics.

import BatchSpecCore
import BatchSpecLSP
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

var arguments = Array(CommandLine.arguments.dropFirst())
/// The `batchspec` executable built next to this one.
let defaultBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  .appendingPathComponent("batchspec").path
if arguments.first == "soak" { exit(Soak.run(arguments: Array(arguments.dropFirst()), binary: defaultBinary)) }
let memoryMode = arguments.first == "memory"
if memoryMode { arguments.removeFirst() }
let fixAllMode = arguments.first == "fixall"
if fixAllMode { arguments.removeFirst() }

/// What `--help` prints, and an unknown option after it.
let usage = """
  usage: batchspec-lsp-bench [--lines 5000|50000] [--edits N] [--pull|--pull-all] [--binary PATH]
                             [--only KIND] [--pause SECONDS]
         batchspec-lsp-bench memory [--lines N] [--edits 10000] [--pull|--pull-all] [--binary PATH]
         batchspec-lsp-bench fixall [--lines N] [--edits 100] [--binary PATH]
         batchspec-lsp-bench soak [--edits 10000] [--seed 1]
  Without --lines, both sizes are measured; see the top of main.swift for what each measures.
  """
if arguments.contains("-h") || arguments.contains("--help") {
  print(usage)
  exit(0)
}
do {
  let valued: Set = ["--lines", "--edits", "--binary", "--only", "--pause"]
  var index = 0
  while index < arguments.count {
    let argument = arguments[index]
    if valued.contains(argument) {
      let value = index + 1 < arguments.count ? arguments[index + 1] : nil
      let numeric = argument == "--lines" || argument == "--edits" || argument == "--pause"
      guard let value, !numeric || Double(value) != nil else {
        FileHandle.standardError.write(Data("error: `\(argument)` needs \(numeric ? "a number" : "a value")\n".utf8))
        exit(2)
      }
      index += 2
    } else if argument == "--pull" || argument == "--pull-all" || (index == 0 && Int(argument) != nil) {
      index += 1
    } else if index == 1, Int(arguments[0]) != nil {  // the legacy form's binary
      index += 1
    } else {
      FileHandle.standardError.write(Data("error: unknown argument `\(argument)`\n\(usage)\n".utf8))
      exit(2)
    }
  }
}

@MainActor func option(_ name: String) -> String? {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
  return arguments[index + 1]
}
var binary = option("--binary") ?? defaultBinary
var editsPerKind = option("--edits").flatMap { Int($0) } ?? (memoryMode ? 10_000 : 100)
var sizes = option("--lines").flatMap { Int($0) }.map { [$0] } ?? (memoryMode ? [50_000] : [5_000, 50_000])
/// `--pull-all` pulls as `--pull` does, then, as VS Code does for a server with inter-file
/// dependencies, every other open file with the result ID it last got (its time is not counted in
/// the edit's, but its work is in the server's CPU per edit).
let pullAll = arguments.contains("--pull-all")
let pull = arguments.contains("--pull") || pullAll
/// `--only TEXT` measures only the edit kinds whose name contains TEXT (for profiling one kind).
let only = option("--only")
/// `--pause SECONDS` waits that long between opening the files and the first edit, and again after
/// the last one: time for a profiler to reset its counters (`callgrind_control --zero`) and to
/// read them (`--dump`), so that they count edits alone.
let pauseAfterOpen = option("--pause").flatMap { Double($0) } ?? 0
if let first = arguments.first, let count = Int(first) {  // the legacy form: EDITS [BINARY]
  editsPerKind = max(1, count / 5)
  sizes = [5_000]
  if arguments.count > 1 { binary = arguments[1] }
}

func milliseconds(_ start: DispatchTime) -> Double {
  Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
}

func percentile(_ values: [Double], _ p: Double) -> Double {
  guard !values.isEmpty else { return .nan }
  let sorted = values.sorted()
  return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
}

func format(_ value: Double) -> String { String(format: "%.2f", value) }

/// One editor session over a generated project.
@MainActor final class Session {
  let server: Server
  let directory: String
  let lines: Int
  let pull: Bool
  var texts: [String: String] = [:]
  var versions: [String: Int] = [:]
  /// The result ID of each file's last pull (`--pull-all`).
  var resultIDs: [String: JSON] = [:]
  private var nextID = 10

  init(lines target: Int, pull: Bool) throws {
    // 5,000 lines: 12 pools and 9 jobs in each of 9 files; 50,000: ten times as many.
    let scale = max(1, target / 5_000)
    let (directory, lines) = try generateProject(pools: 12 * scale, jobs: 9 * scale, name: "bench\(target)")
    self.directory = directory
    self.lines = lines
    self.pull = pull
    server = try Server(binary: binary)
    var capabilities: [(String, JSON)] = []
    if pull {
      capabilities.append(("textDocument", .object([("diagnostic", .object([("dynamicRegistration", .bool(false))]))])))
    }
    request(
      "initialize",
      .object([("capabilities", .object(capabilities)), ("rootUri", .string("file://" + directory))]))
    notify("initialized", .object([]))
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  var paths: [String] { (0..<9).map { directory + "/part\($0).batch" } + [directory + "/main.batch"] }

  func notify(_ method: String, _ params: JSON) {
    server.send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
  }

  @discardableResult
  func request(_ method: String, _ params: JSON) -> JSON {
    nextID += 1
    let id = nextID
    server.send(
      .object([("jsonrpc", .string("2.0")), ("id", .integer(id)), ("method", .string(method)), ("params", params)]))
    return server.waitFor { $0["id"] == .integer(id) }
  }

  func isFresh(_ message: JSON, _ path: String, _ version: Int) -> Bool {
    message["method"] == .string("textDocument/publishDiagnostics")
      && message["params"]?["uri"] == .string("file://" + path) && message["params"]?["version"] == .integer(version)
  }

  /// Opens every file at once; returns the time until each has its diagnostics.
  func openAll() throws -> Double {
    let start = DispatchTime.now()
    for path in paths {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      texts[path] = text
      versions[path] = 1
      notify(
        "textDocument/didOpen",
        .object([
          (
            "textDocument",
            .object([
              ("uri", .string("file://" + path)), ("languageId", .string("batchspec")), ("version", .integer(1)),
              ("text", .string(text)),
            ])
          )
        ]))
    }
    if pull {
      for path in paths { _ = diagnostics(path) }
    } else {
      var waiting = Set(paths)
      while !waiting.isEmpty {
        let message = server.next()
        for path in waiting where isFresh(message, path, 1) { waiting.remove(path) }
      }
    }
    return milliseconds(start)
  }

  /// Pulls the diagnostics of `path`; with `--pull-all`, with the result ID of its last pull.
  func diagnostics(_ path: String) -> JSON {
    var params: [(String, JSON)] = [("textDocument", .object([("uri", .string("file://" + path))]))]
    if pullAll, let previous = resultIDs[path] { params.append(("previousResultId", previous)) }
    let response = request("textDocument/diagnostic", .object(params))
    if pullAll, let resultID = response["result"]?["resultId"] { resultIDs[path] = resultID }
    return response
  }

  /// Replaces `old` (its first occurrence at or after `anchor`) with `new` in `path`; returns the
  /// time until that version's diagnostics arrive.
  func edit(_ path: String, anchor: String, old: String, new: String) -> Double {
    guard let text = texts[path], let anchorRange = text.range(of: anchor),
      let range = text.range(of: old, range: anchorRange.lowerBound..<text.endIndex)
    else {
      print("benchmark bug: `\(old)` after `\(anchor)` not found in \(path)")
      exit(1)
    }
    let startPosition = position(text, range.lowerBound)
    let endPosition = position(text, range.upperBound)
    let version = (versions[path] ?? 1) + 1
    versions[path] = version
    texts[path] = text.replacingCharacters(in: range, with: new)
    let change = JSON.object([
      ("range", .object([("start", startPosition), ("end", endPosition)])), ("text", .string(new)),
    ])
    let start = DispatchTime.now()
    notify(
      "textDocument/didChange",
      .object([
        ("textDocument", .object([("uri", .string("file://" + path)), ("version", .integer(version))])),
        ("contentChanges", .array([change])),
      ]))
    if pull {
      _ = diagnostics(path)
    } else {
      _ = server.waitFor { isFresh($0, path, version) }
    }
    let time = milliseconds(start)
    if pullAll {
      for other in paths where other != path { _ = diagnostics(other) }
    }
    return time
  }

  /// Asks for the `source.fixAll` action of `path` and applies its one edit; returns the time to
  /// the action, and from its edit to that version's diagnostics.
  func fixAll(_ path: String) -> (action: Double, applied: Double) {
    let start = DispatchTime.now()
    let response = request(
      "textDocument/codeAction",
      .object([
        ("textDocument", .object([("uri", .string("file://" + path))])),
        ("range", .object([("start", Self.origin), ("end", Self.origin)])),
        ("context", .object([("diagnostics", .array([])), ("only", .array([.string("source.fixAll")]))])),
      ]))
    let action = milliseconds(start)
    guard let edit = response["result"]?.arrayValue?.first?["edit"]?["changes"]?["file://" + path]?.arrayValue?.first,
      let range = edit["range"], let newText = edit["newText"]?.stringValue, let text = texts[path],
      let lower = index(range["start"], in: text), let upper = index(range["end"], in: text)
    else {
      print("benchmark bug: no fix-all edit for \(path): \(response.serialized())")
      exit(1)
    }
    let version = (versions[path] ?? 1) + 1
    versions[path] = version
    texts[path] = text.replacingCharacters(in: lower..<upper, with: newText)
    let applyStart = DispatchTime.now()
    notify(
      "textDocument/didChange",
      .object([
        ("textDocument", .object([("uri", .string("file://" + path)), ("version", .integer(version))])),
        ("contentChanges", .array([.object([("range", range), ("text", .string(newText))])])),
      ]))
    _ = server.waitFor { isFresh($0, path, version) }
    return (action, milliseconds(applyStart))
  }

  /// Line 0, column 0.
  static let origin = JSON.object([("line", .integer(0)), ("character", .integer(0))])

  /// The index in `text` of the LSP position `position` (UTF-16 columns).
  func index(_ position: JSON?, in text: String) -> String.Index? {
    guard let line = position?["line"]?.intValue, let character = position?["character"]?.intValue else { return nil }
    var lineStart = text.startIndex
    for _ in 0..<line {
      guard let newline = text[lineStart...].firstIndex(of: "\n") else { return nil }
      lineStart = text.index(after: newline)
    }
    return text.utf16.index(lineStart, offsetBy: character, limitedBy: text.endIndex)
  }

  /// The LSP position (UTF-16 columns) of `index` in `text`.
  func position(_ text: String, _ index: String.Index) -> JSON {
    let before = text[..<index]
    let line = before.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
    let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    return .object([("line", .integer(line)), ("character", .integer(text[lineStart..<index].utf16.count))])
  }

  func shutDown() {
    request("shutdown", .null)
    notify("exit", .null)
    server.process.waitUntilExit()
  }
}

/// The kinds of edit, each a pair that breaks and mends: (name, path, anchor, old, new).
@MainActor func editKinds(_ session: Session) -> [(name: String, edits: [(String, String, String, String)])] {
  let part = session.directory + "/part4.batch"
  let pool = """

    pool pool-extra {
      vm_size         = "Standard_D4s_v3"
      image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent      = "batch.node.ubuntu 22.04"
      dedicated_nodes = 1
    }

    """
  return [
    (
      "inside a string",
      [(part, "pool pool-4-3 {", "\"pool 3\"", "\"pool 3x\""), (part, "pool pool-4-3 {", "\"pool 3x\"", "\"pool 3\"")]
    ),
    (
      "a reference",
      [(part, "job job-4-1 {", "pool-4-1\n", "pool-4-1x\n"), (part, "job job-4-1 {", "pool-4-1x\n", "pool-4-1\n")]
    ),
    (
      "an attribute name",
      [(part, "job job-4-2 {", "priority", "priorityx"), (part, "job job-4-2 {", "priorityx", "priority")]
    ),
    (
      "a node count (quota sum)",
      [
        (part, "pool pool-4-5 {", "dedicated_nodes     = 2", "dedicated_nodes     = 9"),
        (part, "pool pool-4-5 {", "dedicated_nodes     = 9", "dedicated_nodes     = 2"),
      ]
    ),
    (
      "adding and removing a pool",
      [
        (part, "pool pool-4-0 {", "pool pool-4-0 {", String(pool.dropFirst()) + "pool pool-4-0 {"),
        (part, "pool pool-extra {", pool.dropFirst() + "pool pool-4-0 {", "pool pool-4-0 {"),
      ]
    ),
  ]
}

@MainActor func measure(lines target: Int) throws {
  let session = try Session(lines: target, pull: pull)
  let settle = try session.openAll()
  if pauseAfterOpen > 0 {
    // On standard error, which is not buffered: a script waits for this line.
    FileHandle.standardError.write(Data("opened; pausing \(pauseAfterOpen) s\n".utf8))
    Thread.sleep(forTimeInterval: pauseAfterOpen)
  }
  print(
    "\n\(session.lines) lines in 10 files, \(pullAll ? "pull every open file" : pull ? "pull" : "push") diagnostics, \(editsPerKind) edits per kind"
  )
  print(
    "open all 10 files → settled: \(format(settle)) ms; resident memory \(format(session.server.residentMegabytes())) MB"
  )
  print("edit kind                     p50 ms   p95 ms   p99 ms   max ms   CPU ms/edit")
  var all: [Double] = []
  let cpuStart = session.server.cpuMilliseconds()
  for kind in editKinds(session) where only.map({ kind.name.contains($0) }) ?? true {
    var times: [Double] = []
    let cpuBefore = session.server.cpuMilliseconds()
    for index in 0..<editsPerKind {
      let (path, anchor, old, new) = kind.edits[index % kind.edits.count]
      times.append(session.edit(path, anchor: anchor, old: old, new: new))
    }
    let cpu = (session.server.cpuMilliseconds() - cpuBefore) / Double(editsPerKind)
    all += times
    print(
      kind.name.padding(toLength: 28, withPad: " ", startingAt: 0)
        + [percentile(times, 0.5), percentile(times, 0.95), percentile(times, 0.99), times.max() ?? 0, cpu].map {
          String(format: "%8.2f", $0)
        }.joined(separator: " "))
  }
  let cpu = (session.server.cpuMilliseconds() - cpuStart) / Double(all.count)
  print(
    "all kinds".padding(toLength: 28, withPad: " ", startingAt: 0)
      + [percentile(all, 0.5), percentile(all, 0.95), percentile(all, 0.99), all.max() ?? 0, cpu].map {
        String(format: "%8.2f", $0)
      }.joined(separator: " "))
  if pauseAfterOpen > 0 {
    FileHandle.standardError.write(Data("edited; pausing \(pauseAfterOpen) s\n".utf8))
    Thread.sleep(forTimeInterval: pauseAfterOpen)
  }
  print("resident memory after the edits: \(format(session.server.residentMegabytes())) MB")
  print("resident memory after \(format(idleSeconds)) s without input: \(format(idleMegabytes(session))) MB")
  print("(server CPU from /proc: clock ticks of 10 ms, so per-edit figures are averages over many edits)")
  session.shutDown()
}

/// How long the last figure waits: the server gives freed memory back after a second without input.
let idleSeconds = 1.5

/// The server's resident memory once it has had `idleSeconds` without input, as an editor's
/// server mostly has between bursts of typing.
@MainActor func idleMegabytes(_ session: Session) -> Double {
  Thread.sleep(forTimeInterval: idleSeconds)
  return session.server.residentMegabytes()
}

/// Memory over many edits: resident memory every tenth of the way.
@MainActor func measureMemory(lines target: Int) throws {
  let session = try Session(lines: target, pull: pull)
  _ = try session.openAll()
  let kinds = editKinds(session)
  var samples: [String] = [format(session.server.residentMegabytes())]
  for index in 0..<editsPerKind {
    let kind = kinds[index % kinds.count]
    let (path, anchor, old, new) = kind.edits[(index / kinds.count) % kind.edits.count]
    _ = session.edit(path, anchor: anchor, old: old, new: new)
    if (index + 1) % max(1, editsPerKind / 10) == 0 { samples.append(format(session.server.residentMegabytes())) }
  }
  print(
    "\(session.lines) lines, \(editsPerKind) edits (\(pullAll ? "pull every open file" : pull ? "pull" : "push")): resident MB every tenth: "
      + samples.joined(separator: ", ") + "; after \(format(idleSeconds)) s without input: "
      + format(idleMegabytes(session)))
  session.shutDown()
}

/// "Fix all" on save: quote a pool reference (a safe fix), ask for the action, apply its edit.
@MainActor func measureFixAll(lines target: Int) throws {
  let session = try Session(lines: target, pull: false)
  _ = try session.openAll()
  let path = session.directory + "/part4.batch"
  let original = session.texts[path]
  var actions: [Double] = []
  var applied: [Double] = []
  let cpuStart = session.server.cpuMilliseconds()
  for _ in 0..<editsPerKind {
    _ = session.edit(path, anchor: "job job-4-1 {", old: "pool-4-1\n", new: "\"pool-4-1\"\n")
    let (action, apply) = session.fixAll(path)
    guard session.texts[path] == original else {
      print("benchmark bug: the fixed text is not the text before the quotes")
      exit(1)
    }
    actions.append(action)
    applied.append(apply)
  }
  let cpu = (session.server.cpuMilliseconds() - cpuStart) / Double(editsPerKind)
  print("\n\(session.lines) lines in 10 files, \(editsPerKind) rounds of quoting a reference and fixing all")
  print("                              p50 ms   p95 ms   p99 ms   max ms")
  for (name, times) in [("fix-all code action", actions), ("its edit → diagnostics", applied)] {
    print(
      name.padding(toLength: 28, withPad: " ", startingAt: 0)
        + [percentile(times, 0.5), percentile(times, 0.95), percentile(times, 0.99), times.max() ?? 0].map {
          String(format: "%8.2f", $0)
        }.joined(separator: " "))
  }
  print("server CPU per round (the edit, the action and its edit): \(format(cpu)) ms")
  session.shutDown()
}

// A server that cannot be started (a wrong `--binary`) or a project that cannot be written is
// said in one line, not as an uncaught error's trap.
do {
  for size in sizes {
    if memoryMode {
      try measureMemory(lines: size)
    } else if fixAllMode {
      try measureFixAll(lines: size)
    } else {
      try measure(lines: size)
    }
  }
} catch {
  FileHandle.standardError.write(Data("batchspec-lsp-bench: \(error.localizedDescription) (binary: \(binary))\n".utf8))
  exit(1)
}
