// Completion: attributes and child blocks by block kind, top-level blocks and `param`, enum words
// and booleans, references of the right kind, containers, VM sizes, snippets, and where nothing
// may be written.

import BatchSpecCore
import BatchSpecIDE
import Foundation
import Testing

@Suite struct CompletionTests {
  /// Blocks nested from the top level down to `path`'s last kind, with the cursor inside it.
  private func nested(_ path: [BlockSchema]) -> String {
    var open = ""
    var close = ""
    for (depth, schema) in path.enumerated() {
      let indent = String(repeating: "  ", count: depth)
      let label: String
      switch schema.label {
      case .none: label = ""
      case .resourceID: label = " x\(depth)"
      case .text: label = " \"x\(depth)\""
      }
      open += "\(indent)\(schema.kind)\(label) {\n"
      close = "\(indent)}\n" + close
    }
    return open + String(repeating: "  ", count: path.count) + "$0\n" + close
  }

  /// Every block kind with a path to it from the top level.
  private var everyKind: [[BlockSchema]] {
    var paths: [[BlockSchema]] = Schema.topLevelKinds.compactMap(Schema.block).map { [$0] }
    var index = 0
    while index < paths.count {
      let path = paths[index]
      for child in path.last?.children.compactMap(Schema.block) ?? []
      where !paths.contains(where: { $0.last === child }) {
        paths.append(path + [child])
      }
      index += 1
    }
    return paths
  }

  @Test func everyBlockKindOffersItsAttributesThenItsChildren() {
    #expect(everyKind.count == Schema.allBlocks.count)
    for path in everyKind {
      guard let schema = path.last else { continue }
      let (analysis, position) = fixture(nested(path))
      let entries = analysis.completions(at: position)
      // A job without `prepare` is offered no `release` (BS5006).
      let children = schema.children.filter { schema.kind != "job" || $0 != "release" }
      #expect(entries.map(\.label) == schema.attributes.map(\.name) + children, "inside `\(schema.kind)`")
      #expect(entries.prefix(schema.attributes.count).allSatisfy { $0.kind == .attribute && $0.isSnippet })
      #expect(entries.dropFirst(schema.attributes.count).allSatisfy { $0.kind == .block })
    }
  }

  @Test func anAttributeEntryCarriesTypeRequirednessAndDocumentation() {
    let (analysis, position) = fixture("pool p {\n  $0\n}")
    let entry = analysis.completion("vm_size", at: position)
    #expect(entry?.detail == "VM size string (required)")
    #expect(entry?.documentation?.contains("The VM size of every node") == true)
    #expect(entry?.insertText == "vm_size = $0")
    #expect(analysis.completion("dedicated_nodes", at: position)?.detail == "int, 0 or more")
  }

