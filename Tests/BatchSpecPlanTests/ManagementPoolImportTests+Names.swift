// The names of pools as Resource Manager writes them: `account/pool`, the expressions templates
// build them with, or none (Pool_Create's request body, whose URL holds the name).

import Testing

import BatchSpecPlan

extension ManagementPoolImportTests {
  /// A template of pool resources named `name`.
  static func template(names: [String]) -> String {
    let resources = names.map { name in
      """
      { "type": "Microsoft.Batch/batchAccounts/pools", "apiVersion": "2024-07-01", "name": "\(name)",
        "properties": { \(properties) } }
      """
    }
    return """
      { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0", "parameters": { "acct": { "type": "string" } },
        "resources": [ \(resources.joined(separator: ", ")) ] }
      """
  }

  /// A pool's ID is the last segment of its name, however the template builds it: `concat` as
  /// `az group export` and templates written before Bicep do, `format` as `compile` does.
  @Test func aPoolNamedByAnExpressionImportsUnderTheIDItEndsWith() {
    let names = [
      "acct/pool-a", "[concat(parameters('acct'), '/pool-b')]", "[concat(variables('acct'), '/', 'pool-c')]",
      "[format('{0}/{1}', parameters('acct'), 'pool-d')]", "[ concat( parameters('acct') , '/pool-e' ) ]",
    ]
    let result = AzureImporter.importFiles([("pools.json", Self.template(names: names))])
    #expect(result.errors.isEmpty, "\(result.errors)")
    let pools = result.files.first { $0.name == "pools.batch" }?.text ?? ""
    for id in ["pool-a", "pool-b", "pool-c", "pool-d", "pool-e"] {
      #expect(pools.contains("pool \(id) {"), "no pool \(id) in \(pools)")
    }
  }

  /// A name whose last segment is not a string in the template is refused, naming where it is.
  @Test(arguments: [
    "[concat(parameters('acct'), '/', parameters('pool'))]", "[format('{0}/{1}', parameters('acct'), variables('p'))]",
    "[parameters('pool')]", "[concat(parameters('acct'), 'pool')]",
  ])
  func aPoolNamedByAParameterIsRefused(_ name: String) {
    let result = AzureImporter.importFiles([("pools.json", Self.template(names: [name]))])
    #expect(result.errors.map(\.path) == ["$.resources[0].name"], "\(result.errors)")
  }

  /// Pool_Create's request body, or a pool's properties, named `account/pool` without a resource
  /// type imports as the resource does.
  @Test(arguments: [
    "{ \"name\": \"acct/render-pool\", \"properties\": { \(properties) } }",
    "{ \"name\": \"acct/render-pool\", \(properties) }",
  ])
  func aNamedManagementBodyImportsAsItsAddPoolBody(_ json: String) {
    let expected = AzureImporter.importFiles([("pool.json", Self.body)])
    let result = AzureImporter.importFiles([("pool.json", json)])
    #expect(result.errors.isEmpty, "\(result.errors)")
    #expect(result.files.map(\.text) == expected.files.map(\.text))
  }

  /// Pool_Create's request body holds no name (the request URL does): it is refused, saying so and
  /// how to give one.
  @Test(arguments: [
    "{ \"properties\": { \(properties) }, \"identity\": { \"type\": \"None\" } }", "{ \(properties) }",
  ])
  func anUnnamedManagementBodyIsRefusedSayingHowToNameIt(_ json: String) {
    let result = AzureImporter.importFiles([("pool.json", json)])
    #expect(result.files.isEmpty)
    #expect(result.errors.map(\.path) == ["$"], "\(result.errors)")
    let message = result.errors.first?.message ?? ""
    for part in [
      "without the pool's name", "request URL", "\"name\": \"ACCOUNT/POOL\"", "Microsoft.Batch/batchAccounts/pools",
    ] {
      #expect(message.contains(part), "no \(part) in \(message)")
    }
  }
}
