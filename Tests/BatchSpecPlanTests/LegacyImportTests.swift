// Names older versions of Batch's API used, in bodies of the data plane and of Resource Manager,
// import as their successors and compile to today's names.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecPlan

@Suite struct LegacyImportTests {
  /// A data disk as the data plane wrote it up to API 2024-07-01.20.0.
  static let dataPlanePool = """
    { "id": "p1", "vmSize": "standard_d2s_v3", "targetDedicatedNodes": 1,
      "virtualMachineConfiguration": {
        "imageReference": { "publisher": "canonical", "offer": "ubuntu-24_04-lts", "sku": "server" },
        "nodeAgentSKUId": "batch.node.ubuntu 24.04",
        "dataDisks": [ { "lun": 0, "diskSizeGB": 100, "caching": "readonly", "storageAccountType": "premium_lrs" } ] } }
    """

  /// The same pool as Resource Manager wrote it up to API 2024-07-01.
  static let managementPool = """
    { "name": "acct/p1", "type": "Microsoft.Batch/batchAccounts/pools", "apiVersion": "2024-07-01",
      "properties": { "vmSize": "standard_d2s_v3",
        "deploymentConfiguration": { "virtualMachineConfiguration": {
          "imageReference": { "publisher": "canonical", "offer": "ubuntu-24_04-lts", "sku": "server" },
          "nodeAgentSkuId": "batch.node.ubuntu 24.04",
          "dataDisks": [ { "lun": 0, "diskSizeGB": 100, "caching": "ReadOnly", "storageAccountType": "Premium_LRS" } ] } },
        "scaleSettings": { "fixedScale": { "targetDedicatedNodes": 1 } } } }
    """

  /// A data disk's `storageAccountType`, which API 2025-06-01 moved to `managedDisk`, is its
  /// `storage_type`, and compiles to `managedDisk.storageAccountType`.
  @Test(arguments: [dataPlanePool, managementPool])
  func aDataDisksStorageAccountTypeIsItsStorageType(_ json: String) throws {
    let (payloads, result, errors) = RoundTrip.reimport([("pool.json", json)])
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    #expect(result.errors.isEmpty, "\(result.errors)")
    #expect(!result.warnings.contains { $0.path.contains("dataDisks") }, "\(result.warnings)")
    let pools = try #require(result.files.first { $0.name == "pools.batch" }?.text)
    #expect(pools.contains("storage_type = premium_lrs"), "\(pools)")
    let compiled = try #require(payloads)
    let body = try #require(compiled.files.first { $0.path == "pools/p1.json" }?.contents)
    let pool = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    let configuration = pool["virtualMachineConfiguration"] as? [String: Any]
    let disk = (configuration?["dataDisks"] as? [[String: Any]])?.first
    #expect((disk?["managedDisk"] as? [String: Any])?["storageAccountType"] as? String == "premium_lrs")
    #expect(disk?["storageAccountType"] == nil)
  }

  /// Given in both places, today's name is read and the old one reported, not merged.
  @Test func aDataDiskWithBothNamesKeepsTodaysAndReportsTheOldOne() {
    let json = Self.dataPlanePool.replacingOccurrences(
      of: "\"storageAccountType\": \"premium_lrs\"",
      with: "\"storageAccountType\": \"premium_lrs\", \"managedDisk\": { \"storageAccountType\": \"standardssd_lrs\" }")
    let result = AzureImporter.importFiles([("pool.json", json)])
    #expect(result.files.first { $0.name == "pools.batch" }?.text.contains("storage_type = standardssd_lrs") == true)
    #expect(
      result.warnings.map(\.path) == ["$.virtualMachineConfiguration.dataDisks[0].storageAccountType"],
      "\(result.warnings)")
  }
}
