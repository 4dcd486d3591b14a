// BS5028: an application package version name that Azure refuses, or a default version that is
// not one of the application's versions.

/// Flags version names in `versions`, `default_version` and version references against Azure's
/// pattern, and a `default_version` missing from `versions`.
package struct InvalidApplicationVersion: ValidationRule {
  package let code = DiagnosticCode(
    "BS5028", "invalid-application-version", .error,
    "An application version name that Azure refuses, or a `default_version` not among the `versions`.")

  package let documentation = """
    ## What it does
    Checks every version name an application declares (`versions`, `default_version`) and every
    version a pool or task names (`applications = [blender["3.6"]]`) against Azure's rule: 1 to 64
    letters, digits, hyphens, underscores and periods, not starting with a period. A reference to an
    application that declares `versions` must name one of them, so only references to applications
    without `versions` are checked here. Flags a `default_version` that is not one of the `versions`:
    references without a version deploy it.

    ## Why is this bad?
    Azure refuses to create a package with such a version, so a pool or task that names it fails:
    a pool with 409 (`InvalidApplicationPackageReferences`), a task with a pre-processing error.

    ## Example
    ```
    application blender { versions = ["3.6 LTS", "4.1"], default_version = "4.2" }
    ```

    ## Use instead
    ```
    application blender { versions = ["3.6-LTS", "4.1"], default_version = "4.1" }
    ```

    ## Azure limit
    Batch management API (Microsoft.Batch, `ApplicationPackage`, `versionName`): pattern
    `^[a-zA-Z0-9_-][a-zA-Z0-9_.-]*$`, 1 to 64 characters. Batch REST API 2025-06-01,
    `BatchApplicationPackageReference.version`: "If this is omitted on a Pool, and no default version
    is specified for this application, the request fails with the error code
    InvalidApplicationPackageReferences and HTTP status code 409. If this is omitted on a Task, and no
    default version is specified for this application, the Task fails with a pre-processing error."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    var declaresVersions: Set<String> = []
    for application in context.applications {
      let name = application.label ?? ""
      let versions = application.written(\.versions)
      if let versions {
        declaresVersions.insert(name.lowercased())
        report(
          versions.value.enumerated().map { ($0, $1) }, at: versions.valueLocation,
          of: "application `\(name)` declares",
          &context)
      }
      guard let preferred = application.written(\.defaultVersion) else { continue }
      if let problem = Self.problem(preferred.value) {
        context.report(
          self, at: preferred.valueLocation,
          "application `\(name)` has `default_version = \"\(preferred.value)\"`, which \(problem); \(Self.rule)")
      } else if let versions, !versions.value.contains(preferred.value) {
        context.report(
          self, at: preferred.valueLocation,
          "`default_version = \"\(preferred.value)\"` is not one of application `\(name)`'s versions (\(versions.value.map { "`\($0)`" }.joined(separator: ", "))): references without a version would deploy a package that does not exist",
          notes: [Note("the versions are declared here", at: versions.location)])
      }
    }
    // The owner's name is made only for a block that names packages (few tasks do).
    func checkReferences(_ written: Written<[Reference]>?, _ owner: @autoclosure () -> String) {
      guard let written else { return }
      let versions = written.value.enumerated().compactMap { index, reference in
        reference.member == nil || declaresVersions.contains(reference.key) ? nil : reference.member.map { (index, $0) }
      }
      report(versions, at: written.valueLocation, of: "\(owner()) names", &context)
    }
    for pool in context.pools { checkReferences(pool.written(\.applications), "pool `\(pool.label ?? "")`") }
    for job in context.jobs {
      for task in job.instance.children where task.is(Schema.Task.self) {
        checkReferences(task.written(Schema.Task.applications), "task `\(task.label ?? "")`")
      }
    }
  }

  private static let rule =
    "Azure's version names are 1 to 64 letters, digits, hyphens, underscores and periods, not starting with a period"

  /// Reports the version names of `versions` (each with its place in the list written at
  /// `location`) that Azure refuses: each at its name, or all in one finding at the list when a
  /// name cannot be found in it.
  private func report(
    _ versions: [(index: Int, version: String)], at location: Location, of owner: String,
    _ context: inout ValidationContext
  ) {
    let bad = versions.compactMap { index, version in
      Self.problem(version).map { (index, version.isEmpty ? "an empty name" : "`\(version)` \($0)") }
    }
    guard !bad.isEmpty else { return }
    guard let places = context.locations(ofElements: bad.map(\.0), inList: location) else {
      let list = bad.map(\.1).joined(separator: ", ")
      context.report(
        self, at: location, "\(owner) \(bad.count == 1 ? "a version" : "versions") Azure refuses: \(list); \(Self.rule)"
      )
      return
    }
    for (place, problem) in zip(places, bad) {
      context.report(self, at: place, "\(owner) a version Azure refuses: \(problem.1); \(Self.rule)")
    }
  }

  /// Why Azure refuses `version` as a version name, or nil when it accepts it.
  private static func problem(_ version: String) -> String? {
    if version.isEmpty { return "is empty" }
    if version.count > 64 { return "has \(version.count) characters (at most 64)" }
    if version.hasPrefix(".") { return "starts with a period" }
    if let bad = version.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) && !"-_.".contains($0) }) {
      return "holds `\(bad)`"
    }
    return nil
  }
}