  @Test func entriesAreFoundByTheNameBatchsJSONGivesThem() {
    let (analysis, position) = fixture("pool p {\n  $0\n}")
    #expect(analysis.completion("dedicated_nodes", at: position)?.filterText == "dedicated_nodes targetDedicatedNodes")
    #expect(analysis.completion("node_agent", at: position)?.filterText == "node_agent nodeAgentSKUId")
    // The same name once its underscores are gone: nothing more to find it by.
    #expect(analysis.completion("start_task", at: position)?.filterText == nil)
    #expect(analysis.completion("vm_size", at: position)?.filterText == nil)
    #expect(analysis.completion("metadata", at: position)?.filterText == nil)
    let (task, inTask) = fixture("job j {\n  task t {\n    $0\n  }\n}")
    #expect(task.completion("retries", at: inTask)?.filterText == "retries maxTaskRetryCount")
    #expect(task.completion("input", at: inTask)?.filterText == "input resourceFiles")
    let (job, inJob) = fixture("job j {\n  $0\n}")
    #expect(job.completion("manager", at: inJob)?.filterText == "manager jobManagerTask")
    // A member written by code of its own is found by each of the names its mapping gives.
    let (input, inInput) = fixture("job j {\n  task t {\n    input \"a\" {\n      $0\n    }\n  }\n}")
    #expect(
      input.completion("container", at: inInput)?.filterText == "container autoStorageContainerName storageContainerUrl"
    )
  }

  @Test func attributesAlreadyWrittenAboveOrBelowAreNotOffered() {
    let (analysis, position) = fixture(
      """
      pool p {
        vm_size = "Standard_D4s_v3"
        $0
        node_agent = "batch.node.ubuntu 22.04"
        start_task { command = "x" }
      }
      """)
    let labels = analysis.completionLabels(at: position)
    #expect(!labels.contains("vm_size") && !labels.contains("node_agent"))
    // Attributes of a child block are not the pool's.
    #expect(labels.contains("image") && labels.contains("user"))
  }

  @Test func theTopLevelOffersTopLevelBlocksAndParam() {
    let (analysis, position) = fixture("pool p { }\n$0\n")
    #expect(analysis.completionLabels(at: position) == Schema.topLevelKinds + ["param"])
    let param = analysis.completion("param", at: position)
    #expect(param?.kind == .keyword && param?.isSnippet == true)
    #expect(param?.insertText == "param ${1:name}: ${2|int,string,bool,duration|} = ${3:0}$0")
  }

  @Test func anEmptyFileOffersTopLevelBlocks() {
    let (analysis, position) = fixture("$0")
    #expect(analysis.completionLabels(at: position).contains("job"))
  }

  @Test func blockSnippetsWriteTheLabelAndRequiredAttributes() {
    let (analysis, position) = fixture("$0")
    // The first of a required choice (`image`) is written too; placeholders hold valid examples.
    #expect(
      analysis.completion("pool", at: position)?.insertText
        == "pool ${1:mypool} {\n\tvm_size = ${2:\"Standard_D4s_v3\"}\n\timage = ${3:\"canonical/0001-com-ubuntu-server-jammy/22_04-lts\"}\n\tnode_agent = ${4:\"batch.node.ubuntu 22.04\"}\n\t$0\n}"
    )
    #expect(analysis.completion("storage", at: position)?.insertText == "storage ${1:mystorage} {\n\t$0\n}")
    let (inTask, taskPosition) = fixture("job j {\n  task t {\n    $0\n  }\n}")
    // A free-text label is quoted; a block without a label has none.
    #expect(
      inTask.completion("output", at: taskPosition)?.insertText
        == "output \"${1:out/*.png}\" {\n\tcontainer = ${2:mystorage.data}\n\t$0\n}")
    #expect(
      inTask.completion("multi_instance", at: taskPosition)?.insertText
        == "multi_instance {\n\tinstances = ${1:1}\n\t$0\n}"
    )
    // A task's container takes a container image, not the pool's marketplace image.
    #expect(
      inTask.completion("container", at: taskPosition)?.insertText
        == "container {\n\timage = ${1:\"myregistry.azurecr.io/render:2.1\"}\n\t$0\n}")
  }

  @Test func atTheStartOfAnEmptyBlockOnItsOwnLine() {
    let (analysis, position) = fixture("job j {$0}")
    #expect(analysis.completionLabels(at: position).first == "pool")
    let (spaced, spacedPosition) = fixture("job j { $0 }")
    #expect(spaced.completionLabels(at: spacedPosition).first == "pool")
  }

  @Test func afterACommaOfAOneLineBlock() {
    let (analysis, position) = fixture("pool p { vm_size = \"x\", $0 }")
    let labels = analysis.completionLabels(at: position)
    #expect(labels.contains("image") && !labels.contains("vm_size"))
  }

  @Test func insideATaskThatSweepsOverAList() {
    let (analysis, position) = fixture(
      """
      job j {
        task t for s in ["a", "b"] {
          $0
        }
      }
      """)
    let labels = analysis.completionLabels(at: position)
    #expect(labels.contains("command") && labels.contains("input"))
  }

  @Test func insideATaskThatSweepsOverAListWrittenOnSeveralLines() {
    let (analysis, position) = fixture(
      """
      job j {
        task t for s in [
          "a",
          "b",
        ] {
          $0
        }
      }
      """)
    #expect(analysis.completionLabels(at: position).contains("command"))
  }

  @Test func insideATaskThatSweepsOverARange() {
    let (analysis, position) = fixture("param n: int = 3\njob j {\n  task t for i in 1..n {\n    com$0\n  }\n}")
    #expect(analysis.completionLabels(at: position).contains("command"))
  }

  @Test func windowsLineEndingsEndStatements() {
    let (analysis, position) = fixture("pool p {\r\n  vm_size = \"x\"\r\n  $0\r\n}\r\n")
    let labels = analysis.completionLabels(at: position)
    #expect(labels.contains("image") && !labels.contains("vm_size"))
  }

  @Test func theWordBeingTypedIsReplaced() {
    let fixture = Fixture("pool p {\n  ima$0\n}")
    let entry = fixture.analysis.completion("image", at: fixture.position())
    #expect(fixture.analysis.text(entry?.replacing ?? .empty(at: 0), in: Fixture.defaultPath) == "ima")
    // Hyphens and digits are part of a word: IDs have them.
    let reference = Fixture("pool gpu-1 { }\njob j { pool = gpu-$0 }")
    let offered = reference.analysis.completion("gpu-1", at: reference.position())
    #expect(reference.analysis.text(offered?.replacing ?? .empty(at: 0), in: Fixture.defaultPath) == "gpu-")
  }

  @Test func everyEnumAttributeOffersItsWords() {
    for path in everyKind {
      guard let schema = path.last else { continue }
      for attribute in schema.attributes {
        guard case .enumeration(let words) = attribute.type else { continue }
        let text = nested(path).replacingOccurrences(of: "$0", with: "\(attribute.name) = $0")
        let (analysis, position) = fixture(text)
        let entries = analysis.completions(at: position)
        #expect(entries.map(\.label) == words, "`\(schema.kind).\(attribute.name)`")
        #expect(entries.allSatisfy { $0.kind == .enumWord })
      }
    }
  }

  @Test func listsOfWordsOfferTheWordsInsideTheList() {
    let (analysis, position) = fixture("account a {\n  auth_modes = [$0]\n}")
    #expect(analysis.completionLabels(at: position) == ["shared_key", "entra_id", "task_authentication_token"])
  }

  @Test func aListIsNotOfferedWhatItHolds() {
    let (words, wordPosition) = fixture("pool p {\n  ip_families = [ipv4, $0]\n}")
    #expect(words.completionLabels(at: wordPosition) == ["ipv6"])
    let (tasks, taskPosition) = fixture("job j {\n  task a { }\n  task b { }\n  task c { depends_on = [$0, a] }\n}")
    #expect(tasks.completionLabels(at: taskPosition) == ["b"])
  }

  @Test func booleansOfferTrueAndFalse() {
    let (analysis, position) = fixture("pool p {\n  inter_node_communication = $0\n}")
    #expect(analysis.completionLabels(at: position) == ["true", "false"])
  }

  @Test func referencesOfferDeclarationsOfTheRightKindAcrossFiles() {
    let (analysis, position) = fixture(
      """
      //- /p/pools.batch
      pool cpu { }
      pool gpu { }
      storage data { }
      //- /p/jobs.batch
      job other { pool = cpu }
      job j {
        pool = $0
      }
      """)
    let entries = analysis.completions(at: position)
    #expect(entries.map(\.label) == ["cpu", "gpu"])
    #expect(entries.allSatisfy { $0.kind == .reference && $0.detail == "pool" })
  }

  @Test func referencesAreOfferedOnceWhateverTheirCase() {
    let (analysis, position) = fixture("pool gpu { }\npool GPU { }\njob j { pool = $0 }")
    #expect(analysis.completionLabels(at: position) == ["gpu"])
  }

  @Test func tasksAreOfferedFromTheirOwnJobOnly() {
    let (analysis, position) = fixture(
      """
      job a {
        task fetch { command = "x" }
      }
      job b {
        task render for i in 1..3 { command = "x" }
        task encode {
          command = "y"
          depends_on = [$0]
        }
      }
      """)
    #expect(analysis.completionLabels(at: position) == ["render"])
  }

  @Test func aTaskOfTheSameNameInAnotherJobDoesNotHideThisJobs() {
    let (analysis, position) = fixture(
      """
      job x {
        task prep { command = "x" }
      }
      job y {
        task prep { command = "y" }
        task run {
          command = "y"
          depends_on = [$0]
        }
      }
      """)
    #expect(analysis.completionLabels(at: position) == ["prep"])
  }

  @Test func aTaskIsNotOfferedAsItsOwnDependency() {
    let (analysis, position) = fixture(
      """
      job j {
        task a { command = "x" }
        task frame for i in 1..3 {
          command = "y"
          depends_on = [$0]
        }
      }
      """)
    #expect(analysis.completionLabels(at: position) == ["a"])
  }

  @Test func tasksOfAJobWithAQuotedLabel() {
    let (analysis, position) = fixture(
      """
      job "render" {
        task a { command = "x" }
        task b {
          command = "y"
          depends_on = [$0]
        }
      }
      """)
    #expect(analysis.completionLabels(at: position) == ["a"])
  }

  @Test func aChildBlockThatMayAppearOnceIsNotOfferedTwice() {
    let (analysis, position) = fixture(
      """
      pool p {
        start_task { command = "x" }
        user "a" { password = env("A") }
        $0
        autoscale { formula = "x" }
      }
      """)
    let labels = analysis.completionLabels(at: position)
    #expect(!labels.contains("start_task") && !labels.contains("autoscale"))
    #expect(labels.contains("user") && labels.contains("remote_access"))
  }

  @Test func dependsOnInsideASweepOverAList() {
    let (analysis, position) = fixture(
      """
      job j {
        task a { command = "x" }
        task t for s in ["x", "y"] {
          depends_on = [$0]
        }
      }
      """)
    #expect(analysis.completionLabels(at: position) == ["a"])
  }

  @Test func storageValuesOfferStorageAccountsAndAfterADotTheirContainers() {
    let project = """
      storage data { containers = ["scenes", "frames"] }
      storage logs { }
      job j {
        task t {
          command = "x"
          output "b" { container = CURSOR }
        }
      }
      """
    let (accounts, accountPosition) = fixture(project.replacingOccurrences(of: "CURSOR", with: "$0"))
    #expect(accounts.completionLabels(at: accountPosition) == ["data", "logs"])
    let containers = Fixture(project.replacingOccurrences(of: "CURSOR", with: "data.fr$0"))
    let entries = containers.analysis.completions(at: containers.position())
    #expect(entries.map(\.label) == ["scenes", "frames"])
    #expect(entries.first?.detail == "container of data")
    #expect(containers.analysis.text(entries.first?.replacing ?? .empty(at: 0), in: Fixture.defaultPath) == "fr")
  }

  @Test func anUnknownStorageAccountHasNoContainers() {
    let (analysis, position) = fixture("job j {\n  task t {\n    input \"a\" { container = nowhere.$0 }\n  }\n}")
    #expect(analysis.completions(at: position).isEmpty)
  }

  @Test func vmSizesAreQuotedUnlessTheQuoteIsWritten() {
    let (analysis, position) = fixture("pool p {\n  vm_size = $0\n}")
    let entries = analysis.completions(at: position)
    #expect(entries.first?.insertText == "\"Standard_D4s_v3\"")
    #expect(entries.first?.documentation?.hasPrefix("`Standard_D4s_v3`: 4 vCPUs, 16 GiB") == true)
    #expect(entries.first?.detail == "4 vCPUs, 16 GiB")
    let typing = Fixture("pool p {\n  vm_size = \"Stan$0\"\n}")
    let quoted = typing.analysis.completion("Standard_A1_v2", at: typing.position())
    #expect(quoted?.insertText == "Standard_A1_v2")
    #expect(typing.analysis.text(quoted?.replacing ?? .empty(at: 0), in: Fixture.defaultPath) == "Stan")
  }

  @Test func vmSizesOfferedAreAvailableOnesThenRetiringOnes() {
    let (analysis, position) = fixture("pool p {\n  vm_size = $0\n}")
    let entries = analysis.completions(at: position)
    // Retired sizes and sizes Batch refuses get no nodes: not offered.
    #expect(entries.map(\.label) == ["Standard_D4s_v3", "Standard_A1_v2"])
    #expect(entries.last?.detail == "1 vCPU, 2 GiB, retires 2028-11-15")
  }

  @Test func noVMSizesWithoutATable() {
    let (analysis, position) = fixture("pool p {\n  vm_size = $0\n}", vmSizes: .empty)
    #expect(analysis.completions(at: position).isEmpty)
  }

  @Test func nothingIsOfferedWhereNothingMayBeWritten() {
    let cases = [
      "pool p {\n  image $0\n}",  // after an attribute name without `=`
      "pool p {\n  display_name = \"a $0\"\n}",  // inside a string
      "pool p {\n  \"a$0\"\n}",  // inside a string where a statement would start
      "pool p {\n  \"a$0\n}",  // inside an unterminated one
      "pool p {\n  dedicated_nodes = $0\n}",  // an int
      "bogus b {\n  $0\n}",  // an unknown block kind
      "pool = $0",  // an attribute at the top level
      "param n: int = $0",  // a param's default
      "job j {\n  environment = { A = $0 }\n}",  // a map's value
      "param s: string = \"x\"\njob j {\n  display_name = \"$0\n}",  // a param inside a string is text
      "param s: string = \"x\"\njob j {\n  display_name = \"a$0\"\n}",
    ]
    for text in cases {
      let (analysis, position) = fixture(text)
      #expect(analysis.completionLabels(at: position).isEmpty, "\(text)")
    }
  }

  @Test func nothingIsOfferedInAComment() {
    let cases = [
      "pool p {\n  // vm$0\n}",
      "pool p {\n  /* a $0 */\n}",
      "// $0\npool p { }",
      "storage data { containers = [\"a\"] }\n// data.$0",
    ]
    for text in cases {
      let (analysis, position) = fixture(text)
      #expect(analysis.completionLabels(at: position).isEmpty, "\(text)")
    }
    // Right after a block comment, a statement may start.
    let (after, position) = fixture("pool p {\n  /* a */ $0\n}")
    #expect(after.completionLabels(at: position).contains("vm_size"))
  }

  @Test func nothingIsOfferedAfterACompleteValue() {
    let cases = [
      "job j {\n  task a { command = \"x\" }\n  task b {\n    depends_on = [a] $0\n  }\n}",
      "pool p { }\njob j {\n  pool = p $0\n}",
    ]
    for text in cases {
      let (analysis, position) = fixture(text)
      #expect(analysis.completionLabels(at: position).isEmpty, "\(text)")
    }
  }

  @Test func aListLeftOpenEndsAtTheNextAttribute() {
    let (analysis, position) = fixture(
      """
      storage data { containers = ["scenes", "frames"] }
      job j {
        task a { command = "x" }
        task b {
          depends_on = [a,
          input "x" { blob = data.$0 }
        }
      }
      """)
    #expect(analysis.completionLabels(at: position) == ["scenes", "frames"])
  }

  @Test func aFileOutsideAnyProjectHasNoCompletions() {
    let (analysis, _) = fixture("$0")
    #expect(analysis.completions("/elsewhere/x.batch", offset: 0).isEmpty)
  }

  @Test func offsetsOutOfRangeAreClamped() {
    let (analysis, _) = fixture("pool p { }\n$0")
    #expect(analysis.completions(Fixture.defaultPath, offset: 10_000).map(\.label).contains("job"))
    #expect(analysis.completions(Fixture.defaultPath, offset: -5).map(\.label).contains("job"))
  }
}

