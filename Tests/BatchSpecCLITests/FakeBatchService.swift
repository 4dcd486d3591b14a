// What the submit.sh tests run against: Tests/Interop/fake_batch_service.py (a Batch service that
// checks Shared Key signatures, the api-version and each call's method, path and content type, and
// records the bodies), a fake `az` for what is not the Batch service (ARM deployments, SAS tokens,
// Entra ID tokens), and wrappers of curl and openssl that log their arguments.

import Foundation
import Testing

/// One run of the fake Batch service; `stop()` ends it.
struct FakeBatchService {
  /// One request the service received, as it recorded it.
  struct Request {
    var account: String
    var auth: String?
    var method: String
    /// The path without the query.
    var path: String
    var query: String
    var status: Int
    var error: String?
    var body: Data?
  }

  static let script = AzureCommandTests.repository.appendingPathComponent("Tests/Interop/fake_batch_service.py")

  let process = Process()
  let input = Pipe()
  let record: URL
  /// Each account's endpoint URL.
  let endpoints: [String: String]

  init(record: URL, arguments: [String]) throws {
    self.record = record
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Self.script.path, "--record", record.path] + arguments
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    endpoints = (try? JSONSerialization.jsonObject(with: line) as? [String: String]) ?? [:]
  }

  func stop() {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  /// What the service received, in order.
  func requests() throws -> [Request] {
    let log = record.appendingPathComponent("requests.jsonl")
    guard FileManager.default.fileExists(atPath: log.path) else { return [] }
    return try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { line in
      let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
      let target = (entry["path"] as? String ?? "").split(separator: "?", maxSplits: 1).map(String.init)
      let body = (entry["body"] as? String).flatMap { try? Data(contentsOf: record.appendingPathComponent($0)) }
      return Request(
        account: entry["account"] as? String ?? "", auth: entry["auth"] as? String,
        method: entry["method"] as? String ?? "",
        path: target.first ?? "", query: target.count > 1 ? target[1] : "", status: entry["status"] as? Int ?? 0,
        error: entry["error"] as? String, body: body)
    }
  }
}

/// A directory of commands put first on submit.sh's PATH: a fake `az`, and curl and openssl
/// wrappers that log their arguments (what a process list would show) before running the real ones.
enum FakeCommands {
  static let token = "eyJ0eXAiOiJKV1QifQ.fake-entra-token.c2lnbmF0dXJl"

  static func install(in bin: URL, log: URL) throws {
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    var scripts = [
      "az": """
      #!/usr/bin/env bash
      printf 'az %s\\n' "$*" >> "\(log.path)"
      case "$*" in
        "account get-access-token"*) echo "\(token)" ;;
        "storage account generate-sas"*) echo "sv=2025-01-01&sig=generated" ;;
        "deployment group create"*)
          # The parameters file a pool deployment reads (filled, private to submit.sh): kept.
          for arg in "$@"; do
            case "$arg" in @*) cat "${arg#@}" >> "\(log.path).parameters" ;; esac
          done ;;
      esac
      """
    ]
    for tool in ["curl", "openssl"] {
      let real = try #require(which(tool), "\(tool) is not installed")
      scripts[tool] = """
        #!/usr/bin/env bash
        printf '\(tool) %s\\n' "$*" >> "\(log.path)"
        exec \(real) "$@"
        """
    }
    for (name, text) in scripts {
      let url = bin.appendingPathComponent(name)
      try Data((text + "\n").utf8).write(to: url)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
  }

  /// `name`'s path on this process's PATH.
  static func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }
}

/// Runs `script` with bash and exactly `environment`.
func runScript(_ script: URL, environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bash")
  process.arguments = [script.path]
  process.environment = environment
  let output = Pipe()
  let error = Pipe()
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = output
  process.standardError = error
  try process.run()
  // submit.sh writes a few lines to standard error at most: reading it second cannot block.
  let out = output.fileHandleForReading.readDataToEndOfFile()
  let err = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}
