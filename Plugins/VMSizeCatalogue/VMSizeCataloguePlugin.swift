// The VMSizeCatalogue build-tool plugin: turns each `.csv` file of a target (BatchSpecCore's
// Validation/VMSizeCatalogue.csv) into Swift source in the build directory, by running the
// vm-size-catalogue tool. Nothing generated is committed; editing the CSV file rebuilds the catalogue.

import PackagePlugin

/// Generates `VMSizes.catalogue` from the VM size catalogue during the build.
@main
struct VMSizeCataloguePlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    let tool = try context.tool(named: "vm-size-catalogue")
    return target.sourceFiles(withSuffix: "csv").map { file in
      let name = file.url.deletingPathExtension().lastPathComponent
      let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
      return .buildCommand(
        displayName: "Generating \(name).swift from \(file.url.lastPathComponent)",
        executable: tool.url, arguments: [file.url.path, output.path],
        inputFiles: [file.url], outputFiles: [output])
    }
  }
}
