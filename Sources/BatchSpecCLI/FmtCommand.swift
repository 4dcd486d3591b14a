// `batchspec fmt`: rewrite specs in the canonical layout, or check or show what would change.

import BatchSpecCore
import FoundationEssentials

/// The `fmt` subcommand.
enum FmtCommand {
  static let spec = CommandSpec(
    name: "fmt", arguments: "[PATH...]",
    summary: "Format specs in the canonical layout.",
    usage: ["fmt [PATH...] [options]"],
    description: """
      Formats specs in the one canonical layout, rewriting each file that changes (atomically). A
      directory is searched recursively for .batch files; `-` reads standard input and prints the
      formatted text. A file with syntax errors is left untouched and its errors are printed; from
      standard input, it is printed as it was (so an editor's filter keeps its text).
      """,
    options: [
      .flag("check", help: "Write nothing; print each file that would change."),
      .flag("diff", help: "Write nothing; print a unified diff of each file that would change."),
      .stdinName("The path standard input stands for (`-`), shown in messages."),
      .color("Colour error output (default: auto)."),
    ],
    positionals: .paths(["batch"]),
    epilogue: """
      EXIT STATUS:
        0 done (or, with --check or --diff, nothing would change), 1 a file would change (with
        --check or --diff) or has syntax errors, 2 usage or I/O error.
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    let check = parsed.flags.contains("check")
    let diff = parsed.flags.contains("diff")
    let useColor = try console.useColor(parsed.value("color"))
    let positionals = parsed.positionals.isEmpty ? ["."] : parsed.positionals
    if parsed.value("stdin-name") != nil && !positionals.contains("-") {
      throw UsageError("`--stdin-name` names standard input: give `-` among the paths")
    }
    var status: Int32 = 0
    // A file named twice (`fmt . a.batch`, `./a.batch`, a link to it) is formatted and listed once.
    var seen: Set<String> = []
    for path in positionals {
      let isStdin = path == "-"
      // What cannot be read is said, and the rest formatted: the run exits 2.
      var unreadable = false
      let files =
        isStdin
        ? ["-"]
        : try FileRewriter.batchFiles([path]) { directory in
          console.stderr += "error: \(ProjectLoader.cannotRead(directory: directory, "its specs are not formatted"))\n"
          unreadable = true
        }
      if unreadable { status = 2 }
      if !isStdin && files.isEmpty && !unreadable { throw UsageError("no .batch files in \(path)") }
      for file in files {
        if !isStdin {
          let canonical = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
          guard seen.insert(canonical).inserted else { continue }
        }
        let name = isStdin ? parsed.value("stdin-name") ?? "<stdin>" : file
        let bytes: [UInt8]
        if isStdin {
          bytes = console.readStdin()
        } else {
          do throws(UsageError) {
            bytes = try FileRewriter.read(file)
          } catch {
            console.stderr += "error: \(error.message)\n"
            status = 2
            continue
          }
        }
        let source = SourceFile(id: FileID(0), path: name, bytes: bytes)
        let tree = Parser.parse(source)
        guard let formatted = Formatter.format(tree, source) else {
          let renderer = DiagnosticRenderer(useColor: useColor) { _ in source }
          for diagnostic in tree.diagnostics { console.stderr += renderer.render(diagnostic) }
          let reason =
            tree.diagnostics.contains { $0.code == .invalidUTF8 } ? "it is not valid UTF-8" : "it has syntax errors"
          console.stderr += "\(name): not formatted: \(reason)\n"
          status = max(status, 1)
          // Standard input comes back as it was: an editor's filter (`:%!batchspec fmt -`) replaces
          // its buffer with what is printed, and must not lose it to a typo. (Bytes that are not
          // UTF-8 cannot be printed as they were, and are not printed.)
          if isStdin && !check && !diff, String(validating: bytes, as: UTF8.self) != nil {
            console.stdout += String(decoding: bytes, as: UTF8.self)
          }
          continue
        }
        let changed = Array(formatted.utf8) != bytes
        if check || diff {
          guard changed else { continue }
          status = max(status, 1)
          if check && !diff { console.stdout += name + "\n" }
          if diff { console.stdout += LineDiff.unified(source.text(TextRange(0, bytes.count)), formatted, path: name) }
        } else if isStdin {
          console.stdout += formatted
        } else if changed {
          do throws(UsageError) {
            try FileRewriter.write(formatted, to: file)
          } catch {
            console.stderr += "error: \(error.message)\n"
            status = 2
          }
        }
      }
    }
    return status
  }
}