@Suite struct ConflictAndIndexCompletionTests {
  @Test func anAutoscaledPoolIsNotOfferedNodeCountsNorTheReverse() {
    let (autoscaled, position) = fixture("pool p {\n  autoscale { formula = \"\" }\n  $0\n}")
    let labels = autoscaled.completionLabels(at: position)
    #expect(!labels.contains("dedicated_nodes") && !labels.contains("spot_nodes"))
    let (fixed, fixedPosition) = fixture("pool p {\n  dedicated_nodes = 2\n  $0\n}")
    #expect(!fixed.completionLabels(at: fixedPosition).contains("autoscale"))
  }

  @Test func theOtherImageAttributesAreNotOfferedOnceOneIsWritten() {
    let (analysis, position) = fixture("pool p {\n  image = \"a/b/c\"\n  $0\n}")
    let labels = analysis.completionLabels(at: position)
    #expect(!labels.contains("custom_image") && !labels.contains("community_gallery_image"))
  }

  @Test func anAutoPoolIsNotOfferedIdentities() {
    let (analysis, position) = fixture("pool p {\n  auto { lifetime = job }\n  $0\n}")
    #expect(!analysis.completionLabels(at: position).contains("identities"))
  }

  @Test func releaseIsOfferedOnlyAfterPrepare() {
    let (without, position) = fixture("job j {\n  $0\n}")
    #expect(!without.completionLabels(at: position).contains("release"))
    let (with, withPosition) = fixture("job j {\n  prepare { command = \"x\" }\n  $0\n}")
    #expect(with.completionLabels(at: withPosition).contains("release"))
  }

