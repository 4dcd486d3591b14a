// Resource files (task inputs) and output files: storage references become container URLs with a
// SAS placeholder, an identity reference, or `autoStorageContainerName`.

import BatchSpecCore

extension AzureTarget {
  static func resourceFile(_ input: PlanInput, pool: String, storage: StorageContext) -> JSON {
    var file = JSONObject()
    switch input.source {
    case .blob:
      let account = input.storageAccount ?? ""
      file["httpUrl"] = .string(storage.url(account, input.container ?? "", blob: input.blob ?? ""))
      file["filePath"] = .string(input.path)
      file["identityReference"] = storage.identityReference(account)
    case .container:
      let account = input.storageAccount ?? ""
      if storage.autoStorageOfPool[pool.lowercased()] == account.lowercased() {
        file["autoStorageContainerName"] = .string(input.container)
      } else {
        file["storageContainerUrl"] = .string(storage.url(account, input.container ?? ""))
        file["identityReference"] = storage.identityReference(account)
      }
      file[Schema.Input.prefix.restName] = .string(input.prefix)
      if input.path != "." { file["filePath"] = .string(input.path) }
    case .url:
      file[Schema.Input.url.restName] = .string(input.url)
      file["filePath"] = .string(input.path)
    }
    file[Schema.Input.fileMode.restName] = .string(input.fileMode)
    return file.json
  }

  static func outputFile(_ output: PlanOutput, storage: StorageContext) -> JSON {
    var container = JSONObject()
    container["containerUrl"] = .string(storage.url(output.storageAccount, output.container))
    container[Schema.Output.path.restName] = .string(output.path)
    container["identityReference"] = storage.identityReference(output.storageAccount)
    return .object([
      ("filePattern", .string(output.pattern)),
      ("destination", .object([("container", container.json)])),
      ("uploadOptions", .object([("uploadCondition", .string(output.uploadCondition.restWord))])),
    ])
  }
}
