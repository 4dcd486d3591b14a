// Resource files (task inputs) and output files: storage references become container URLs with a
// SAS placeholder, an identity reference, or `autoStorageContainerName`.

import BatchSpecCore

extension AzureTarget {
  static func resourceFile(_ input: PlanInput, pool: String, storage: StorageContext) -> JSON {
    var file = JSONObject()
    switch input.source {
    case .blob:
      let account = input.storageAccount ?? ""
      file["httpUrl"] = storage.url(account, input.container ?? "", blob: input.blob ?? "")
      file["filePath"] = .string(input.path)
      file["identityReference"] = storage.identityReference(account)
    case .container:
      let account = input.storageAccount ?? ""
      if storage.autoStorageOfPool[pool.lowercased()] == account.lowercased() {
        file["autoStorageContainerName"] = .string(input.container)
      } else {
        file["storageContainerUrl"] = storage.url(account, input.container ?? "")
        file["identityReference"] = storage.identityReference(account)
      }
      file[Schema.Input.prefix.restName] = .string(input.prefix)
      if input.path != "." { file["filePath"] = .string(input.path) }
    case .url:
      file[Schema.Input.url.restName] = .string(input.url)
      file["filePath"] = .string(input.path)
    case .containerURL:
      file[Schema.Input.containerURL.restName] = .string(input.url)
      file[Schema.Input.prefix.restName] = .string(input.prefix)
      if input.path != "." { file["filePath"] = .string(input.path) }
    }
    file[Schema.Input.fileMode.restName] = .string(input.fileMode)
    return file.json
  }

  /// An output file: the schema's mapped attributes (path, upload condition, headers), the
  /// pattern, and the container's URL or identity.
  static func outputFile(
    _ output: PlanOutput, block: Checked<Schema.Output>, variables: [String: Value], storage: StorageContext
  ) -> JSON {
    var file = JSONObject()
    file["filePattern"] = .string(output.pattern)
    file.set(
      ["destination", "container", "containerUrl"], storage.url(output.storageAccount, output.container))
    file.set(["destination", "container", "identityReference"], storage.identityReference(output.storageAccount))
    RestLowering.write(block.instance, variables: variables, into: &file)
    return file.json
  }

  /// `containerHostBatchBindMounts` of the `container` blocks of `block` (a task) and of its
  /// command children (preparation, release, manager or start task), where the schema's mapping
  /// put their `containerSettings`.
  static func containerMounts(of block: BlockInstance, into body: inout JSONObject) {
    func add(_ owner: BlockInstance, at path: [String]) {
      guard let container = owner.children(Schema.TaskContainer.self).first else { return }
      var entries: [JSON] = []
      for (paths, readOnly) in [(container[\.mounts], false), (container[\.readOnlyMounts], true)] {
        for source in paths ?? [] {
          entries.append(.object([("source", .string(source.restWord)), ("isReadOnly", .bool(readOnly))]))
        }
      }
      body.set(path + ["containerSettings", "containerHostBatchBindMounts"], .nonEmptyArray(entries))
    }
    add(block, at: [])
    for child in block.children where child.schema.kind != Schema.TaskContainer.schema.kind {
      guard let mapping = block.schema.childRest[child.kind], let place = RestLowering.Placement(mapping),
        !place.isArray
      else { continue }
      add(child, at: place.path)
    }
  }
}
