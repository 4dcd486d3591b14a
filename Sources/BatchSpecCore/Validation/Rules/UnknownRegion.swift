// BS5041: an account's or storage account's `location` that is not an Azure region.

/// Flags a `location` that names no Azure region batchspec knows, suggesting the nearest one.
package struct UnknownRegion: ValidationRule {
  package let code = DiagnosticCode(
    "BS5041", "unknown-region", .warning,
    "A Batch or storage account's `location` that is not an Azure region batchspec knows.")

  package let documentation = """
    ## What it does
    Looks up the `location` of each Batch account and storage account in batchspec's table of Azure
    regions (the public cloud's, Azure Government's and those of Azure operated by 21Vianet). A region
    is found by its programmatic name or by the name the portal shows, without regard to case and
    spaces, as Azure compares them: `westeurope`, `West Europe` and `WestEurope` are one region. A
    name the table lacks is reported with the nearest known region, and a fix that writes it.

    ## Why is this bad?
    Creating an account in a location that does not exist fails, and with it every pool and job of the
    account. A misspelt region is easy to miss by eye (`westeurpoe`), and `estimate` and the region
    rules read it as written.

    ## Example
    ```
    account renderfarm { location = "westeurpoe" }
    ```

    ## Use instead
    ```
    account renderfarm { location = "westeurope" }
    ```

    ## Azure limit
    An account's `location` must be a region where its resource provider is offered
    (`az account list-locations` lists the names). Azure keeps opening regions: one newer than
    batchspec's table is reported too, so this is a warning; silence it for that line with
    `// batchspec-ignore BS5041: <reason>`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for account in context.accounts { check(account.written(\.location), &context) }
    for storage in context.storageAccounts { check(storage.written(\.location), &context) }
  }

  private func check(_ attribute: Written<String>?, _ context: inout ValidationContext) {
    guard let attribute, AzureRegions.region(named: attribute.value) == nil else { return }
    let nearest = AzureRegions.nearest(to: attribute.value)
    let hint = nearest.map { "; did you mean `\($0.name)` (\($0.displayName))?" } ?? ""
    context.report(
      self, at: attribute.valueLocation, "`\(attribute.value)` is not an Azure region batchspec knows\(hint)",
      fixIts: nearest.map {
        [context.replace("replace with `\($0.name)`", attribute.valueLocation, with: "\"\($0.name)\"", safe: false)]
      } ?? [])
  }
}
