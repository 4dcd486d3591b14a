// BS4004: container names in `containers` lists and blob paths in outputs that Azure refuses.

/// Flags declared container names and output blob paths against Azure Storage's naming rules.
package struct InvalidStorageName: ValidationRule {
  package let code = DiagnosticCode(
    "BS4004", "invalid-storage-name", .error,
    "A declared container name, or an output's blob `path` or an input's `prefix`, that Azure Storage refuses.")

  package let documentation = """
    ## What it does
    Checks the names of a storage account's `containers` list and each output's `path` against Azure
    Storage's rules, and each input's `prefix` against the length of a blob name (the checker already
    checks containers and blobs named in references such as `data.scenes["a.blend"]`). A `path` may
    end in `/`: it is then a virtual directory; a `prefix` may end anywhere.

    ## Why is this bad?
    Creating the container fails, or the upload fails after the task has run, and its results are lost.

    ## Example
    ```
    storage data { containers = ["Scenes", "raw--data"] }
    output "out.png" { container = data.frames, path = "frames/out." }
    ```

    ## Use instead
    ```
    storage data { containers = ["scenes", "raw-data"] }
    output "out.png" { container = data.frames, path = "frames/out.png" }
    ```

    ## Azure limit
    Container names: 3 to 63 characters; lowercase letters, digits and hyphens; start with a letter
    or digit; no two hyphens in a row, no trailing hyphen. Blob names: 1 to 1,024 characters, at most
    254 path segments, not ending in `.` or `/`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for storage in context.storageAccounts {
      guard let attribute = storage.written(\.containers) else { continue }
      let bad = attribute.value.enumerated().compactMap { index, name in
        StorageNames.containerNameProblem(name).map { (index, name, $0) }
      }
      guard !bad.isEmpty else { continue }
      // Each name's finding is at the name; all of them at the list when it is not written as one.
      if let places = context.locations(ofElements: bad.map(\.0), inList: attribute.valueLocation) {
        for (place, (_, name, problem)) in zip(places, bad) {
          context.report(self, at: place, "invalid container name `\(name)` in `containers`: \(problem)")
        }
        continue
      }
      let problems = bad.map { "`\($0.1)`: \($0.2)" }
      context.report(
        self, at: attribute.valueLocation,
        "invalid container name\(problems.count == 1 ? "" : "s") in `containers`: \(problems.joined(separator: "; "))")
    }
    for command in context.commandBlocks {
      for child in command.block.children {
        let path = child.is(Schema.Output.self) ? child.written(Schema.Output.path) : nil
        let prefix = child.is(Schema.Input.self) ? child.written(Schema.Input.prefix) : nil
        guard let attribute = path ?? prefix else { continue }
        let text = attribute.value
        // A prefix need not be a whole name (`data.` matches `data.csv`): only its length counts,
        // and no more bytes than the limit means no more characters (most prefixes stop here).
        if prefix != nil && text.utf8.count <= 1024 { continue }
        guard let problem = StorageNames.blobPathProblem(text) else { continue }
        if prefix != nil && text.count <= 1024 { continue }
        let name = path != nil ? Schema.Output.path.name : Schema.Input.prefix.name
        context.report(self, at: attribute.valueLocation, "invalid blob path `\(text)` in `\(name)`: \(problem)")
      }
    }
  }

}
