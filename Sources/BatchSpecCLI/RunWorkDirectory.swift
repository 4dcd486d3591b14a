// Which work directory `batchspec run` uses, and the record that keeps the runs of two projects
// of the same name apart: each work directory names, in its `project` file, the project (or plan
// file) whose runs it holds, so a run never resumes another project's journal.

import BatchSpecIDE

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The work directory of a run and the record of whose it is.
enum RunWorkDirectory {
  /// The file, in a work directory, that holds the absolute path of its project.
  static let recordName = "project"

  /// The work directory for `project` (an absolute path): `explicit` (`--workdir`) when given,
  /// else `.batchspec/runs/<name>`, or `.batchspec/runs/<name>-<hash of the path>` when that one
  /// holds the runs of another project of the same name. A work directory without a record (made
  /// by an older version) is taken as this project's. Throws when `explicit` holds another
  /// project's runs and `fresh` does not start over there.
  static func choose(explicit: String?, name: String, project: String, fresh: Bool) throws(UsageError) -> (
    path: String, note: String?
  ) {
    if let explicit {
      if !fresh, let owner = owner(of: explicit), owner != project {
        throw UsageError(
          "`--workdir \(explicit)` holds the runs of another project, \(owner): give another `--workdir`, "
            + "or `--fresh` to start over there")
      }
      return (explicit, nil)
    }
    let base = ".batchspec/runs/\(name.isEmpty ? "run" : name)"
    guard let owner = owner(of: base), owner != project else { return (base, nil) }
    let keyed = base + "-" + hash(project)
    return (keyed, "note: \(base) holds the runs of another project, \(owner); this project's runs are in \(keyed)\n")
  }

  /// The identity of the project at `path` (absolute): its real path, links resolved, so that
  /// two ways to one project name it alike; `path` itself when it cannot be resolved.
  static func identity(of path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Records `project` as the owner of `directory` (which exists).
  static func record(_ project: String, in directory: String) {
    guard owner(of: directory) != project else { return }
    _ = SystemIO.writeFile(project + "\n", atPath: directory + "/" + recordName)
  }

  /// The project whose runs `directory` holds; nil when it records none.
  private static func owner(of directory: String) -> String? {
    guard let bytes = SystemIO.readFile(atPath: directory + "/" + recordName) else { return nil }
    var text = String(decoding: bytes, as: UTF8.self)
    while text.hasSuffix("\n") { text.removeLast() }
    return text.isEmpty ? nil : text
  }

  /// Eight hexadecimal digits of the FNV-1a hash of `text`: stable across runs and machines.
  private static func hash(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let digits = String(hash & 0xffff_ffff, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }
}
