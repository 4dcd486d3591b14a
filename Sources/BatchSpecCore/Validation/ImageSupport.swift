// The operating systems of Batch pools: their node agent SKUs and marketplace images, and for those
// whose Batch support has ended or has an announced end, the date and what to move to.
//
// Source: the retirement notices Azure Batch publishes in github.com/Azure/Batch (issues labelled
// `retirement`), each cited by number; the supported systems' images are those the notices name as
// migration targets. Batch follows the publishers' end of support: after the date it creates no
// pool of the system and grows none, and may shrink existing pools to zero.

/// Operating systems of Batch pools: those Batch supports, and those whose support has ended or
/// has an announced end.
package enum ImageSupport {
  /// Where an operating system stands, as the table was written (not as of today: a spec checks
  /// the same tomorrow).
  package enum Status: Sendable {
    case supported
    /// Batch announced the last day; pools of it are still created until then.
    case retiring
    /// Batch no longer supports it.
    case retired
  }

  /// An operating system: its node agent SKU, its marketplace images, and the end of its support.
  package struct System: Sendable {
    /// `Ubuntu 20.04 LTS`.
    package let name: String
    /// Its node agent SKU, lowercased: `batch.node.ubuntu 20.04`. Windows versions share one.
    package let nodeAgent: String
    /// Marketplace images, `publisher/offer/sku` lowercased; a SKU ending in `*` is a prefix. The
    /// supported systems name their SKUs one by one: an Arm64 SKU (`server-arm64`) may take
    /// another agent, and is left unknown.
    let images: [String]
    package let status: Status
    /// The last day of support, for a retiring or retired system: `2025-04-23`.
    package let date: String?
    /// What to move to, for a retiring or retired system.
    package let instead: Successor?
    /// Batch's notice of the retirement: `Azure/Batch#174`.
    package let notice: String?

    /// A retiring or retired system.
    init(
      name: String, status: Status, date: String, instead: Successor, notice: String, nodeAgent: String,
      images: [String]
    ) {
      self.name = name
      self.nodeAgent = nodeAgent
      self.images = images
      self.status = status
      self.date = date
      self.instead = instead
      self.notice = notice
    }

    /// A supported system.
    init(name: String, nodeAgent: String, images: [String]) {
      self.name = name
      self.nodeAgent = nodeAgent
      self.images = images
      self.status = .supported
      self.date = nil
      self.instead = nil
      self.notice = nil
    }

    /// What a pool of `image` moves to: for a pool of containers (it runs them, or its image's
    /// offer is made for them), the HPC image Batch's notices name for Ubuntu, which has a container
    /// runtime, or on another system `instead` with a runtime to install; an Ubuntu HPC or RDMA
    /// image also moves to the HPC image; else `instead`.
    package func successor(forImage image: String, runsContainers: Bool) -> Successor? {
      guard let instead else { return nil }
      let lowered = image.lowercased()
      let containers = runsContainers || lowered.contains("container")
      guard instead.image == ImageSupport.ubuntu2404.image else {
        return containers ? instead.said("", ", with a container runtime installed by a start task") : instead
      }
      return containers || lowered.contains("hpc") || lowered.contains("rdma") ? ImageSupport.ubuntuHPC2404 : instead
    }

    /// "Batch stopped supporting Ubuntu 20.04 LTS on 2025-04-23 (Azure/Batch#174)", or "stops
    /// supporting ... after"; `subject` names the system ("it"). For a supported system, that it is.
    package func summary(_ subject: String? = nil) -> String {
      let subject = subject ?? name
      return switch status {
      case .supported: "Batch supports \(subject)"
      case .retiring: "Batch stops supporting \(subject) after \(date ?? "") (\(notice ?? ""))"
      case .retired: "Batch stopped supporting \(subject) on \(date ?? "") (\(notice ?? ""))"
      }
    }
  }

  /// What to move to: a phrase for messages, and the image and agent a fix writes.
  package struct Successor: Sendable {
    /// "Ubuntu 24.04 LTS (`canonical/ubuntu-24_04-lts/server` with `batch.node.ubuntu 24.04`)".
    package let phrase: String
    /// The marketplace image a fix writes: `canonical/ubuntu-24_04-lts/server`.
    package let image: String
    /// Its node agent: `batch.node.ubuntu 24.04`.
    package let nodeAgent: String

    /// The same image and agent, with `before` and `after` around the phrase.
    func said(_ before: String = "", _ after: String = "") -> Successor {
      Successor(phrase: before + phrase + after, image: image, nodeAgent: nodeAgent)
    }
  }

  private static let windowsAgent = "batch.node.windows amd64"
  private static let ubuntu2404 = Successor(
    phrase: "Ubuntu 24.04 LTS (`canonical/ubuntu-24_04-lts/server` with `batch.node.ubuntu 24.04`)",
    image: "canonical/ubuntu-24_04-lts/server", nodeAgent: "batch.node.ubuntu 24.04")
  private static let ubuntuHPC2404 = Successor(
    phrase:
      "Ubuntu 24.04 LTS for containers and HPC (`microsoft-dsvm/ubuntu-hpc/2404` with `batch.node.ubuntu 24.04`)",
    image: "microsoft-dsvm/ubuntu-hpc/2404", nodeAgent: "batch.node.ubuntu 24.04")
  private static let enterpriseLinux = Successor(
    phrase: "AlmaLinux or Red Hat Enterprise Linux (`almalinux/almalinux-x86_64/8-gen2` with `batch.node.el 8`)",
    image: "almalinux/almalinux-x86_64/8-gen2", nodeAgent: "batch.node.el 8")
  private static let windows2022 = Successor(
    phrase: "Windows Server 2022 (`microsoftwindowsserver/windowsserver/2022-datacenter`)",
    image: "microsoftwindowsserver/windowsserver/2022-datacenter", nodeAgent: windowsAgent)

  /// Every operating system batchspec knows: the retired ones oldest first, then the retiring and
  /// supported ones. An image is looked up in this order: its first match is its system.
  package static let all: [System] = [
    System(
      name: "Ubuntu 14.04 LTS", status: .retired, date: "2019-08-01", instead: ubuntu2404, notice: "Azure/Batch#61",
      nodeAgent: "batch.node.ubuntu 14.04", images: ["canonical/ubuntuserver/14.04*"]),
    System(
      name: "Ubuntu 16.04 LTS", status: .retired, date: "2021-05-21", instead: ubuntu2404, notice: "Azure/Batch#106",
      nodeAgent: "batch.node.ubuntu 16.04",
      images: [
        "canonical/ubuntuserver/16.04*", "canonical/ubuntuserver/16_04*",
        "microsoft-azure-batch/ubuntu-server-container/16-04-lts",
        "microsoft-azure-batch/ubuntu-server-container-rdma/16-04-lts",
      ]),
    System(
      name: "CentOS 8", status: .retired, date: "2021-12-31", instead: enterpriseLinux, notice: "Azure/Batch#119",
      nodeAgent: "batch.node.centos 8", images: ["openlogic/centos/8*", "openlogic/centos-hpc/8*"]),
    System(
      name: "Windows Server 2019 or 20H2 with containers", status: .retired, date: "2023-04-30",
      instead: windows2022, notice: "Azure/Batch#136",
      nodeAgent: windowsAgent,
      images: [
        "microsoftwindowsserver/windowsserver/2019-datacenter-core-with-containers*",
        "microsoftwindowsserver/windowsserver/2019-datacenter-with-containers*",
        "microsoftwindowsserver/windowsserver/datacenter-core-20h2-with-containers*",
      ]),
    System(
      name: "Ubuntu 18.04 LTS", status: .retired, date: "2023-05-30", instead: ubuntu2404, notice: "Azure/Batch#152",
      nodeAgent: "batch.node.ubuntu 18.04", images: ["canonical/ubuntuserver/18.04*", "canonical/ubuntuserver/18_04*"]),
    System(
      name: "CentOS 7", status: .retired, date: "2024-06-30", instead: enterpriseLinux, notice: "Azure/Batch#169",
      nodeAgent: "batch.node.centos 7",
      images: [
        "openlogic/centos/7*", "openlogic/centos-hpc/7*", "microsoft-azure-batch/centos-container/7*",
        "microsoft-azure-batch/centos-container-rdma/7*", "batch/rendering-centos73/rendering",
      ]),
    System(
      name: "Windows Server 2012 or 2012 R2", status: .retired, date: "2024-12-05", instead: windows2022,
      notice: "Azure/Batch#179", nodeAgent: windowsAgent, images: ["microsoftwindowsserver/windowsserver/2012-*"]),
    System(
      name: "Debian 8", status: .retired, date: "2024-12-31", instead: ubuntu2404.said("Debian 12 or "),
      notice: "Azure/Batch#180", nodeAgent: "batch.node.debian 8", images: ["credativ/debian/8*"]),
    System(
      name: "Debian 9", status: .retired, date: "2024-12-31", instead: ubuntu2404.said("Debian 12 or "),
      notice: "Azure/Batch#180", nodeAgent: "batch.node.debian 9", images: ["credativ/debian/9*"]),
    System(
      name: "Debian 10", status: .retired, date: "2024-12-31", instead: ubuntu2404.said("Debian 12 or "),
      notice: "Azure/Batch#180", nodeAgent: "batch.node.debian 10", images: ["debian/debian-10/10*"]),
    System(
      name: "Ubuntu 20.04 LTS", status: .retired, date: "2025-04-23", instead: ubuntu2404, notice: "Azure/Batch#174",
      nodeAgent: "batch.node.ubuntu 20.04",
      images: [
        "canonical/0001-com-ubuntu-server-focal/20_04-lts*", "microsoft-dsvm/ubuntu-2004/2004*",
        "microsoft-dsvm/ubuntu-hpc/2004", "microsoft-azure-batch/ubuntu-server-container/20-04-lts",
        "microsoft-azure-batch/ubuntu-server-container-rdma/20-04-lts",
      ]),
    System(
      name: "Windows Server 2016", status: .retiring, date: "2027-01-12", instead: windows2022,
      notice: "Azure/Batch#197", nodeAgent: windowsAgent, images: ["microsoftwindowsserver/windowsserver/2016-*"]),
    System(
      name: "Ubuntu 22.04 LTS", status: .retiring, date: "2027-06-30",
      instead: ubuntu2404.said("", ", or `microsoft-dsvm/ubuntu-hpc/2404` for containers and HPC"),
      notice: "Azure/Batch#200",
      nodeAgent: "batch.node.ubuntu 22.04",
      images: [
        "canonical/0001-com-ubuntu-server-jammy/22_04-lts", "canonical/0001-com-ubuntu-server-jammy/22_04-lts-gen2",
        "microsoft-dsvm/ubuntu-hpc/2204",
      ]),
    System(
      name: "Ubuntu 24.04 LTS", nodeAgent: "batch.node.ubuntu 24.04",
      images: [
        "canonical/ubuntu-24_04-lts/server", "canonical/ubuntu-24_04-lts/server-gen1", "microsoft-dsvm/ubuntu-hpc/2404",
      ]),
    System(
      name: "AlmaLinux 8", nodeAgent: "batch.node.el 8",
      images: ["almalinux/almalinux-x86_64/8-gen1", "almalinux/almalinux-x86_64/8-gen2"]),
    System(
      name: "Windows Server 2019 or 2022", nodeAgent: windowsAgent,
      images: ["microsoftwindowsserver/windowsserver/2019-*", "microsoftwindowsserver/windowsserver/2022-*"]),
  ]

  /// The system of the marketplace image `reference` (`publisher/offer/sku[/version]`, compared
  /// without regard to case), when the table knows it.
  ///
  /// Every pool of every `check` asks, so this compares UTF-8 bytes with the table's patterns,
  /// without lowercasing or splitting the reference (each of which allocates).
  package static func system(ofImage reference: String) -> System? {
    var reference = reference
    return reference.withUTF8 { bytes in
      imagePatterns.first { pattern in
        guard bytes.count >= pattern.bytes.count, equalIgnoringASCIICase(bytes, pattern.bytes) else { return false }
        // A whole SKU ends the reference or is followed by its version.
        return pattern.isPrefix || bytes.count == pattern.bytes.count
          || bytes[pattern.bytes.count] == UInt8(ascii: "/")
      }.map { all[$0.system] }
    }
  }

  /// The retiring or retired system the node agent SKU `sku` (compared without regard to case)
  /// belongs to; nil when it is unknown or also serves a supported system (Windows versions share
  /// one agent).
  package static func retirement(ofNodeAgent sku: String) -> System? {
    var sku = sku
    return sku.withUTF8 { bytes in
      agentRetirements.first { $0.agent.count == bytes.count && equalIgnoringASCIICase(bytes, $0.agent) }?.system
    }
  }

  /// Whether `sku` is `system`'s node agent (compared without regard to case).
  package static func isNodeAgent(_ sku: String, of system: System) -> Bool {
    var sku = sku
    var agent = system.nodeAgent
    return sku.withUTF8 { bytes in
      agent.withUTF8 { bytes.count == $0.count && equalIgnoringASCIICase(bytes, $0) }
    }
  }

  /// Each image pattern's lowercased bytes (without a final `*`), whether it is a prefix, and its
  /// system's index in `all`, in the order of `all`.
  private static let imagePatterns: [(bytes: [UInt8], isPrefix: Bool, system: Int)] = all.indices.flatMap { index in
    all[index].images.map { pattern in
      let isPrefix = pattern.last == "*"
      return (Array((isPrefix ? String(pattern.dropLast()) : pattern).utf8), isPrefix, index)
    }
  }

  /// Each node agent of the table, with the retiring or retired system it belongs to, or nil when
  /// a supported system has it too.
  private static let agentRetirements: [(agent: [UInt8], system: System?)] = {
    var agents: [(agent: [UInt8], system: System?)] = []
    for system in all where !agents.contains(where: { $0.agent == Array(system.nodeAgent.utf8) }) {
      let sharing = all.filter { $0.nodeAgent == system.nodeAgent }
      agents.append(
        (Array(system.nodeAgent.utf8), sharing.contains { $0.status == .supported } ? nil : sharing.last))
    }
    return agents
  }()

  /// Whether the first `lowercased.count` bytes of `bytes` are `lowercased`, with ASCII letters of
  /// `bytes` in either case.
  private static func equalIgnoringASCIICase(
    _ bytes: UnsafeBufferPointer<UInt8>, _ lowercased: some RandomAccessCollection<UInt8>
  ) -> Bool {
    var index = lowercased.startIndex
    for byte in bytes.prefix(lowercased.count) {
      let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
      if folded != lowercased[index] { return false }
      index = lowercased.index(after: index)
    }
    return true
  }
}
