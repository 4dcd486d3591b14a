// Resource files (task inputs) and output files: storage references become container URLs with a
// SAS placeholder, an identity reference, or `autoStorageContainerName`.

import BatchSpecCore

extension AzureTarget {
  static func resourceFile(_ input: PlanInput, pool: String, storage: StorageContext) -> JSON {
    var file = JSONObject()
    switch input.source {
    case "blob":
      let account = input.storageAccount ?? ""
      file["httpUrl"] = .string(storage.url(account, input.container ?? "", blob: input.blob ?? ""))
      file["filePath"] = .string(input.path)
      file["identityReference"] = storage.identityReference(account)
    case "container":
      let account = input.storageAccount ?? ""
      if storage.autoStorageOfPool[pool.lowercased()] == account.lowercased() {
        file["autoStorageContainerName"] = .string(input.container)
      } else {
        file["storageContainerUrl"] = .string(storage.url(account, input.container ?? ""))
        file["identityReference"] = storage.identityReference(account)
      }
      file[rest("input", "prefix")] = .string(input.prefix)
      if input.path != "." { file["filePath"] = .string(input.path) }
    default:
      file[rest("input", "url")] = .string(input.url)
      file["filePath"] = .string(input.path)
    }
    file[rest("input", "file_mode")] = .string(input.fileMode)
    return file.json
  }

  static func outputFile(_ output: PlanOutput, storage: StorageContext) -> JSON {
    var container = JSONObject()
    container["containerUrl"] = .string(storage.url(output.storageAccount, output.container))
    container[rest("output", "path")] = .string(output.path)
    container["identityReference"] = storage.identityReference(output.storageAccount)
    return .object([
      ("filePattern", .string(output.pattern)),
      ("destination", .object([("container", container.json)])),
      ("uploadOptions", .object([("uploadCondition", .string(restWord(output.uploadCondition)))])),
    ])
  }
}
