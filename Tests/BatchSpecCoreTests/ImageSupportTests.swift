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
