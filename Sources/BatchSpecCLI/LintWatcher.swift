// `lint --watch`: lint, then poll the specs' and configuration files' modification times twice a
// second and lint again when one changes. Output goes straight to the terminal, run after run.

import BatchSpecCore
import BatchSpecIDE
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Re-lints on change until interrupted.
enum LintWatcher {
  static func run(_ options: LintCommand.Options, console: inout Console) throws(UsageError) -> Int32 {
    var last: [String: Date] = [:]
    while true {
      let current = snapshot(options)
      if current != last {
        last = current
        var once = console
        once.stdout = once.stdoutIsTerminal ? "\u{1B}[2J\u{1B}[H" : ""
        once.stderr = ""
        do {
          _ = try LintCommand.lint(options, console: &once)
        } catch {
          once.stderr += "error: \(error.message)\n"
        }
        once.stdout += "[watching \(current.count) file\(current.count == 1 ? "" : "s"); Ctrl-C stops]\n"
        SystemIO.writeAll(once.stdout, to: 1)
        SystemIO.writeAll(once.stderr, to: 2)
      }
      usleep(500_000)
    }
  }

  /// Modification times of every spec under the paths and every configuration file that may apply.
  static func snapshot(_ options: LintCommand.Options) -> [String: Date] {
    let manager = FileManager.default
    var files: [String] = []
    var directories: [String] = []
    for path in options.paths {
      var isDirectory = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      let directory = isDirectory ? path : ProjectLoader.directoryOf(path)
      directories.append(directory)
      let found = isDirectory ? ((try? ProjectLoader.projectDirectories(under: path)) ?? []) : [directory]
      for project in found {
        directories.append(project)
        files += (try? ProjectLoader.batchFiles(in: project)) ?? []
      }
    }
    if let config = options.configPath { files.append(config) }
    let cwd = manager.currentDirectoryPath
    for directory in Set(directories) {
      let absolute = directory.hasPrefix("/") ? directory : cwd + "/" + directory
      files += ConfigurationLookup.candidates(forDirectory: URL(fileURLWithPath: absolute).standardizedFileURL.path)
    }
    var times: [String: Date] = [:]
    for file in files {
      if let date = (try? manager.attributesOfItem(atPath: file))?[.modificationDate] as? Date { times[file] = date }
    }
    return times
  }
}
