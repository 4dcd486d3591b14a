// The operating system table's lookups: by image (case, version, SKU prefixes, order) and by agent.

@testable import BatchSpecCore
import Testing

@Suite struct ImageSupportTests {
  private func system(_ image: String) -> String? { ImageSupport.system(ofImage: image)?.name }

  @Test func anImageIsFoundWithoutRegardToCaseWithOrWithoutItsVersion() {
    #expect(system("CANONICAL/0001-com-ubuntu-server-focal/20_04-LTS") == "Ubuntu 20.04 LTS")
    #expect(system("canonical/0001-com-ubuntu-server-focal/20_04-lts-gen2/latest") == "Ubuntu 20.04 LTS")
    // A whole SKU must end the reference or be followed by the version.
    #expect(system("microsoft-dsvm/ubuntu-hpc/2004") == "Ubuntu 20.04 LTS")
    #expect(system("microsoft-dsvm/ubuntu-hpc/2004/24.01.15") == "Ubuntu 20.04 LTS")
    #expect(system("microsoft-dsvm/ubuntu-hpc/20045") == nil)
    #expect(system("microsoft-dsvm/ubuntu-hpc") == nil)
    #expect(system("") == nil)
    #expect(system("pööl/ubuntu-hpc/2004") == nil)
    // Only ASCII letters fold: a dotless `ı` is not an `i`.
    #expect(system("microsoft-dsvm/ubuntu-hpc/2004") != nil)
    #expect(system("mıcrosoft-dsvm/ubuntu-hpc/2004") == nil)
    // The first system whose images match: the retired container images before the supported 2019.
    #expect(
      system("MicrosoftWindowsServer/WindowsServer/2019-Datacenter-with-Containers")
        == "Windows Server 2019 or 20H2 with containers")
    #expect(system("MicrosoftWindowsServer/WindowsServer/2019-Datacenter") == "Windows Server 2019 or 2022")
  }

  @Test func anAgentIsRetiredOnlyWhenNoSupportedSystemHasIt() {
    #expect(ImageSupport.retirement(ofNodeAgent: "BATCH.NODE.CENTOS 7")?.name == "CentOS 7")
    #expect(ImageSupport.retirement(ofNodeAgent: "batch.node.ubuntu 22.04")?.status == .retiring)
    #expect(ImageSupport.retirement(ofNodeAgent: "batch.node.ubuntu 24.04") == nil)
    // Windows versions share one agent, and some are supported.
    #expect(ImageSupport.retirement(ofNodeAgent: "batch.node.windows amd64") == nil)
    #expect(ImageSupport.retirement(ofNodeAgent: "batch.node.centos 7 ") == nil)
    let ubuntu = ImageSupport.system(ofImage: "canonical/ubuntu-24_04-lts/server")
    #expect(ubuntu.map { ImageSupport.isNodeAgent("Batch.Node.Ubuntu 24.04", of: $0) } == true)
    #expect(ubuntu.map { ImageSupport.isNodeAgent("batch.node.ubuntu 24.0", of: $0) } == false)
  }
}

@Suite struct RetiredImageFixTests {
  private func findings(_ image: String, _ agent: String, containers: Bool = false) -> [Diagnostic] {
    let spec = """
      pool p {
        vm_size    = "Standard_D2s_v3"
        image      = "\(image)"
        node_agent = "\(agent)"
      \(containers ? "  containers { images = [\"busybox\"] }\n" : "")}
      job j {
        pool = p
        task t { command = "true" }
      }

      """
    return validate(spec).result.diagnostics.filter { $0.code.rawValue == "BS5042" }
  }

  /// The fix moves the image and its agent together, and is one to look at: the system changes.
  @Test func aRetiredImageIsMovedWithItsAgentByAnUnsafeFix() throws {
    let finding = try #require(
      findings("canonical/0001-com-ubuntu-server-focal/20_04-lts", "batch.node.ubuntu 20.04").first)
    let fix = try #require(finding.fixIts.first)
    #expect(fix.title == "move to `canonical/ubuntu-24_04-lts/server` with `batch.node.ubuntu 24.04`")
    #expect(fix.edits.map(\.replacement) == ["\"canonical/ubuntu-24_04-lts/server\"", "\"batch.node.ubuntu 24.04\""])
    #expect(!fix.isSafe)
    #expect(finding.notes.map(\.message) == ["its node agent `batch.node.ubuntu 20.04` is retired with it"])
  }

  /// A value a param gives is the param's: no fix writes a literal over it.
  @Test func aValueAParamGivesHasNoFix() throws {
    let spec = """
      param agent: string = "batch.node.ubuntu 20.04"
      pool p {
        vm_size    = "Standard_D2s_v3"
        image      = "canonical/0001-com-ubuntu-server-focal/20_04-lts"
        node_agent = agent
      }
      job j {
        pool = p
        task t { command = "true" }
      }

      """
    let finding = try #require(validate(spec).result.diagnostics.first { $0.code.rawValue == "BS5042" })
    #expect(finding.fixIts.isEmpty)
  }

  /// A pool that runs containers, or an image made for them, moves to the HPC image, which has a
  /// container runtime.
  @Test func containersMoveToTheHPCImage() throws {
    let hpc = "\"microsoft-dsvm/ubuntu-hpc/2404\""
    let container = try #require(
      findings("microsoft-azure-batch/ubuntu-server-container/20-04-lts", "batch.node.ubuntu 20.04").first)
    #expect(container.fixIts.first?.edits.first?.replacement == hpc)
    #expect(
      container.message.hasSuffix(
        "move to Ubuntu 24.04 LTS for containers and HPC (`microsoft-dsvm/ubuntu-hpc/2404` with `batch.node.ubuntu 24.04`)"
      ))
    let runs = try #require(
      findings("canonical/0001-com-ubuntu-server-focal/20_04-lts", "batch.node.ubuntu 20.04", containers: true).first)
    #expect(runs.fixIts.first?.edits.first?.replacement == hpc)
    // Not Ubuntu: the system's own successor, and for containers a runtime to install.
    let centos = try #require(findings("openlogic/centos/7_9", "batch.node.centos 7").first)
    #expect(
      centos.fixIts.first?.edits.map(\.replacement) == ["\"almalinux/almalinux-x86_64/8-gen2\"", "\"batch.node.el 8\""])
    #expect(centos.message.hasSuffix("`batch.node.el 8`)"))
    let containers = try #require(findings("microsoft-azure-batch/centos-container/7-8", "batch.node.centos 7").first)
    #expect(containers.message.hasSuffix("`batch.node.el 8`), with a container runtime installed by a start task"))
    let windows = try #require(
      findings("microsoftwindowsserver/windowsserver/2019-datacenter-with-containers", "batch.node.windows amd64").first
    )
    #expect(windows.message.hasSuffix("2022-datacenter`), with a container runtime installed by a start task"))
  }
}