  @Test func anApplicationIndexOffersItsVersions() {
    let text = """
      application bwa { versions = ["0.7.17", "0.7.18"] }
      application samtools { versions = ["1.0"] }
      job j {
        task t { applications = [bwa[$0]] }
      }
      """
    let (analysis, position) = fixture(text)
    #expect(analysis.completionLabels(at: position) == ["0.7.17", "0.7.18"])
    #expect(analysis.completion("0.7.18", at: position)?.insertText == "\"0.7.18\"")
    // After an opening quote, the version alone, and the quote that closes it.
    let (quoted, quotedPosition) = fixture(text.replacingFirst("[$0]", with: "[\"$0]"))
    #expect(quoted.completion("0.7.18", at: quotedPosition)?.insertText == "0.7.18\"")
    let (closed, closedPosition) = fixture(text.replacingFirst("[$0]", with: "[\"$0\"]"))
    #expect(closed.completion("0.7.18", at: closedPosition)?.insertText == "0.7.18")
  }

  @Test func aSweepIndexOffersItsValues() {
    let (analysis, position) = fixture(
      """
      job j {
        task align for s in ["NA1", "NA2"] { command = "x ${s}" }
        task other { command = "y" }
        task call { depends_on = [align[$0]] }
      }
      """)
    #expect(analysis.completionLabels(at: position) == ["NA1", "NA2"])
  }
}

