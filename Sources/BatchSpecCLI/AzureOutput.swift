// Writing the Azure payloads into a directory: each file atomically, submit.sh executable, and the
// payloads an earlier compile wrote there and this one did not (a job that is gone, a collection
// fewer) removed. What was written is listed in the directory's manifest (`.batchspec-payloads`),
// so only files a compile wrote are ever removed: a file of the user's own, or one written before
// the manifest existed, is left where it is, with a warning when it looks like a payload.

import BatchSpecPlan
import BatchSpecIDE
import FoundationEssentials

/// Writes `AzurePayloads` to disk.
enum AzureOutput {
  /// The manifest's name in the output directory: the payloads' paths, one per line.
  static let manifestName = ".batchspec-payloads"

  /// What writing the payloads did besides writing them.
  struct Outcome: Equatable {
    /// Payloads an earlier compile wrote that this one did not, now removed (relative paths).
    var removed: [String] = []
    /// Files that look like payloads but no compile is known to have written (relative paths):
    /// left alone.
    var unknown: [String] = []
  }

  static func write(_ payloads: AzurePayloads, to directory: String) throws(UsageError) -> Outcome {
    let manager = FileManager.default
    let root = URL(fileURLWithPath: directory)
    let manifest = root.appendingPathComponent(manifestName).path
    let earlier = SystemIO.readFile(atPath: manifest).map(Self.paths(inManifest:)) ?? []
    let written = Set(payloads.files.map(\.path))
    for file in payloads.files {
      let url = root.appendingPathComponent(file.path)
      do {
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      } catch {
        throw UsageError("cannot write \(url.path): \(SystemIO.describe(error))")
      }
      if let problem = SystemIO.writeFile(file.contents, atPath: url.path) {
        throw UsageError("cannot write \(url.path): \(problem)")
      }
      if file.path == "submit.sh" {
        do {
          try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        } catch {
          throw UsageError("cannot make \(url.path) executable: \(SystemIO.describe(error))")
        }
      }
    }
    var outcome = Outcome()
    for stale in earlier.sorted() where !written.contains(stale) && isPayloadPath(stale) {
      let url = root.appendingPathComponent(stale)
      guard manager.fileExists(atPath: url.path) else { continue }
      try? manager.removeItem(at: url)
      outcome.removed.append(stale)
      // Folders left empty go too (a job's collections, `schedules/`).
      var folder = url.deletingLastPathComponent()
      while folder.path != root.path, (try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
        try? manager.removeItem(at: folder)
        folder = folder.deletingLastPathComponent()
      }
    }
    let known = written.union(earlier)
    outcome.unknown = existingPayloads(in: root).filter { !known.contains($0) }.sorted()
    let listing = payloads.files.map(\.path).sorted().map { $0 + "\n" }.joined()
    if let problem = SystemIO.writeFile(listing, atPath: manifest) {
      throw UsageError("cannot write \(manifest): \(problem)")
    }
    return outcome
  }

  /// The paths a manifest lists; lines that could climb out of the directory are skipped.
  static func paths(inManifest bytes: [UInt8]) -> Set<String> {
    Set(
      bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        .filter { !$0.isEmpty && !$0.hasPrefix("/") && !$0.split(separator: "/").contains("..") })
  }

  /// Whether `path` is where a compile writes a payload: `submit.sh`, or `.json` in `pools/`,
  /// `accounts/`, `schedules/`, `jobs/` or a job's folder of collections.
  static func isPayloadPath(_ path: String) -> Bool {
    if path == "submit.sh" { return true }
    let parts = path.split(separator: "/")
    guard path.hasSuffix(".json"), let folder = parts.first else { return false }
    switch parts.count {
    case 2: return ["pools", "accounts", "schedules", "jobs"].contains(folder)
    case 3: return folder == "jobs"
    default: return false
    }
  }

  /// Files in `root` that look like payloads (`isPayloadPath`), relative to `root`.
  static func existingPayloads(in root: URL) -> [String] {
    let manager = FileManager.default
    func json(_ folder: String) -> [String] {
      ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? [])
        .filter { $0.hasSuffix(".json") }.map { "\(folder)/\($0)" }
    }
    var found = json("pools") + json("accounts") + json("schedules") + json("jobs")
    for entry in (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent("jobs").path)) ?? [] {
      found += json("jobs/\(entry)")
    }
    return found
  }
}
