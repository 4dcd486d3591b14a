// The soak: the real `batchspec lsp` takes 10,000 random edits (random positions, multi-byte
// characters, edits across lines, several changes per notification, now and then the whole text)
// to two open files of a project, with requests of every kind at random positions in between,
// some of them cancelled. It checks that every request is answered exactly once, that no change
// is refused, and, at checkpoints and at the end, that the diagnostics the server published for
// every file of the project equal what `batchspec check` reports on the same text. Seeded:
//
//     swift build -c release && .build/release/batchspec-lsp-bench soak [--edits 10000] [--seed 1]

import BatchSpecCore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum Soak {
  /// Every request the server answers, with the parameters the soak sends.
  static let requests = [
    "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references",
    "textDocument/documentHighlight", "textDocument/prepareRename", "textDocument/rename",
    "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/selectionRange",
    "textDocument/semanticTokens/full", "textDocument/inlayHint", "textDocument/codeAction",
    "textDocument/formatting", "textDocument/diagnostic", "workspace/symbol",
  ]

  /// What edits insert: tokens of the language, blanks and line breaks, multi-byte characters.
  static let pieces = [
    "pool", "job", "task", "p-1", "storage", " = ", "{", "}", "[", "]", "\"", "${i}", ",", ".", "..", "//", "/*", "*/",
    "1", "30m", "é", "中", "😀", " ", "  ", "\n", "\r\n", "\n\n", "command", "depends_on", "env(\"X\")", "_", "-",
  ]

  static func run(arguments: [String], binary: String) -> Int32 {
    var edits = 10_000
    var seed: UInt64 = 1
    var index = 0
    while index < arguments.count {
      let value = index + 1 < arguments.count ? arguments[index + 1] : ""
      switch arguments[index] {
      case "--edits" where Int(value).map({ $0 > 0 }) == true: edits = Int(value)!
      case "--seed" where UInt64(value) != nil: seed = UInt64(value)!
      default:
        print("usage: batchspec-lsp-bench soak [--edits 10000] [--seed 1]")
        return 2
      }
      index += 2
    }
    do {
      var soak = try Session(binary: binary, seed: seed)
      defer { soak.cleanUp() }
      return soak.run(edits: edits)
    } catch {
      print("error: \(error)")
      return 1
    }
  }

  /// One soak: the server, the project and what the client knows.
  struct Session {
    let binary: String
    let directory: String
    let server: Server
    var random: SeededGenerator
    /// The open documents: path, model, version.
    var documents: [(path: String, model: DocumentModel, version: Int)] = []
    var files: [String] = []
    var nextID = 100
    /// Requests sent and not answered yet, by ID: the method.
    var outstanding: [Int: String] = [:]
    var answered: Set<Int> = []
    var sentByMethod: [String: Int] = [:]
    /// The last diagnostics published for each path, and the version they were published with.
    var published: [String: (version: Int?, diagnostics: [JSON])] = [:]
    var failures: [String] = []
    var checkpoints = 0
    var matched = 0
    /// Findings compared at the checkpoints.
    var compared = 0

    init(binary: String, seed: UInt64) throws {
      self.binary = binary
      (directory, _) = try generateProject(parts: 3, pools: 3, jobs: 3, name: "soak")
      server = try Server(binary: binary)
      random = SeededGenerator(state: seed)
    }

    func cleanUp() {
      try? FileManager.default.removeItem(atPath: directory)
      try? FileManager.default.removeItem(atPath: directory + "-check")
    }

    mutating func run(edits: Int) -> Int32 {
      let start = DispatchTime.now()
      files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
        $0.hasSuffix(".batch")
      }.sorted()
      send(
        "initialize", id: 1,
        .object([
          ("capabilities", .object([])), ("rootUri", .string("file://" + directory)),
        ]))
      drain()
      notify("initialized", .object([]))
      for name in ["part0.batch", "part1.batch"] {
        let path = directory + "/" + name
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return fail("cannot read \(path)") }
        documents.append((path, DocumentModel(text), 1))
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
      let originals = documents.map(\.model)
      let memoryBefore = server.residentMegabytes()
      var sinceDrain = 0
      for edit in 1...edits {
        let which = Int.random(in: 0..<documents.count, using: &random)
        if edit % 997 == 0 {
          // Now and then the whole text, back to the original: a full-document change.
          documents[which].model = originals[which]
          change(which, [.object([("text", .string(originals[which].text))])])
        } else {
          change(which, (0..<Int.random(in: 1...3, using: &random)).map { _ in randomEdit(which) })
        }
        sinceDrain += 1
        for _ in 0..<Int.random(in: 0...2, using: &random) {
          let id = request(Soak.requests.randomElement(using: &random)!)
          sinceDrain += 1
          if Int.random(in: 0..<20, using: &random) == 0 {
            notify("$/cancelRequest", .object([("id", .integer(id))]))
          }
        }
        if sinceDrain >= 24 {
          drain()
          sinceDrain = 0
        }
        if edit % max(1, edits / 10) == 0 || edit == edits { checkpoint() }
        if failures.count > 20 { break }
      }
      let memoryAfter = server.residentMegabytes()
      send("shutdown", id: 2, .null)
      drain()
      notify("exit", .null)
      server.process.waitUntilExit()
      if server.process.terminationStatus != 0 { failures.append("exit status \(server.process.terminationStatus)") }

      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
      let total = sentByMethod.values.reduce(0, +)
      print(
        "soak: \(edits) edits to 2 of \(files.count) files, \(total) requests of \(sentByMethod.count) kinds, \(String(format: "%.1f", seconds)) s"
      )
      print("requests answered exactly once: \(answered.count) of \(total)")
      print("diagnostics equal to `batchspec check`: \(matched) of \(checkpoints) checkpoints (\(compared) findings)")
      print(String(format: "resident memory: %.1f MB after opening, %.1f MB at the end", memoryBefore, memoryAfter))
      for failure in failures.prefix(20) { print("FAIL \(failure)") }
      return failures.isEmpty ? 0 : 1
    }

    private func fail(_ message: String) -> Int32 {
      print("FAIL \(message)")
      return 1
    }

    // MARK: Edits

    /// One random change to document `which`, applied to its model.
    private mutating func randomEdit(_ which: Int) -> JSON {
      let lines = documents[which].model.lineStarts.count
      let startLine = Int.random(in: 0..<lines, using: &random)
      let startCharacter = Int.random(in: 0...50, using: &random)
      let endLine: Int
      let endCharacter: Int
      switch Int.random(in: 0..<4, using: &random) {
      case 0:  // an insertion
        (endLine, endCharacter) = (startLine, startCharacter)
      case 1:  // across lines (on the last line, to a later column: a range never ends before it starts)
        endLine = min(lines - 1, startLine + Int.random(in: 1...3, using: &random))
        endCharacter =
          endLine == startLine
          ? startCharacter + Int.random(in: 0...8, using: &random) : Int.random(in: 0...50, using: &random)
      default:  // within the line
        (endLine, endCharacter) = (startLine, startCharacter + Int.random(in: 0...8, using: &random))
      }
      let text = (0..<Int.random(in: 0...3, using: &random)).map { _ in Soak.pieces.randomElement(using: &random)! }
        .joined()
      documents[which].model.replace((startLine, startCharacter), (endLine, endCharacter), with: text)
      let range = JSON.object([
        ("start", .object([("line", .integer(startLine)), ("character", .integer(startCharacter))])),
        ("end", .object([("line", .integer(endLine)), ("character", .integer(endCharacter))])),
      ])
      return .object([("range", range), ("text", .string(text))])
    }

    private mutating func change(_ which: Int, _ changes: [JSON]) {
      documents[which].version += 1
      notify(
        "textDocument/didChange",
        .object([
          (
            "textDocument",
            .object([
              ("uri", .string("file://" + documents[which].path)), ("version", .integer(documents[which].version)),
            ])
          ),
          ("contentChanges", .array(changes)),
        ]))
    }

    // MARK: Requests

    /// Sends `method` with parameters at a random place of a random open document; returns its ID.
    private mutating func request(_ method: String) -> Int {
      let which = Int.random(in: 0..<documents.count, using: &random)
      let document = JSON.object([("uri", .string("file://" + documents[which].path))])
      let lines = documents[which].model.lineStarts.count
      // Sometimes a line past the end: the answer is then an error, still exactly one.
      let position = JSON.object([
        ("line", .integer(Int.random(in: 0..<(lines + 2), using: &random))),
        ("character", .integer(Int.random(in: 0...60, using: &random))),
      ])
      let range = JSON.object([("start", position), ("end", position)])
      var params: [(String, JSON)] = [("textDocument", document)]
      switch method {
      case "workspace/symbol":
        params = [("query", .string(["", "p", "job", "t-1", "é"].randomElement(using: &random)!))]
      case "textDocument/references":
        params += [("position", position), ("context", .object([("includeDeclaration", .bool(true))]))]
      case "textDocument/rename": params += [("position", position), ("newName", .string("renamed-\(nextID)"))]
      case "textDocument/selectionRange": params += [("positions", .array([position]))]
      case "textDocument/inlayHint": params += [("range", range)]
      case "textDocument/codeAction":
        // Now and then what editors ask for on save: every safe fix of the file.
        var context: [(String, JSON)] = [("diagnostics", .array([]))]
        if Int.random(in: 0..<4, using: &random) == 0 { context.append(("only", .array([.string("source.fixAll")]))) }
        params += [("range", range), ("context", .object(context))]
      case "textDocument/formatting":
        params += [("options", .object([("tabSize", .integer(2)), ("insertSpaces", .bool(true))]))]
      case "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full",
        "textDocument/diagnostic":
        break
      default: params += [("position", position)]
      }
      let id = nextID
      nextID += 1
      send(method, id: id, .object(params))
      return id
    }

    private mutating func send(_ method: String, id: Int, _ params: JSON) {
      outstanding[id] = method
      sentByMethod[method, default: 0] += 1
      server.send(
        .object([("jsonrpc", .string("2.0")), ("id", .integer(id)), ("method", .string(method)), ("params", params)]))
    }

    private func notify(_ method: String, _ params: JSON) {
      server.send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
    }

    // MARK: Answers

    /// Reads what the server sends until every request has its answer.
    private mutating func drain() {
      while !outstanding.isEmpty {
        guard let message = server.next(timeout: 60) else {
          failures.append(
            "no answer within 60 s to \(outstanding.count) requests: \(outstanding.values.sorted().prefix(3))")
          outstanding.removeAll()
          return
        }
        take(message)
      }
    }

    private mutating func take(_ message: JSON) {
      if let method = message["method"]?.stringValue {
        switch method {
        case "textDocument/publishDiagnostics":
          guard let uri = message["params"]?["uri"]?.stringValue else { return }
          published[String(uri.dropFirst("file://".count))] = (
            message["params"]?["version"]?.intValue, message["params"]?["diagnostics"]?.arrayValue ?? []
          )
        case "window/showMessage", "window/logMessage":
          failures.append("the server refused something: \(message["params"]?["message"]?.stringValue ?? "")")
        default: break
        }
        return
      }
      guard case .integer(let id)? = message["id"] else {
        return failures.append("an answer without a request ID: \(message.serialized().prefix(200))")
      }
      guard outstanding.removeValue(forKey: id) != nil else {
        return failures.append("request \(id) answered \(answered.contains(id) ? "twice" : "but never sent")")
      }
      answered.insert(id)
    }

    // MARK: Checkpoints

    /// Waits for the diagnostics of the current texts, then compares them with `batchspec check`
    /// run on a copy of the project holding the same texts.
    private mutating func checkpoint() {
      drain()
      checkpoints += 1
      let deadline = Date().addingTimeInterval(60)
      while documents.contains(where: { published[$0.path]?.version != $0.version }) {
        guard Date() < deadline, let message = server.next(timeout: 60) else {
          return failures.append("checkpoint \(checkpoints): no diagnostics for the current versions")
        }
        take(message)
      }
      // The rest of that publication (the project's other files) comes before this answer.
      _ = request("workspace/symbol")
      drain()
      let copy = directory + "-check"
      try? FileManager.default.removeItem(atPath: copy)
      do {
        try FileManager.default.copyItem(atPath: directory, toPath: copy)
        for document in documents {
          let name = (document.path as NSString).lastPathComponent
          try document.model.text.write(toFile: copy + "/" + name, atomically: true, encoding: .utf8)
        }
      } catch {
        return failures.append("checkpoint \(checkpoints): cannot write the copy: \(error)")
      }
      guard let expected = checkDiagnostics(copy) else {
        return failures.append("checkpoint \(checkpoints): `batchspec check` gave no JSON")
      }
      var served: [String] = []
      for name in files {
        for item in published[directory + "/" + name]?.diagnostics ?? [] {
          let message = item["message"]?.stringValue ?? ""
          let severity = ["", "error", "warning", "info", "hint"][min(4, max(0, item["severity"]?.intValue ?? 0))]
          served.append(Self.line(name, item["range"], severity, item["code"]?.stringValue, message))
        }
      }
      served.sort()
      compared += expected.count
      if served == expected {
        matched += 1
      } else {
        let missing = expected.filter { !served.contains($0) }.prefix(2)
        let extra = served.filter { !expected.contains($0) }.prefix(2)
        failures.append(
          "checkpoint \(checkpoints): the server's diagnostics differ from `check`'s: missing \(Array(missing)), extra \(Array(extra))"
        )
      }
    }

    /// `batchspec check --format json` on `directory`, one line per finding, sorted.
    private func checkDiagnostics(_ directory: String) -> [String]? {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = ["check", directory, "--format", "json"]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      guard (try? process.run()) != nil else { return nil }
      let data = output.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      guard let json = try? JSONParser.parse(Array(data)), let items = json["diagnostics"]?.arrayValue else {
        return nil
      }
      return items.map { item in
        let name = ((item["file"]?.stringValue ?? "") as NSString).lastPathComponent
        return Self.line(
          name, item["range"], item["severity"]?.stringValue ?? "", item["code"]?.stringValue,
          item["message"]?.stringValue ?? "")
      }.sorted()
    }

    /// A finding as one comparable line; a note the server folds into the message is left out.
    static func line(_ file: String, _ range: JSON?, _ severity: String, _ code: String?, _ message: String) -> String {
      let position = { (point: JSON?) in "\(point?["line"]?.intValue ?? -1):\(point?["character"]?.intValue ?? -1)" }
      let text = message.components(separatedBy: "\nnote: ").first ?? message
      return "\(file) \(position(range?["start"]))-\(position(range?["end"])) \(severity) \(code ?? "") \(text)"
    }
  }
}