@Suite struct ParamCompletionTests {
  private let params = """
    param frames: int = 4
    param timeout: duration = 1h
    param label = "x"
    """

  @Test func aValueOffersTheParamsOfItsType() {
    let (analysis, position) = fixture(params + "\npool p {\n  dedicated_nodes = $0\n}")
    #expect(analysis.completionLabels(at: position) == ["frames"])
    let (wall, wallPosition) = fixture(params + "\njob j {\n  max_wall_clock = $0\n}")
    #expect(wall.completionLabels(at: wallPosition) == ["timeout"])
  }

  @Test func anInterpolationOffersEveryParamAndTheSweepVariable() {
    let (analysis, position) = fixture(
      params + "\njob j {\n  task t for i in 1..frames { command = \"echo ${$0}\" }\n}")
    #expect(analysis.completionLabels(at: position) == ["i", "frames", "timeout", "label"])
    let (prefix, prefixPosition) = fixture(params + "\njob j {\n  task t { command = \"echo ${fr$0}\" }\n}")
    #expect(prefix.completionLabels(at: prefixPosition) == ["frames", "timeout", "label"])
  }
}

@Suite struct ConfigurationFileTests {
  private let spec = "//- /p/main.batch\naccount acct { location = \"westeurope\" }\n//- /p/batchspec.config\n"

