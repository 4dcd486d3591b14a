// swift-tools-version: 6.0
// batchspec: a language, checker and tools for Azure Batch job definitions.
// No package dependencies: Foundation, Dispatch and the toolchain only.

import PackageDescription

let strictSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "batchspec",
  products: [
    .executable(name: "batchspec", targets: ["batchspec"]),
    .library(name: "BatchSpecCore", targets: ["BatchSpecCore"]),
  ],
  targets: [
    // Text, positions, diagnostics, syntax, schema and semantics. No IO. Its VM size catalogue
    // (Validation/VMSizeCatalogue.csv) becomes Swift source during the build, through the plugin below.
    .target(name: "BatchSpecCore", swiftSettings: strictSettings, plugins: ["VMSizeCatalogue"]),
    // Checks the VM size catalogue and writes it as Swift source; the VMSizeCatalogue plugin runs it.
    .executableTarget(name: "vm-size-catalogue", path: "Sources/VMSizeCatalogueTool", swiftSettings: strictSettings),
    .plugin(name: "VMSizeCatalogue", capability: .buildTool(), dependencies: ["vm-size-catalogue"]),
    // The editor-shaped query API: an analysis host taking changes, immutable analysis snapshots.
    // Estimates (hover on a pool, a hint on a job) compile the project with BatchSpecPlan.
    .target(name: "BatchSpecIDE", dependencies: ["BatchSpecCore", "BatchSpecPlan"], swiftSettings: strictSettings),
    // The language server: JSON-RPC framing and LSP handlers over BatchSpecIDE.
    .target(name: "BatchSpecLSP", dependencies: ["BatchSpecIDE", "BatchSpecCore"], swiftSettings: strictSettings),
    // The compiler from a checked project to an execution plan, and the plan model (JSON).
    .target(name: "BatchSpecPlan", dependencies: ["BatchSpecCore"], swiftSettings: strictSettings),
    // The local runner: executes a plan with Azure Batch's semantics. Sees only the plan (of
    // BatchSpecCore it uses the JSON string writer, nothing of syntax or the checker).
    .target(name: "BatchSpecRunner", dependencies: ["BatchSpecPlan", "BatchSpecCore"], swiftSettings: strictSettings),
    // The commit the binary was built from (C, so a build can define it: see .packaging/build-static).
    .target(name: "BatchSpecBuildInfo"),
    // The command-line driver: argument parsing, file loading, rendering.
    .target(
      name: "BatchSpecCLI",
      dependencies: [
        "BatchSpecCore", "BatchSpecIDE", "BatchSpecPlan", "BatchSpecRunner", "BatchSpecLSP", "BatchSpecBuildInfo",
      ],
      swiftSettings: strictSettings),
    // The `batchspec` executable: a thin `main` over BatchSpecCLI.
    .executableTarget(
      name: "batchspec", dependencies: ["BatchSpecCLI", "BatchSpecIDE"], swiftSettings: strictSettings),
    // Throughput benchmark; run with `swift run -c release batchspec-bench`.
    .executableTarget(
      name: "batchspec-bench", dependencies: ["BatchSpecCore"], path: "Sources/BatchSpecBench",
      swiftSettings: strictSettings),
    // Language server benchmark: drives the real binary; run `.build/release/batchspec-lsp-bench`.
    .executableTarget(
      name: "batchspec-lsp-bench", dependencies: ["BatchSpecCore", "BatchSpecLSP"], path: "Sources/BatchSpecLSPBench",
      swiftSettings: strictSettings),
    .testTarget(
      name: "BatchSpecCoreTests", dependencies: ["BatchSpecCore"],
      exclude: ["Fixtures", "Formatter", "AutoscaleCorpus"],
      swiftSettings: strictSettings),
    .testTarget(name: "VMSizeCatalogueTests", dependencies: ["vm-size-catalogue"], swiftSettings: strictSettings),
    // The analysis tested at its own boundary: fixtures with the cursor written inline, no protocol.
    .testTarget(
      name: "BatchSpecIDETests", dependencies: ["BatchSpecIDE", "BatchSpecCore"], swiftSettings: strictSettings),
    .testTarget(
      name: "BatchSpecLSPTests", dependencies: ["BatchSpecLSP", "BatchSpecIDE", "BatchSpecCore", "batchspec"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "BatchSpecCLITests", dependencies: ["BatchSpecCLI", "batchspec"], exclude: ["Golden"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "BatchSpecPlanTests", dependencies: ["BatchSpecPlan", "BatchSpecCore"], exclude: ["Golden"],
      swiftSettings: strictSettings),
    // The fuzz targets' checks (Tests/Fuzz/Checks), run on the stored corpus; `Tests/Fuzz/run`
    // builds the libFuzzer binaries from the same checks.
    .testTarget(
      name: "BatchSpecFuzzTests", dependencies: ["BatchSpecCore", "BatchSpecLSP"], path: "Tests/Fuzz",
      exclude: ["run", "Harness", "corpus", "batchspec.dict", "framing.dict", "autoscale.dict", "lsan.supp"],
      swiftSettings: strictSettings),
    .testTarget(
      name: "BatchSpecRunnerTests", dependencies: ["BatchSpecRunner", "BatchSpecPlan", "BatchSpecCore", "batchspec"],
      swiftSettings: strictSettings),
  ]
)
