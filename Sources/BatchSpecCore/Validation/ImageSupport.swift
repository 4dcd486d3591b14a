// The operating systems whose Batch support has ended or has an announced end: their node agent
// SKUs and the marketplace images Batch named, with the date and what to move to.
//
// Source: the retirement notices Azure Batch publishes in github.com/Azure/Batch (issues labelled
// `retirement`), each cited by number. Batch follows the publishers' end of support: after the
// date it creates no pool of the system and grows none, and may shrink existing pools to zero.

/// Operating systems Batch no longer supports, or has announced it will stop supporting.
package enum ImageSupport {
  /// Whether the date has passed when the table was written.
  package enum Status: Sendable {
    /// Batch no longer supports it.
    case retired
    /// Batch announced the date; pools of it are still created until then.
    case retiring
  }

  /// One operating system's end of support.
  package struct Retirement: Sendable {
    /// The operating system: `Ubuntu 20.04 LTS`.
    package let system: String
    package let status: Status
    /// The last day of support: `2025-04-23`.
    package let date: String
    /// What to move to, as a phrase: "Ubuntu 24.04 LTS (`canonical/ubuntu-24_04-lts/server` with
    /// `batch.node.ubuntu 24.04`)".
    package let instead: String
    /// The notice: `Azure/Batch#174`.
    package let notice: String
    /// The node agent SKU that goes with the system (lowercased), when it goes with it: Windows
    /// versions share `batch.node.windows amd64`.
    let nodeAgent: String?
    /// Marketplace images, `publisher/offer/sku` lowercased; a SKU ending in `*` is a prefix.
    let images: [String]

    /// "Batch stopped supporting Ubuntu 20.04 LTS on 2025-04-23 (Azure/Batch#174)", or "stops
    /// supporting ... after"; `subject` names the system ("it").
    package func summary(_ subject: String? = nil) -> String {
      switch status {
      case .retired: "Batch stopped supporting \(subject ?? system) on \(date) (\(notice))"
      case .retiring: "Batch stops supporting \(subject ?? system) after \(date) (\(notice))"
      }
    }
  }

  private static let ubuntu2404 =
    "Ubuntu 24.04 LTS (`canonical/ubuntu-24_04-lts/server` with `batch.node.ubuntu 24.04`)"
  private static let enterpriseLinux =
    "AlmaLinux or Red Hat Enterprise Linux (`almalinux/almalinux-x86_64/8-gen2` with `batch.node.el 8`)"
  private static let windows2022 = "Windows Server 2022 (`microsoftwindowsserver/windowsserver/2022-datacenter`)"

  /// Every retirement batchspec knows, oldest first.
  package static let all: [Retirement] = [
    Retirement(
      system: "Ubuntu 14.04 LTS", status: .retired, date: "2019-08-01", instead: ubuntu2404, notice: "Azure/Batch#61",
      nodeAgent: "batch.node.ubuntu 14.04", images: ["canonical/ubuntuserver/14.04*"]),
    Retirement(
      system: "Ubuntu 16.04 LTS", status: .retired, date: "2021-05-21", instead: ubuntu2404, notice: "Azure/Batch#106",
      nodeAgent: "batch.node.ubuntu 16.04",
      images: [
        "canonical/ubuntuserver/16.04*", "canonical/ubuntuserver/16_04*",
        "microsoft-azure-batch/ubuntu-server-container/16-04-lts",
        "microsoft-azure-batch/ubuntu-server-container-rdma/16-04-lts",
      ]),
    Retirement(
      system: "CentOS 8", status: .retired, date: "2021-12-31", instead: enterpriseLinux, notice: "Azure/Batch#119",
      nodeAgent: "batch.node.centos 8", images: ["openlogic/centos/8*", "openlogic/centos-hpc/8*"]),
    Retirement(
      system: "Windows Server 2019 or 20H2 with containers", status: .retired, date: "2023-04-30",
      instead: windows2022 + ", with the container runtime installed by a start task", notice: "Azure/Batch#136",
      nodeAgent: nil,
      images: [
        "microsoftwindowsserver/windowsserver/2019-datacenter-core-with-containers*",
        "microsoftwindowsserver/windowsserver/2019-datacenter-with-containers*",
        "microsoftwindowsserver/windowsserver/datacenter-core-20h2-with-containers*",
      ]),
    Retirement(
      system: "Ubuntu 18.04 LTS", status: .retired, date: "2023-05-30", instead: ubuntu2404, notice: "Azure/Batch#152",
      nodeAgent: "batch.node.ubuntu 18.04", images: ["canonical/ubuntuserver/18.04*", "canonical/ubuntuserver/18_04*"]),
    Retirement(
      system: "CentOS 7", status: .retired, date: "2024-06-30", instead: enterpriseLinux, notice: "Azure/Batch#169",
      nodeAgent: "batch.node.centos 7",
      images: [
        "openlogic/centos/7*", "openlogic/centos-hpc/7*", "microsoft-azure-batch/centos-container/7*",
        "microsoft-azure-batch/centos-container-rdma/7*", "batch/rendering-centos73/rendering",
      ]),
    Retirement(
      system: "Windows Server 2012 or 2012 R2", status: .retired, date: "2024-12-05", instead: windows2022,
      notice: "Azure/Batch#179", nodeAgent: nil, images: ["microsoftwindowsserver/windowsserver/2012-*"]),
    Retirement(
      system: "Debian 8", status: .retired, date: "2024-12-31", instead: "Debian 12 or " + ubuntu2404,
      notice: "Azure/Batch#180", nodeAgent: "batch.node.debian 8", images: ["credativ/debian/8*"]),
    Retirement(
      system: "Debian 9", status: .retired, date: "2024-12-31", instead: "Debian 12 or " + ubuntu2404,
      notice: "Azure/Batch#180", nodeAgent: "batch.node.debian 9", images: ["credativ/debian/9*"]),
    Retirement(
      system: "Debian 10", status: .retired, date: "2024-12-31", instead: "Debian 12 or " + ubuntu2404,
      notice: "Azure/Batch#180", nodeAgent: "batch.node.debian 10", images: ["debian/debian-10/10*"]),
    Retirement(
      system: "Ubuntu 20.04 LTS", status: .retired, date: "2025-04-23", instead: ubuntu2404, notice: "Azure/Batch#174",
      nodeAgent: "batch.node.ubuntu 20.04",
      images: [
        "canonical/0001-com-ubuntu-server-focal/20_04-lts*", "microsoft-dsvm/ubuntu-2004/2004*",
        "microsoft-dsvm/ubuntu-hpc/2004", "microsoft-azure-batch/ubuntu-server-container/20-04-lts",
        "microsoft-azure-batch/ubuntu-server-container-rdma/20-04-lts",
      ]),
    Retirement(
      system: "Windows Server 2016", status: .retiring, date: "2027-01-12", instead: windows2022,
      notice: "Azure/Batch#197", nodeAgent: nil, images: ["microsoftwindowsserver/windowsserver/2016-*"]),
    Retirement(
      system: "Ubuntu 22.04 LTS", status: .retiring, date: "2027-06-30",
      instead: ubuntu2404 + ", or `microsoft-dsvm/ubuntu-hpc/2404` for containers and HPC", notice: "Azure/Batch#200",
      nodeAgent: "batch.node.ubuntu 22.04",
      images: ["canonical/0001-com-ubuntu-server-jammy/22_04-lts*", "microsoft-dsvm/ubuntu-hpc/2204"]),
  ]

  /// The retirement of the node agent SKU `sku` (compared without regard to case), if it has one.
  package static func nodeAgent(_ sku: String) -> Retirement? {
    let lowered = sku.lowercased()
    return all.first { $0.nodeAgent == lowered }
  }

  /// The retirement of the marketplace image `reference` (`publisher/offer/sku[/version]`,
  /// compared without regard to case), if it has one.
  package static func image(_ reference: String) -> Retirement? {
    let parts = reference.lowercased().split(separator: "/", omittingEmptySubsequences: false)
    guard (3...4).contains(parts.count) else { return nil }
    let image = parts[0] + "/" + parts[1] + "/" + parts[2]
    return all.first { retirement in
      retirement.images.contains { pattern in
        pattern.last == "*" ? image.hasPrefix(pattern.dropLast()) : image == pattern
      }
    }
  }
}
