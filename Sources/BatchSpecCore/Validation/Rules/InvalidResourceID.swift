// BS5002: account, storage, pool, job, task and application IDs that Azure refuses.

/// Flags resource IDs against Azure's length and character rules.
package struct InvalidResourceID: ValidationRule {
  package let code = DiagnosticCode(
    "BS5002", "invalid-resource-id", .error,
    "An account, storage, pool, job, task or application ID that Azure refuses.")

  package let documentation = """
    ## What it does
    Checks each ID against Azure's rules: Batch and storage account names have 3 to 24 lowercase
    letters and digits; pool, job, task and application IDs at most 64 letters, digits, hyphens and
    underscores. Task IDs are checked after sweeps expand. A sweep without `id` names its tasks
    `label-value` with each character of the value that an ID cannot hold written as `_`
    (`rate-0_1` for `lr = "0.1"`); a pattern written with `id` is used as written.

    ## Why is this bad?
    Azure refuses to create the resource; a task ID that only breaks the rule for the longest sweep
    values fails halfway through submitting the job.

    ## Example
    ```
    account RenderFarm { location = "westeurope" }
    task "frame 1" { command = "..." }
    ```

    ## Use instead
    ```
    account renderfarm { location = "westeurope" }
    task frame-1 { command = "..." }
    ```

    ## Azure limit
    Account names: 3-24 characters, lowercase letters and digits, unique in the region (storage
    account names: the same, globally unique). Pool, job and task IDs: at most 64 characters of
    letters, digits, hyphens and underscores (Batch REST API 2025-06-01: "any combination of
    alphanumeric characters including hyphens and underscores, and cannot contain more than 64
    characters"). Application IDs: the same, and no periods (Batch management API,
    `Application.name`: pattern `^[a-zA-Z0-9_-]+$`, 1 to 64 characters); version names may hold
    periods (`BS5028`).
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for account in context.accounts { checkAccountName(account.instance, "account", &context) }
    for storage in context.storageAccounts { checkAccountName(storage.instance, "storage account", &context) }
    for pool in context.pools { checkID(pool.instance, "pool", &context) }
    for application in context.applications { checkID(application.instance, "application", &context) }
    for job in context.jobs {
      checkID(job.instance, "job", &context)
      // The members of a sweep share the place their IDs are written: one finding there names the
      // first bad ID and counts the others (`report` keeps one finding of a code at a place).
      var sweepFindings: [(location: Location, message: String, hint: String, others: [String])] = []
      for task in job.instance.children where task.is(Schema.Task.self) {
        guard task.sweep != nil else {
          checkID(task, "task", &context)
          continue
        }
        guard let id = task.label, let message = Self.problem(with: id, kind: "task") else { continue }
        let pattern = task.written(Schema.Task.id)
        let location = pattern?.valueLocation ?? task.nameLocation
        if let index = sweepFindings.lastIndex(where: { $0.location == location }) {
          sweepFindings[index].others.append(id)
        } else {
          // A character the pattern gives: without it, the sweep's own IDs would have none.
          let hint =
            pattern != nil && !id.isEmpty && id.count <= 64
            ? "; or remove `id`: the sweep's own IDs write each such character as `_`" : ""
          sweepFindings.append((location, message, hint, []))
        }
      }
      for finding in sweepFindings {
        context.report(self, at: finding.location, finding.message + Self.others(finding.others) + finding.hint)
      }
    }
  }

  /// How many more of a sweep's IDs are refused, and the first few of them.
  private static func others(_ ids: [String]) -> String {
    guard !ids.isEmpty else { return "" }
    let shown = ids.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
    let more = ids.count > 3 ? ", ..." : ""
    return " (and \(ids.count) more of the sweep's IDs: \(shown)\(more))"
  }

  /// Whether `id` is 1 to 64 ASCII letters, digits, hyphens and underscores: the common case,
  /// decided on UTF-8 bytes before the messages' `Character` walk.
  private static func isPlainID(_ id: String) -> Bool {
    var count = 0
    for byte in id.utf8 {
      count += 1
      guard ResourceIDs.isIDByte(byte) else { return false }
    }
    return count >= 1 && count <= 64
  }

  /// What is wrong with `name` as the name of a Batch or storage account (`kind`): 3 to 24
  /// lowercase letters and digits; and the name to write instead, when there is one. Nil when it
  /// is fine. (The editor's rename asks it too.)
  package static func accountNameProblem(_ name: String, kind: String) -> (message: String, instead: String?)? {
    let valid = name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    guard !valid || name.count < 3 || name.count > 24 else { return nil }
    let lowered = String(name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    let instead = lowered != name && (3...24).contains(lowered.count) ? lowered : nil
    let problem = valid ? "has \(name.count) characters" : "may hold only lowercase letters and digits"
    return (
      "\(kind) name `\(name)` \(problem): names have 3 to 24 lowercase letters and digits"
        + (instead.map { "; write `\($0)`" } ?? ""),
      instead
    )
  }

  private func checkAccountName(_ block: BlockInstance, _ kind: String, _ context: inout ValidationContext) {
    guard let name = block.label, let problem = Self.accountNameProblem(name, kind: kind) else { return }
    context.report(
      self, at: block.nameLocation, problem.message,
      fixIts: problem.instead.map { [context.replace("use `\($0)`", block.nameLocation, with: $0, safe: false)] } ?? [])
  }

  private func checkID(_ block: BlockInstance, _ kind: String, _ context: inout ValidationContext) {
    guard let id = block.label, let message = Self.problem(with: id, kind: kind) else { return }
    context.report(self, at: block.nameLocation, message)
  }

  /// What is wrong with `id` as a pool, job, task or application ID (`kind`), or nil when nothing.
  private static func problem(with id: String, kind: String) -> String? {
    guard !isPlainID(id) else { return nil }
    if id.isEmpty { return "this \(kind) ID is empty: give it 1 to 64 characters" }
    if id.count > 64 { return "\(kind) ID `\(id)` has \(id.count) characters; Azure allows at most 64: shorten it" }
    guard let bad = id.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && $0 != "-" && $0 != "_" }) else {
      return nil
    }
    return "\(kind) ID `\(id)` holds `\(bad)`: \(kind) IDs may hold only ASCII letters, digits, hyphens and underscores"
  }
}
