// The command table: help, `help COMMAND`, the version line and the completion scripts all come
// from it, and the bash script completes in a real bash.

import BatchSpecCLI
import Foundation
import Testing

@Suite struct CommandTableTests {
  @Test func helpCommandPrintsWhatDashDashHelpPrints() {
    for subcommand in BatchSpecCommand.subcommands {
      let name = subcommand.spec.name
      let viaHelp = runCLI(["help", name])
      let viaFlag = runCLI([name, "--help"])
      #expect(viaHelp.status == 0 && viaFlag.status == 0, "\(name)")
      #expect(viaHelp.stdout == viaFlag.stdout, "\(name)")
      #expect(viaHelp.stdout.hasPrefix("USAGE: batchspec \(name)"), "\(name)")
      #expect(runCLI([name, "-h"]).stdout == viaFlag.stdout, "\(name)")
    }
    #expect(runCLI(["help"]).stdout == runCLI(["--help"]).stdout)
    let unknown = runCLI(["help", "lnit"])
    #expect(unknown.status == 2 && unknown.stderr.contains("no command `lnit`; did you mean `lint`?"))
    #expect(runCLI(["help", "lint", "fmt"]).stderr.contains("`help` takes one command name"))
    // A plan written where it cannot be says why.
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("samples/hello-world").path
    let planless = runCLI(["compile", sample, "-o", "/nonexistent-batchspec/plan.json"])
    #expect(planless.status == 2)
    #expect(planless.stderr.contains("the directory /nonexistent-batchspec does not exist"), "\(planless.stderr)")
  }

  @Test func helpListsEveryCommandAndEveryOption() {
    let top = runCLI(["--help"]).stdout
    for subcommand in BatchSpecCommand.subcommands {
      #expect(top.contains("\n  \(subcommand.spec.name)"), "\(subcommand.spec.name)")
      let help = subcommand.spec.help
      for spelling in subcommand.spec.options.flatMap(\.spellings) {
        #expect(help.contains(spelling), "\(subcommand.spec.name) \(spelling)")
      }
    }
    #expect(top.contains("--version"))
  }

  @Test func optionsOutsideTheTableAreRefused() {
    let result = runCLI(["lint", "--formt", "json"])
    #expect(result.status == 2)
    #expect(result.stderr == "error: unknown option `--formt`; did you mean `--format`?\n")
    let command = runCLI(["lnit"])
    #expect(command.status == 2 && command.stderr.contains("did you mean `lint`?"))
    // One letter is no misspelling of another (`-q` was taken for `--h`).
    #expect(runCLI(["check", "-q"]).stderr == "error: unknown option `-q`\n")
    // `check` shows fixes but applies none: it names the command that does.
    let fix = runCLI(["check", "--fix", "."])
    #expect(fix.status == 2)
    #expect(fix.stderr.contains("`batchspec lint --fix` applies the safe fixes"))
    #expect(runCLI(["--version", "extra"]).stderr == "error: `--version` takes nothing after it; got `extra`\n")
    #expect(runCLI(["--help", "lint"]).stdout == runCLI(["help", "lint"]).stdout)
    // A file that is no spec is refused, not parsed (`compile README.md` gave 1,143 errors).
    let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("README.md").path
    for command in ["check", "compile", "fmt"] {
      let result = runCLI([command, readme])
      #expect(result.status == 2, "\(command)")
      #expect(result.stderr.hasPrefix("error: \(readme) is not a .batch file"), "\(command): \(result.stderr)")
    }
  }

  @Test func versionNamesTheCommit() {
    let result = runCLI(["--version"])
    #expect(result.status == 0)
    // A plain `swift build` defines no commit; `.packaging/build-static` does (checked in .ci/run).
    #expect(result.stdout == "batchspec \(BatchSpecCommand.version) (commit \(BatchSpecCommand.commit))\n")
    #expect(!BatchSpecCommand.commit.isEmpty)
  }

  @Test func completionScriptsNameEveryCommandAndOption() {
    for shell in ["bash", "zsh", "fish"] {
      let result = runCLI(["completions", shell])
      #expect(result.status == 0, "\(shell)")
      for subcommand in BatchSpecCommand.subcommands {
        #expect(result.stdout.contains(subcommand.spec.name), "\(shell) \(subcommand.spec.name)")
        for option in subcommand.spec.options {
          // fish names options without dashes (`-l format`, `-s o`).
          let spellings = shell == "fish" ? option.names.map { ($0.count == 1 ? "-s " : "-l ") + $0 } : option.spellings
          for spelling in spellings {
            #expect(result.stdout.contains(spelling), "\(shell) \(subcommand.spec.name) \(spelling)")
          }
        }
      }
    }
    let unknown = runCLI(["completions", "powershell"])
    #expect(unknown.status == 2 && unknown.stderr.contains("`bash`, `zsh`, `fish`"))
  }

  @Test func bashCompletesCommandsOptionsAndValues() throws {
    let script = runCLI(["completions", "bash"]).stdout
    let driver = """
      \(script)
      complete -p batchspec
      t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _batchspec; echo "${COMPREPLY[*]}"; }
      t batchspec li
      t batchspec lint --fo
      t batchspec lint --format s
      t batchspec help l
      t batchspec completions f
      t batchspec compile x -o
      """
    let output = try runBash(driver)
    #expect(
      output.split(separator: "\n", omittingEmptySubsequences: false).prefix(6) == [
        "complete -F _batchspec batchspec", "lint", "--format", "sarif", "lint lsp", "fish",
      ])
  }

  /// `run` and `estimate` take a project or a plan: both complete, and nothing else does.
  @Test func bashCompletesSpecsAndPlansWhereEitherIsTaken() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["a.batch", "plan.json", "notes.txt"] {
      try Data().write(to: directory.appendingPathComponent(name))
    }
    let driver = """
      \(runCLI(["completions", "bash"]).stdout)
      cd '\(directory.path)'
      t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _batchspec; echo "${COMPREPLY[*]}"; }
      t batchspec run ''
      t batchspec estimate ''
      t batchspec check ''
      """
    let lines = try runBash(driver).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.prefix(3) == ["sub a.batch plan.json", "sub a.batch plan.json", "sub a.batch"], "\(lines)")
  }

  private func runBash(_ script: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["--norc", "--noprofile", "-c", script]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
  }
}