  @Test func completionOffersBlocksRulesLevelsAndOptions() {
    let (top, topPosition) = fixture(spec + "$0")
    #expect(top.completionLabels(at: topPosition) == ["rules", "options"])
    // Rules by name, found by code too, less those set already.
    let (rules, rulesPosition) = fixture(spec + "rules {\n  insecure-url = off\n  $0\n}")
    let offered = rules.completions(at: rulesPosition)
    #expect(offered.count == ConfigurableCodes.all.count - 1)
    #expect(!offered.contains { $0.label == "insecure-url" })
    let quota = offered.first { $0.label == "dedicated-core-quota-exceeded" }
    #expect(quota?.filterText?.contains("BS3001") == true)
    #expect(quota?.documentation?.contains("## What it does") == true)
    let (levels, levelsPosition) = fixture(spec + "rules {\n  BS6003 = $0\n}")
    #expect(levels.completionLabels(at: levelsPosition) == RuleLevel.allCases.map(\.rawValue))
    let (options, optionsPosition) = fixture(spec + "options {\n  assumed_pools = 3\n  $0\n}")
    #expect(
      options.completionLabels(at: optionsPosition)
        == ValidationConfiguration.optionNames.map(\.name).filter { $0 != "assumed_pools" })
  }

  @Test func hoverShowsARulesPageAndAnOptionsMeaning() {
    let (rules, rulesPosition) = fixture(spec + "rules {\n  insec$0ure-url = off\n}")
    #expect(rules.hover(at: rulesPosition)?.markdown.contains("insecure-url") == true)
    let (options, optionsPosition) = fixture(spec + "options {\n  assumed_po$0ols = 3\n}")
    #expect(
      options.hover(at: optionsPosition)?.markdown.hasPrefix("**assumed_pools**: int\n\nPool quota assumed") == true)
  }
}

