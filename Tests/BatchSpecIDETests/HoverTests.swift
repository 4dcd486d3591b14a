// Hover: the schema's documentation for block kinds and attributes, declarations and references
// with the facts computed about them, params, VM sizes, sweeps, and the diagnostics and rule codes
// under the cursor.

import BatchSpecCore
import BatchSpecIDE
import Foundation
import Testing

@Suite struct HoverTests {
  /// The hover's Markdown and the text of its range.
  private func hover(_ text: String, params: [String: String] = [:], disk: [String: String] = [:]) -> (
    markdown: String, subject: String
  )? {
    let fixture = Fixture(text, disk: disk, params: params)
    let analysis = fixture.analysis
    let position = fixture.position()
    guard let hover = analysis.hover(at: position) else { return nil }
    return (hover.markdown, analysis.text(hover.range, in: position.path))
  }

  @Test func aBlockKindShowsItsDocumentationAzureObjectAndChildren() {
    let found = hover("po$0ol p { }")
    #expect(found?.subject == "pool")
    #expect(found?.markdown.hasPrefix("**pool** block\n\nA pool of compute nodes of one VM size.") == true)
    #expect(found?.markdown.contains("Azure: `\(Schema.Pool.schema.restObject)`") == true)
    #expect(found?.markdown.contains("Contains: `start_task`, `autoscale`, `user`, `remote_access`") == true)
    // A kind without children says nothing about them.
    #expect(hover("job j {\n  task t {\n    $0exit { }\n  }\n}")?.markdown.contains("Contains") == false)
  }

  @Test func everyAttributeNameShowsItsSchemaDocumentation() {
    for schema in Schema.allBlocks {
      for attribute in schema.attributes {
        let markdown = Analysis.attributeDocumentation(attribute)
        #expect(markdown.hasPrefix("**\(attribute.name)**: \(attribute.type)"))
        #expect(markdown.contains(attribute.documentation))
        if case .local = attribute.rest {
          // Not sent: prose, not a REST property in a code span.
          #expect(!markdown.contains("Azure: `"))
        } else {
          #expect(markdown.hasSuffix("Azure: `\(attribute.restProperty)`"))
        }
        #expect(markdown.contains("(required)") == attribute.isRequired)
        #expect(markdown.contains("Default: `") == (attribute.defaultValue != nil))
      }
    }
  }

  @Test func anAttributeNameInItsBlock() {
    let found = hover("pool p {\n  vm_s$0ize = \"Standard_D4s_v3\"\n}")
    #expect(found?.subject == "vm_size")
    #expect(found?.markdown.hasPrefix("**vm_size**: VM size string (required)") == true)
    let defaulted = hover("pool p {\n  node_fill$0 = pack\n}")
    #expect(defaulted?.markdown.contains("Default: `spread`") == true)
    let duration = hover("job j {\n  task t {\n    $0retention = 1d\n  }\n}")
    #expect(duration?.markdown.contains("Default: `7d`") == true)
  }

  @Test func theSameAttributeNameIsDocumentedByItsOwnBlock() {
    // `elevation` of a user account is not the task's.
    let user = hover("pool p {\n  user \"u\" {\n    elevat$0ion = admin\n  }\n}")
    #expect(user?.markdown.contains("Whether the account is an administrator.") == true)
    let task = hover("job j {\n  task t {\n    elevat$0ion = admin\n  }\n}")
    #expect(task?.markdown.contains("Whether the automatic user runs elevated") == true)
  }

  @Test func anEnumWordOrLiteralValueShowsItsAttribute() {
    #expect(hover("pool p {\n  node_fill = pa$0ck\n}")?.markdown.hasPrefix("**node_fill**") == true)
  }

