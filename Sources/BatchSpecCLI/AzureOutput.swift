// Writing the Azure payloads into a directory: each file atomically, submit.sh executable, and
// payloads an earlier compile left behind (a job that is gone, a collection fewer) removed.

import BatchSpecPlan
import BatchSpecIDE
import FoundationEssentials

/// Writes `AzurePayloads` to disk.
enum AzureOutput {
  static func write(_ payloads: AzurePayloads, to directory: String) throws(UsageError) {
    let manager = FileManager.default
    let root = URL(fileURLWithPath: directory)
    let written = Set(payloads.files.map(\.path))
    for stale in existingPayloads(in: root) where !written.contains(stale) {
      try? manager.removeItem(at: root.appendingPathComponent(stale))
    }
    for file in payloads.files {
      let url = root.appendingPathComponent(file.path)
      do {
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.contents.utf8).write(to: url, options: .atomic)
        if file.path == "submit.sh" {
          try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
      } catch {
        throw UsageError("cannot write \(url.path): \(SystemIO.describe(error))")
      }
    }
  }

  /// Files in `root` that look like payloads of ours: `pools/*.json`, `accounts/*.json`,
  /// `jobs/*.json` and `jobs/*/tasks-*.json`, relative to `root`.
  static func existingPayloads(in root: URL) -> [String] {
    let manager = FileManager.default
    func json(_ folder: String) -> [String] {
      ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
        .filter { $0.hasSuffix(".json") }.map { "\(folder)/\($0)" }
    }
    var found = json("pools") + json("accounts") + json("jobs")
    for entry in (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent("jobs").path)) ?? [] {
      found += json("jobs/\(entry)").filter { $0.split(separator: "/").last?.hasPrefix("tasks-") == true }
    }
    return found
  }
}
