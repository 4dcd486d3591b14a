// `batchspec import`: Azure Batch JSON back to a formatted `.batch` project.

import BatchSpecCore
import BatchSpecPlan
import BatchSpecIDE
import FoundationEssentials

/// The `import` subcommand.
enum ImportCommand {
  static let spec = CommandSpec(
    name: "import", arguments: "FILE...",
    summary: "Turn Azure Batch JSON into a .batch project.",
    usage: ["import FILE|DIR|-... [-o DIR] [--force] [--auto-storage ACCOUNT]"],
    description: """
      Reads Azure Batch JSON: add-pool, add-job, add-job-schedule, add-task and add-task-collection
      bodies (as `az batch ... --json-file` takes them; a JSON array of tasks too), the account
      templates `compile --target azure-batch` writes, and pools as Azure Resource Manager writes
      them (a template's or Bicep's `Microsoft.Batch/batchAccounts/pools` resource, what
      `az resource show` prints, or its `properties` or Pool_Create's body with a `"name"` beside
      them, as the name is in the request URL). A directory is searched for .json files, so
      the output of `compile --target azure-batch` imports as it is; `-` reads one body from
      standard input (`az batch pool show ... | batchspec import - -o DIR`). Tasks in jobs/<id>/ belong to
      job <id>; other task files to the only job imported. Legacy property names the service still
      takes (`targetDedicated`, `maxTasksPerNode`, `blobSource`, `runElevated`, a data disk's
      `storageAccountType`) are read as today's.

      Writes a formatted .batch project: resources.batch (accounts, storage, applications),
      pools.batch, <job>.batch for each job and schedules.batch, then checks it. Storage URLs become
      references (`account.container["blob"]`), `{{NAME}}` placeholders and literal SAS tokens or
      passwords become `env("NAME")`; a URL kept as it is written (outside the project's storage, or
      `http://`) keeps its path without its SAS token, never copied into a spec. What batchspec cannot express is reported on standard error
      with its JSON path, never dropped silently; a body that cannot be imported at all, or a
      retired feature (Cloud Services pools, certificates), is an error naming what replaces it.
      """,
    options: [
      .option(
        "o", "output", value: "DIR", completion: .directories,
        help: "Write the project into DIR (default: print it as one file)."),
      .flag("force", help: "Overwrite .batch files that exist in DIR."),
      .option(
        "auto-storage", value: "ACCOUNT",
        help: """
          The Batch account's linked storage, for bodies that name containers
          by `autoStorageContainerName` when no account template is imported.
          """),
    ],
    positionals: .paths(["json"]),
    epilogue: """
      EXIT STATUS:
        0 imported (warnings may have been printed), 1 a body was not imported or the imported
        project does not check clean, 2 usage or I/O error.
      """)

  static func run(_ arguments: [String], console: inout Console) throws(UsageError) -> Int32 {
    let parsed = try Arguments(arguments, spec)
    if parsed.wantsHelp {
      console.stdout += spec.help + "\n"
      return 0
    }
    guard !parsed.positionals.isEmpty else {
      throw UsageError("`import` takes JSON files or directories; run `batchspec import --help`")
    }
    var inputs: [(path: String, bytes: [UInt8])] = []
    for path in parsed.positionals {
      if path == "-" {
        // One body from standard input: `az batch pool show ... | batchspec import - -o DIR`.
        inputs.append(("<stdin>", console.readStdin()))
        continue
      }
      for file in try jsonFiles(path) {
        guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
        inputs.append((file, [UInt8](data)))
      }
    }
    let autoStorage = parsed.value("auto-storage")
    if let account = autoStorage,
      account.isEmpty || !account.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) })
    {
      throw UsageError("`--auto-storage` takes a storage account name (lowercase letters and digits), not `\(account)`")
    }
    let result = AzureImporter.importFiles(bytes: inputs, autoStorage: autoStorage)
    for warning in result.warnings { console.stderr += "warning: \(warning)\n" }
    for error in result.errors { console.stderr += "error: \(error)\n" }
    if result.files.isEmpty {
      // Bodies that could not be imported are the input's problem (1, as the errors say), not
      // the command line's; no body at all (a directory without JSON) is a usage error.
      guard result.errors.isEmpty else {
        console.stderr += "error: nothing was imported\n"
        return 1
      }
      throw UsageError("nothing to import")
    }
    let output = parsed.value("output") ?? parsed.value("o")
    if let directory = output {
      try FileRewriter.checkOutputPath(directory, option: "-o", what: "a directory")
      try write(result, to: directory, force: parsed.flags.contains("force"))
    } else {
      console.stdout += result.files.map(\.text).joined(separator: "\n")
    }
    // Check what was written, as `compile` would.
    let directory = output ?? "imported"
    let project = Project(
      files: result.files.enumerated().map { index, file in
        SourceFile(id: FileID(index), path: directory + "/" + file.name, bytes: Array(file.text.utf8))
      })
    // The findings `check` gives, by the one function that computes them.
    let diagnostics = Linter.lint(project).diagnostics
    if !diagnostics.isEmpty {
      let loaded = LoadedProject(project: project, reported: Set(project.files.map(\.id)))
      console.stderr += DiagnosticOutput.human([ReportGroup(loaded, diagnostics)], useColor: false)
    }
    return diagnostics.contains { $0.severity == .error } || !result.errors.isEmpty ? 1 : 0
  }

  /// `path` itself, or the .json files under the directory `path`, sorted, with the `submit.sh`
  /// that was written with them (it says which account each pool, job and schedule belongs to).
  static func jsonFiles(_ path: String) throws(UsageError) -> [String] {
    var isDirectory = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw UsageError("\(path) does not exist")
    }
    guard isDirectory else { return [path] }
    let entries = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
    return entries.filter { $0.hasSuffix(".json") || $0 == "submit.sh" }.sorted().map { path + "/" + $0 }
  }

  static func write(_ result: ImportResult, to directory: String, force: Bool) throws(UsageError) {
    let manager = FileManager.default
    for file in result.files where !force && manager.fileExists(atPath: directory + "/" + file.name) {
      throw UsageError("\(directory)/\(file.name) exists; give --force to overwrite it")
    }
    do {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw UsageError("cannot write into \(directory): \(SystemIO.describe(error))")
    }
    for file in result.files {
      if let problem = SystemIO.writeFile(file.text, atPath: directory + "/" + file.name) {
        throw UsageError("cannot write \(directory)/\(file.name): \(problem)")
      }
    }
  }
}