  @Test func aResourceLabelShowsItsKindDocumentationAndFacts() {
    let found = hover(
      """
      pool re$0nder {
        vm_size = "Standard_D4s_v3"
        image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        node_agent = "batch.node.ubuntu 22.04"
        dedicated_nodes = 3
        spot_nodes = 2
      }
      job a { pool = render }
      job b { pool = render }
      """)
    #expect(found?.subject == "render")
    let markdown = found?.markdown ?? ""
    #expect(markdown.hasPrefix("```batch\npool render\n```\n\nA pool of compute nodes"))
    #expect(
      markdown.hasSuffix(
        "`Standard_D4s_v3`: 4 vCPUs, 16 GiB, quota family `standardDSv3Family`; 3 dedicated nodes and 2 spot nodes; 12 dedicated and 8 spot cores; used by 2 jobs."
      ))
  }

  /// A retiring size's paragraph follows the pool's facts, rather than breaking their list.
  @Test func aPoolOfARetiringSizeEndsWithItsRetirement() {
    let markdown = hover("pool $0p {\n  vm_size = \"Standard_A1_v2\"\n  dedicated_nodes = 1\n}")?.markdown ?? ""
    #expect(
      markdown.contains(
        "`Standard_A1_v2`: 1 vCPU, 2 GiB, quota family `standardAv2Family`; 1 dedicated node and 0 spot nodes; "
          + "1 dedicated and 0 spot cores; used by 0 jobs.\n\nRetires on 2028-11-15."), "\(markdown)")
    #expect(!markdown.contains(".;"))
  }

  @Test func aPoolOfAnUnknownSizeShowsNoCores() {
    let markdown = hover("pool $0p {\n  vm_size = \"Standard_Nope\"\n  dedicated_nodes = 1\n}")?.markdown ?? ""
    #expect(markdown.contains("\n\nVM size `Standard_Nope`; 1 dedicated node and 0 spot nodes; used by 0 jobs.\n"))
  }

  @Test func aJobLabelCountsItsTasksAfterSweeps() {
    let markdown =
      hover(
        """
        pool p { }
        job j$0 {
          pool = p
          task frame for i in 1..4 { command = "x" }
          task encode { command = "y" }
        }
        """)?.markdown ?? ""
    #expect(markdown.hasSuffix("5 tasks after sweeps are expanded."))
  }

  @Test func aSweepLabelShowsItsMembers() {
    let range = hover("job j {\n  task fra$0me for i in 1..3 { command = \"x\" }\n}")
    #expect(range?.markdown.hasSuffix("Expands to 3 tasks: `frame-1` … `frame-3`.") == true)
    let list = hover("job j {\n  task t$0 for s in [\"a\", \"b\"] { command = \"x\" }\n}")
    #expect(list?.markdown.hasSuffix("Expands to 2 tasks: `t-a` … `t-b`.") == true)
    let pattern = hover("job j {\n  task t$0 for i in 1..1 {\n    id = \"only-${i}\"\n    command = \"x\"\n  }\n}")
    #expect(pattern?.markdown.hasSuffix("Expands to 1 task: `only-1` … `only-1`.") == true)
    // A sweep over nothing has no members to show.
    let empty = hover("job j {\n  task t$0 for s in [] { command = \"x\" }\n}")
    #expect(empty?.markdown.contains("Expands") == false)
  }

  @Test func aSweepMemberCountFollowsParamOverrides() {
    let text = "param n: int = 3\njob j {\n  task f$0 for i in 1..n { command = \"x\" }\n}"
    #expect(hover(text, params: ["n": "7"])?.markdown.contains("Expands to 7 tasks: `f-1` … `f-7`.") == true)
  }

  private func pool(_ name: String, _ size: String, dedicated: Int, spot: Int = 0) -> String {
    """
    pool \(name) {
      vm_size = "\(size)"
      image = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      dedicated_nodes = \(dedicated)
      spot_nodes = \(spot)
    }

    """
  }

  @Test func anAccountAddsUpItsPoolsCoresAgainstItsQuotas() {
    let declared = hover(
      "account ac$0ct {\n  location = \"westeurope\"\n  quota {\n    dedicated_cores = 20\n    spot_cores = 50\n  }\n}\n"
        + pool("a", "Standard_D4s_v3", dedicated: 3) + pool("b", "Standard_NC6s_v3", dedicated: 1, spot: 2))
    #expect(
      declared?.markdown.hasSuffix(
        "2 pools in this project. Cores in use: 18 dedicated of a quota of 20, 12 spot of a quota of 50.") == true)
    // With no quota declared, the configuration's assumed quotas.
    let assumed = hover(
      "//- /w/p/a.batch\naccount ac$0ct { location = \"westeurope\" }\n" + pool("a", "Standard_D4s_v3", dedicated: 3),
      disk: ["/w/p/batchspec.config": "options { assumed_spot_cores = 7 }\n"])
    #expect(
      assumed?.markdown.contains(
        "Cores in use: 12 dedicated of 900 assumed (no `dedicated_cores` quota declared), 0 spot of 7 assumed (no `spot_cores` quota declared)."
      ) == true)
    // In user-subscription mode the subscription's quotas count.
    let user = hover(
      "account ac$0ct {\n  location = \"westeurope\"\n  allocation = user_subscription\n}\n"
        + pool("a", "Standard_D4s_v3", dedicated: 1))
    #expect(
      user?.markdown.contains("Cores in use: 4 dedicated, 0 spot (counted against the subscription's quotas") == true)
  }

  @Test func anAccountWithAPoolOfUnknownSizeOrNoPoolsGivesNoTotal() {
    let unknown = hover(
      "account ac$0ct { location = \"westeurope\" }\n" + pool("a", "Standard_D4s_v3", dedicated: 1)
        + pool("b", "Standard_Nope", dedicated: 1))
    #expect(unknown?.markdown.contains("2 pools in this project.") == true)
    #expect(unknown?.markdown.contains("Cores in use") == false)
    let none = hover("account ac$0ct { location = \"westeurope\" }")
    #expect(none?.markdown.hasSuffix("0 pools in this project.") == true)
  }

  @Test func aReferenceShowsWhereItsTargetIsDeclaredAndItsFacts() {
    let found = hover(
      """
      //- /p/pools.batch
      // The render pool.
      pool render {
        vm_size = "Standard_D4s_v3"
      }
      //- /p/jobs.batch
      job j {
        pool = ren$0der
        task frame for i in 1..2 { command = "x" }
        task encode {
          command = "y"
          depends_on = [frame]
        }
      }
      """)
    #expect(found?.subject == "render")
    #expect(found?.markdown.hasPrefix("```batch\npool render\n```\n\nDeclared in `pools.batch` line 2.") == true)
    #expect(found?.markdown.contains("0 dedicated nodes and 0 spot nodes") == true)
  }

  @Test func aTaskReferenceShowsTheSweepItNames() {
    let found = hover(
      """
      job j {
        task frame for i in 1..2 { command = "x" }
        task encode {
          command = "y"
          depends_on = [fr$0ame]
        }
      }
      """)
    #expect(found?.markdown.hasPrefix("```batch\ntask frame\n```\n\nDeclared in `main.batch` line 2.") == true)
    #expect(found?.markdown.hasSuffix("Expands to 2 tasks: `frame-1` … `frame-2`.") == true)
  }

  @Test func aParamShowsItsTypeAndCurrentValue() {
    let use = hover("param n: int = 3\njob j {\n  task f for i in 1..n$0 { command = \"x\" }\n}")
    #expect(use?.subject == "n")
    #expect(use?.markdown == "```batch\nparam n: int\n```\n\nValue: `3`")
    let declaration = hover("param n$0: int = 3\n", params: ["n": "9"])
    #expect(declaration?.markdown == "```batch\nparam n: int\n```\n\nValue: `9`")
    // A param declared in another file of the project.
    let other = hover(
      """
      //- /p/params.batch
      param who: string = "world"
      //- /p/main.batch
      job j {
        task t { command = "echo ${w$0ho}" }
      }
      """)
    #expect(other?.markdown.hasPrefix("```batch\nparam who: string\n```") == true)
  }

  @Test func aSweepVariableIsNotTheParamItShadows() {
    let text = "param i: int = 1\njob j {\n  task t for i in 1..3 { command = \"echo ${i$0}\" }\n}"
    #expect(hover(text)?.markdown.contains("param i") == false)
  }

  @Test func aLocationShowsItsRegion() {
    let found = hover("account acct {\n  location = \"west$0europe\"\n}")
    #expect(found?.subject == "\"westeurope\"")
    #expect(found?.markdown == "**West Europe**: Azure region `westeurope`, in the public cloud.")
    // The name the portal shows is the same region; so is a sovereign cloud's.
    #expect(
      hover("storage data {\n  location = \"US Gov$0 Virginia\"\n}")?.markdown
        == "**US Gov Virginia**: Azure region `usgovvirginia`, in Azure Government.")
    // An unknown region has the validator's finding alone.
    #expect(hover("account acct {\n  location = \"westeurp$0oe\"\n}")?.markdown.hasPrefix("# BS5041") == true)
  }

  @Test func anImageOrNodeAgentShowsItsSystemAndTheEndOfItsSupport() {
    // Retiring: no finding yet, so hover is where the date is seen.
    let image = hover(
      "pool p {\n  image      = \"canonical/0001-com-ubuntu-server-jammy/22_04-lts$0/latest\"\n  node_agent = \"batch.node.ubuntu 22.04\"\n}"
    )
    #expect(image?.subject == "\"canonical/0001-com-ubuntu-server-jammy/22_04-lts/latest\"")
    #expect(
      image?.markdown
        == "**Ubuntu 22.04 LTS**: Batch stops supporting it after 2027-06-30 (Azure/Batch#200); then no pool of it is created or grown. Move to Ubuntu 24.04 LTS (`canonical/ubuntu-24_04-lts/server` with `batch.node.ubuntu 24.04`), or `microsoft-dsvm/ubuntu-hpc/2404` for containers and HPC."
    )
    let agent = hover("pool p {\n  node_agent = \"batch.node.ubu$0ntu 22.04\"\n}")
    #expect(agent?.markdown.hasPrefix("**Ubuntu 22.04 LTS**: Batch stops supporting it after 2027-06-30") == true)
    #expect(
      hover("pool p {\n  image = \"MicrosoftWindowsServer/WindowsServer/2016-Data$0center\"\n}")?.markdown.hasPrefix(
        "**Windows Server 2016**: Batch stops supporting it after 2027-01-12 (Azure/Batch#197)") == true)
    // A retired system says since when; a supported one has nothing to say.
    #expect(
      hover("pool p {\n  node_agent = \"batch.node.ubu$0ntu 20.04\"\n}")?.markdown.hasPrefix(
        "**Ubuntu 20.04 LTS**: Batch stopped supporting it on 2025-04-23 (Azure/Batch#174); no pool of it is created or grown."
      ) == true)
    #expect(hover("pool p {\n  node_agent = \"batch.node.ubu$0ntu 24.04\"\n}") == nil)
    // The successor is the one BS5042 names: an image made for containers moves to the HPC image.
    let container = hover("pool p {\n  image = \"microsoft-azure-batch/ubuntu-server-container/20-04-l$0ts\"\n}")
    #expect(
      container?.markdown.contains(
        "Move to Ubuntu 24.04 LTS for containers and HPC (`microsoft-dsvm/ubuntu-hpc/2404` with `batch.node.ubuntu 24.04`)."
      ) == true, "\(container?.markdown ?? "")")
    // A supported image names its system and agent.
    #expect(
      hover("pool p {\n  image = \"canonical/ubuntu-24_04-lts/ser$0ver\"\n}")?.markdown
        == "**Ubuntu 24.04 LTS**, with the node agent `batch.node.ubuntu 24.04`.")
  }

  @Test func aVMSizeStringShowsTheSize() {
    let found = hover("pool p {\n  vm_size = \"Standard_NC6s$0_v3\"\n}")
    #expect(found?.subject == "\"Standard_NC6s_v3\"")
    #expect(
      found?.markdown.hasPrefix(
        """
        `Standard_NC6s_v3`: 6 vCPUs, 112 GiB, quota family `standardNCSv3Family`.

        Retired on 2025-09-30: Azure no longer allocates it. Suggested successor: `Standard_NC40ads_H100_v5`.
        """) == true)
    // The validator's finding about it follows.
    #expect(found?.markdown.contains("\n\n---\n\n# BS5024 retired-vm-size") == true)
    // Any case: Azure ignores it.
    #expect(
      hover("pool p {\n  vm_size = \"standard_a1$0_v2\"\n}")?.markdown.hasPrefix(
        "`Standard_A1_v2`: 1 vCPU, 2 GiB, quota family `standardAv2Family`.\n\nRetires on 2028-11-15.") == true)
    #expect(
      hover("pool p {\n  vm_size = \"Standard_D4s$0_v3\"\n}")?.markdown.hasPrefix(
        "`Standard_D4s_v3`: 4 vCPUs, 16 GiB, quota family `standardDSv3Family`") == true)
  }

  @Test func diagnosticsUnderTheCursorAreExplained() {
    let found = hover("pool p { }\njob j {\n  pool = nowh$0ere\n}")
    // The code's page, as `explain` prints it: type codes are explained like rules.
    #expect(found?.markdown.contains("# BS2006 unresolved-reference\n") == true)
    #expect(found?.markdown.contains("## Use instead") == true)
  }

  @Test func aValidationFindingShowsItsRuleDocumentation() {
    // The quota finding is reported on the account.
    let found = hover(Projects.overQuota.replacingFirst("acct", with: "ac$0ct"))
    let sections = found?.markdown.components(separatedBy: "\n\n---\n\n") ?? []
    #expect(sections.count == 2)
    // The label's own hover first, then the rule's reference page, as `explain` prints it.
    #expect(sections.first?.hasPrefix("```batch\naccount acct\n```") == true)
    #expect(sections.last?.hasPrefix("# BS3001 dedicated-core-quota-exceeded") == true)
    #expect(sections.last?.contains("## What it does") == true && sections.last?.contains("## Azure limit") == true)
  }

  @Test func aCodeInASuppressionCommentShowsItsReferencePage() {
    let quota = Projects.overQuota
    let byCode = hover("// batchspec-ignore-file BS30$001: quota raised in ticket 42\n" + quota)
    #expect(byCode?.subject == "BS3001")
    #expect(byCode?.markdown.hasPrefix("# BS3001 dedicated-core-quota-exceeded") == true)
    let byName = hover("/* batchspec-ignore-file dedicated-core-quota-$0exceeded */\n" + quota)
    #expect(byName?.subject == "dedicated-core-quota-exceeded")
    #expect(byName?.markdown.contains("## Why is this bad?") == true)
    // At the word's end, and for the second code of a list.
    let second = hover("// batchspec-ignore-file BS5002, BS3001$0\n" + quota)
    #expect(second?.subject == "BS3001")
    // A code in an ordinary comment, or a word that is no code, is not explained.
    #expect(hover("// see BS30$001\n" + quota) == nil)
    #expect(hover("// batchspec-ignore-file BS3001: quota rai$0sed\n" + quota) == nil)
  }

  @Test func linterFindingsShowTheirReferencePageToo() {
    // An unused suppression (BS9001) is explained like a rule.
    let found = hover("// batchspec-ignore BS6003$0\nstorage data { location = \"westeurope\" }\n")
    let sections = found?.markdown.components(separatedBy: "\n\n---\n\n") ?? []
    #expect(sections.count == 2)
    #expect(sections.first?.hasPrefix("# BS6003 ") == true)
    #expect(sections.last?.hasPrefix("# BS9001 unused-suppression") == true)
    #expect(sections.last?.contains("## What it does") == true)
  }

  @Test func nothingToSayIsNil() {
    let cases = [
      "pool p {$0 }",  // punctuation
      "pool p { }\n$0\n",  // blank
      "// a $0comment\npool p { }",
      "job j {\n  environment = { KE$0Y = \"v\" }\n}",  // a map key
    ]
    for text in cases {
      #expect(hover(text) == nil, "\(text)")
    }
    let (analysis, _) = fixture("$0")
    #expect(analysis.hover("/elsewhere/x.batch", offset: 0) == nil)
  }
}