@Suite struct RegionAndFamilyCompletionTests {
  @Test func aLocationTakesTheProjectsRegionsThenEveryKnownRegion() {
    let text = """
      account acct { location = "westeurope" }
      storage data { location = $0 }
      """
    let (analysis, position) = fixture(text)
    let offered = analysis.completions(at: position)
    // The project's region first, then each known region once (`westeurope` is not offered again).
    #expect(offered.map(\.label) == ["westeurope"] + AzureRegions.all.map(\.name).filter { $0 != "westeurope" })
    #expect(offered.first?.insertText == "\"westeurope\"")
    #expect(offered.first?.detail == "region of account acct")
    #expect(offered.first { $0.label == "eastus2" }?.detail == "East US 2")
    #expect(offered.first { $0.label == "usgovvirginia" }?.detail == "US Gov Virginia (Azure Government)")
    // The public cloud's regions come before the sovereign clouds'.
    let firstSovereign = offered.firstIndex { $0.label == "usdodcentral" } ?? 0
    #expect(offered.prefix(firstSovereign).contains { $0.label == "westus3" })
    // Inside the quotes, the name alone.
    let (quoted, quotedPosition) = fixture(text.replacingFirst("location = $0", with: "location = \"$0\""))
    #expect(quoted.completions(at: quotedPosition).first?.insertText == "westeurope")
  }

