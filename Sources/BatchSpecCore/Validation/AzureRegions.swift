// The Azure regions a Batch or storage account's `location` may name, for `unknown-region`
// (BS5041) and the editor's completion of `location`.
//
// Sources: Microsoft's SDKs' region tables (Azure.Core `AzureLocation`, azure-core-management's
// `Region`) and the Azure regions list on Microsoft Learn (learn.microsoft.com/azure/reliability/
// regions-list), with the regions opened since those tables: Austria East, Belgium Central, Chile
// Central, Indonesia Central, Malaysia West and New Zealand North. Azure keeps opening regions,
// so a name missing here is a warning, never an error.

/// One Azure region: its programmatic name and the name the portal shows.
package struct AzureRegion: Sendable {
  /// What ARM templates and the REST API write: `westeurope`.
  package let name: String
  /// What the portal shows: `West Europe`.
  package let displayName: String
  /// The cloud it belongs to: `public`, or a sovereign cloud whose accounts are not the public
  /// cloud's.
  package let cloud: Cloud

  /// An Azure cloud.
  package enum Cloud: String, Sendable {
    case `public`
    case usGovernment = "Azure Government"
    case china = "Azure operated by 21Vianet"
  }
}

/// The regions batchspec knows.
package enum AzureRegions {
  /// Every region, public cloud first, each cloud's in alphabetical order.
  package static let all: [AzureRegion] = {
    let clouds: [(AzureRegion.Cloud, [(String, String)])] = [
      (.public, publicRegions), (.usGovernment, governmentRegions), (.china, chinaRegions),
    ]
    return clouds.flatMap { cloud, regions in
      regions.map { AzureRegion(name: $0.0, displayName: $0.1, cloud: cloud) }.sorted { $0.name < $1.name }
    }
  }()

  /// The region `location` names: its programmatic name or its display name, compared as Azure
  /// compares them (`West Europe`, `westeurope` and `WestEurope` are one region).
  package static func region(named location: String) -> AzureRegion? {
    byNormalizedName[location.normalizedRegion]
  }

  /// Whether attribute `name` of a `kind` block names a region: the `location` of an account or a
  /// storage account (what the editor completes and describes with this table).
  package static func isRegionAttribute(_ name: String, ofBlock kind: String) -> Bool {
    name == Schema.Account.location.name && (kind == Schema.Account.schema.kind || kind == Schema.Storage.schema.kind)
  }

  /// The known region closest to an unknown `location`, when one is close enough to be a typo.
  package static func nearest(to location: String) -> AzureRegion? {
    Suggestions.closest(to: location.normalizedRegion, in: all.lazy.map(\.name)).flatMap { byNormalizedName[$0] }
  }

  private static let byNormalizedName: [String: AzureRegion] = {
    var table: [String: AzureRegion] = [:]
    for region in all { table[region.name] = region }
    return table
  }()

  private static let publicRegions = [
    ("australiacentral", "Australia Central"), ("australiacentral2", "Australia Central 2"),
    ("australiaeast", "Australia East"), ("australiasoutheast", "Australia Southeast"),
    ("austriaeast", "Austria East"), ("belgiumcentral", "Belgium Central"), ("brazilsouth", "Brazil South"),
    ("brazilsoutheast", "Brazil Southeast"), ("canadacentral", "Canada Central"), ("canadaeast", "Canada East"),
    ("centralindia", "Central India"), ("centralus", "Central US"), ("chilecentral", "Chile Central"),
    ("eastasia", "East Asia"), ("eastus", "East US"), ("eastus2", "East US 2"), ("francecentral", "France Central"),
    ("francesouth", "France South"), ("germanynorth", "Germany North"),
    ("germanywestcentral", "Germany West Central"), ("indonesiacentral", "Indonesia Central"),
    ("israelcentral", "Israel Central"), ("italynorth", "Italy North"), ("japaneast", "Japan East"),
    ("japanwest", "Japan West"), ("jioindiacentral", "Jio India Central"), ("jioindiawest", "Jio India West"),
    ("koreacentral", "Korea Central"), ("koreasouth", "Korea South"), ("malaysiawest", "Malaysia West"),
    ("mexicocentral", "Mexico Central"), ("newzealandnorth", "New Zealand North"),
    ("northcentralus", "North Central US"), ("northeurope", "North Europe"), ("norwayeast", "Norway East"),
    ("norwaywest", "Norway West"), ("polandcentral", "Poland Central"), ("qatarcentral", "Qatar Central"),
    ("southafricanorth", "South Africa North"), ("southafricawest", "South Africa West"),
    ("southcentralus", "South Central US"), ("southeastasia", "Southeast Asia"), ("southindia", "South India"),
    ("spaincentral", "Spain Central"), ("swedencentral", "Sweden Central"), ("swedensouth", "Sweden South"),
    ("switzerlandnorth", "Switzerland North"), ("switzerlandwest", "Switzerland West"),
    ("uaecentral", "UAE Central"), ("uaenorth", "UAE North"), ("uksouth", "UK South"), ("ukwest", "UK West"),
    ("westcentralus", "West Central US"), ("westeurope", "West Europe"), ("westindia", "West India"),
    ("westus", "West US"), ("westus2", "West US 2"), ("westus3", "West US 3"),
  ]

  private static let governmentRegions = [
    ("usdodcentral", "US DoD Central"), ("usdodeast", "US DoD East"), ("usgovarizona", "US Gov Arizona"),
    ("usgoviowa", "US Gov Iowa"), ("usgovtexas", "US Gov Texas"), ("usgovvirginia", "US Gov Virginia"),
  ]

  private static let chinaRegions = [
    ("chinaeast", "China East"), ("chinaeast2", "China East 2"), ("chinaeast3", "China East 3"),
    ("chinanorth", "China North"), ("chinanorth2", "China North 2"), ("chinanorth3", "China North 3"),
  ]
}