@Suite struct SweepAndLocalHoverTests {
  @Test func aContainerShowsItsStorageAccount() {
    let text = """
      storage data {
        containers = ["reads", "results"]
      }
      job j {
        task t {
          command = "x"
          input "a" { container = data.re$0ads }
        }
      }
      """
    let (analysis, position) = fixture(text)
    let found = analysis.hover(at: position)
    #expect(found.map { analysis.text($0.range, in: position.path) } == "reads")
    #expect(
      found?.markdown.contains("Container `reads` of storage account `data`, listed in `main.batch` line 2.") == true)
    // On the list's string too.
    let (listed, listedPosition) = fixture(
      text.replacingFirst("data.re$0ads", with: "data.reads").replacingFirst("\"results\"", with: "\"re$0sults\""))
    let onList = listed.hover(at: listedPosition)
    #expect(onList.map { listed.text($0.range, in: listedPosition.path) } == "\"results\"")
    #expect(onList?.markdown.contains("Container `results` of storage account `data`") == true)
  }

  @Test func anApplicationVersionAndASweepMemberShowWhereTheyAreListed() {
    let (analysis, position) = fixture(
      "application bwa {\n  versions = [\"0.7.18\"]\n}\npool p { applications = [bwa[\"0.7$0.18\"]] }")
    let found = analysis.hover(at: position)
    #expect(found.map { analysis.text($0.range, in: position.path) } == "\"0.7.18\"")
    #expect(
      found?.markdown.hasPrefix(
        "```batch\napplication bwa\n```\n\nVersion `0.7.18` of application `bwa`, listed in `main.batch` line 2.")
        == true)
    let (sweep, sweepPosition) = fixture(
      "job j {\n  task a for s in [\"x1\"] { command = \"x\" }\n  task b { command = \"y\", depends_on = [a[\"x$01\"]] }\n}"
    )
    #expect(
      sweep.hover(at: sweepPosition)?.markdown.contains("Member `x1` of sweep `a`, listed in `main.batch` line 2.")
        == true)
  }

  @Test func aDurationShowsItsUnitsSecondsAndISOForm() {
    let (analysis, position) = fixture("job j {\n  pool = p\n  max_wall_clock = 1h3$00m\n}\npool p { }")
    let found = analysis.hover(at: position)
    #expect(found.map { analysis.text($0.range, in: position.path) } == "1h30m")
    #expect(
      found?.markdown.hasPrefix("**Duration**: 1 h 30 min = 5,400 s\n\nAzure receives `PT1H30M` (ISO 8601).") == true)
    #expect(Analysis.describeDuration(86_400_000, sentToAzure: true).hasPrefix("**Duration**: 1 d = 86,400 s"))
    #expect(
      Analysis.describeDuration(1500, sentToAzure: nil) == "**Duration**: 1 s 500 ms = 1.5 s\n\nISO 8601: `PT1.5S`.")
    #expect(Analysis.describeDuration(45_000, sentToAzure: nil).hasPrefix("**Duration**: 45 s\n"))
    // An attribute that stays on this machine says so rather than what Azure receives.
    let (local, localPosition) = fixture(
      "job j {\n  task t {\n    command = \"x\"\n    expected_duration = 2$0d\n  }\n}")
    #expect(local.hover(at: localPosition)?.markdown.contains("this attribute is not sent to Azure") == true)
  }

  @Test func aSweepVariableShowsItsValues() {
    let text = "job j {\n  task b for i in 1..3 { command = \"echo ${i$0}\" }\n}"
    let (analysis, position) = fixture(text)
    let markdown = analysis.hover(at: position)?.markdown ?? ""
    #expect(markdown.contains("for i in 1..3"), "\(markdown)")
    #expect(markdown.contains("3 values, `1`, `2`, `3`"), "\(markdown)")
    #expect(!markdown.contains("**command**"))
    let (declaration, declarationPosition) = fixture(
      text.replacingFirst("${i$0}", with: "${i}").replacingFirst("for i", with: "for i$0"))
    #expect(declaration.hover(at: declarationPosition)?.markdown.contains("Sweep variable of `b`") == true)
  }

  @Test func anAttributeNotSentToAzureSaysSoOnce() {
    let markdown = Analysis.attributeDocumentation(Schema.Task.expectedDuration.schema)
    #expect(!markdown.contains("Azure: `"))
    #expect(markdown.components(separatedBy: "Not sent to Azure").count == 2, "\(markdown)")
    #expect(markdown.contains("a task without one is counted as 0"))
  }
}