  @Test func aNodeAgentTakesTheImagesAgentFirstThenTheSupportedOnes() {
    let text = """
      pool p {
        vm_size    = "Standard_D2s_v3"
        image      = "almalinux/almalinux-x86_64/8-gen2"
        node_agent = $0
      }
      """
    let (analysis, position) = fixture(text)
    let offered = analysis.completions(at: position)
    #expect(
      offered.map(\.label) == [
        "batch.node.el 8", "batch.node.ubuntu 24.04", "batch.node.windows amd64", "batch.node.ubuntu 22.04",
      ])
    #expect(offered.first?.detail == "the agent of the image (AlmaLinux 8)")
    #expect(offered.first?.insertText == "\"batch.node.el 8\"")
    #expect(offered.last?.detail == "Ubuntu 22.04 LTS, supported until 2027-06-30")
    // Inside the string, what is typed so far is replaced, `.` and spaces included.
    for typed in ["\"batch.$0\"", "\"batch.node.ubuntu 2$0\"", "\"$0\""] {
      let (inside, insidePosition) = fixture(text.replacingFirst("= $0", with: "= " + typed))
      let entries = inside.completions(at: insidePosition)
      #expect(entries.first?.label == "batch.node.el 8", "\(typed)")
      #expect(entries.first?.insertText == "batch.node.el 8", "\(typed)")
      let prefix = typed.dropFirst().prefix { $0 != "$" }.utf8.count
      #expect(entries.first?.replacing == TextRange(insidePosition.offset - prefix, insidePosition.offset), "\(typed)")
    }
    // A retired system's agent is not offered; without a known image, the supported ones come first.
    let (plain, plainPosition) = fixture(text.replacingFirst("almalinux/almalinux-x86_64/8-gen2", with: "contoso/x/1"))
    #expect(plain.completions(at: plainPosition).map(\.label).first == "batch.node.ubuntu 24.04")
    #expect(!plain.completions(at: plainPosition).contains { $0.label == "batch.node.ubuntu 20.04" })
    let (retired, retiredPosition) = fixture(
      text.replacingFirst("almalinux/almalinux-x86_64/8-gen2", with: "canonical/0001-com-ubuntu-server-focal/20_04-lts")
    )
    #expect(!retired.completions(at: retiredPosition).contains { $0.label == "batch.node.ubuntu 20.04" })
  }

  @Test func aFamilyLabelTakesTheQuotaFamiliesOfOfferedSizes() {
    let text = "account acct {\n  location = \"westeurope\"\n  quota {\n    family $0\n  }\n}"
    let (analysis, position) = fixture(text)
    let offered = analysis.completions(at: position)
    #expect(offered.map(\.label) == ["standardAv2Family", "standardDSv3Family"])
    #expect(offered.last?.insertText == "\"standardDSv3Family\"")
    #expect(offered.last?.detail == "1 VM size: Standard_D4s_v3")
    let (quoted, quotedPosition) = fixture(text.replacingFirst("family $0", with: "family \"stan$0"))
    #expect(
      quoted.completions(at: quotedPosition).map(\.insertText) == ["standardAv2Family\"", "standardDSv3Family\""])
  }
}

@Suite struct DurationValueCompletionTests {
  @Test func aDurationAttributeOffersDurationParamsFromOtherFiles() {
    let text = """
      //- /p/params.batch
      param align_timeout: duration = 3h
      param frames: int = 2
      //- /p/jobs.batch
      job j {
        pool           = p
        max_wall_clock = $0
      }
      """
    let (analysis, position) = fixture(text)
    #expect(analysis.completionLabels(at: position) == ["align_timeout"])
    // Right after `=` (a trigger character), and in a sweep's task.
    let (typed, typedPosition) = fixture(text.replacingFirst("= $0", with: "=$0"))
    #expect(typed.completionLabels(at: typedPosition) == ["align_timeout"])
    let (sweep, sweepPosition) = fixture(
      text.replacingFirst("max_wall_clock = $0", with: "task t for s in [\"a\"] {\n    max_wall_clock = $0\n  }"))
    #expect(sweep.completionLabels(at: sweepPosition) == ["align_timeout"])
  }
}
