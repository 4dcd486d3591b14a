// The schema of pools and what they contain.

extension Schema {
  /// `pool`: a pool of compute nodes.
  package enum Pool: BlockKind {
    package static let account = Schema.ownerAccount
    package static let displayName = Schema.displayName
    package static let vmSize = AttributeKey<String>(
      "vm_size", .vmSize, required: true, rest: "vmSize", "The VM size of every node, such as `\"Standard_D4s_v3\"`.")
    package static let image = AttributeKey<String>(
      "image",
      rest: .custom(
        "virtualMachineConfiguration.imageReference: publisher, offer, sku, version",
        names: ["virtualMachineConfiguration.imageReference"]),
      "A marketplace image as `\"publisher/offer/sku\"` or `\"publisher/offer/sku/version\"` (version `latest` when left out)."
    )
    package static let customImage = AttributeKey<String>(
      "custom_image", rest: "virtualMachineConfiguration.imageReference.virtualMachineImageId",
      "The resource ID of a custom image or a Compute Gallery image version.")
    package static let sharedGalleryImage = AttributeKey<String>(
      "shared_gallery_image", rest: "virtualMachineConfiguration.imageReference.sharedGalleryImageId",
      "The ID of a shared gallery image: `/SharedGalleries/<gallery>/Images/<image>/Versions/<version>`.")
    package static let communityGalleryImage = AttributeKey<String>(
      "community_gallery_image", rest: "virtualMachineConfiguration.imageReference.communityGalleryImageId",
      "The ID of a community gallery image: `/CommunityGalleries/<gallery>/Images/<image>/Versions/<version>`.")
    package static let nodeAgent = AttributeKey<String>(
      "node_agent", required: true, rest: "virtualMachineConfiguration.nodeAgentSKUId",
      "The Batch node agent SKU matching the image, such as `\"batch.node.ubuntu 22.04\"`.")
    package static let dedicatedNodes = AttributeKey<Int64>(
      "dedicated_nodes", default: 0, bounds: 0...Int64.max, rest: "targetDedicatedNodes",
      "How many dedicated nodes to allocate. Not with `autoscale`.")
    package static let spotNodes = AttributeKey<Int64>(
      "spot_nodes", default: 0, bounds: 0...Int64.max, rest: "targetLowPriorityNodes",
      "How many spot (low-priority) nodes to allocate. Not with `autoscale`.")
    package static let taskSlotsPerNode = AttributeKey<Int64>(
      "task_slots_per_node", default: 1, rest: "taskSlotsPerNode",
      "How many task slots each node has; tasks take `required_slots` each. At most 4 × the VM's vCPUs and 256.")
    package static let nodeFill = AttributeKey<NodeFill>(
      "node_fill", default: .spread, sendDefault: .withItsObject, rest: "taskSchedulingPolicy.nodeFillType",
      "Whether tasks spread evenly over nodes or fill one node before the next.")
    package static let interNodeCommunication = AttributeKey<Bool>(
      "inter_node_communication", default: false, rest: "enableInterNodeCommunication",
      "Whether nodes may talk to each other directly (needed by multi-instance MPI tasks); caps the pool at 100 nodes.")
    package static let resizeTimeout = AttributeKey<Milliseconds>(
      "resize_timeout", default: .minutes(15), rest: "resizeTimeout",
      "How long an allocation may take before it is reported as failed.")
    package static let jobOrder = AttributeKey<JobDefaultOrder>(
      "job_order", rest: "taskSchedulingPolicy.jobDefaultOrder",
      "Which job's tasks a node takes first when several jobs share the pool: by `priority` alone (`none`), or the oldest job first among equal priorities (`creation_time`)."
    )
    package static let subnet = AttributeKey<String>(
      "subnet", rest: "networkConfiguration.subnetId",
      "The resource ID of the virtual network subnet the nodes join.")
    package static let dynamicVNetScope = AttributeKey<DynamicVNetScope>(
      "dynamic_vnet_scope", rest: "networkConfiguration.dynamicVNetAssignmentScope",
      "Whether jobs may put the nodes in their own virtual networks (`job`).")
    package static let publicIP = AttributeKey<PublicIPProvisioning>(
      "public_ip", rest: "networkConfiguration.publicIPAddressConfiguration.provision",
      "Who gives the nodes public IP addresses: Batch (`batch_managed`), you (`user_managed`, with `public_ip_ids`), or no one (`none`)."
    )
    package static let publicIPIDs = AttributeKey<[String]>(
      "public_ip_ids", rest: "networkConfiguration.publicIPAddressConfiguration.ipAddressIds",
      "The resource IDs of the public IP addresses the nodes use, with `public_ip = user_managed`.")
    package static let ipFamilies = AttributeKey<[IPFamily]>(
      "ip_families", rest: "networkConfiguration.publicIPAddressConfiguration.ipFamilies",
      "The IP versions the nodes' public addresses use: `[ipv4]` (Batch's default) or `[ipv4, ipv6]` for dual stack.")
    package static let ipTags = AttributeKey<IPTagMap>(
      "ip_tags", rest: "networkConfiguration.publicIPAddressConfiguration.ipTags",
      "IP tags of the nodes' public addresses, tag type to tag: `{ FirstPartyUsage = \"/NonProd\" }`.")
    package static let acceleratedNetworking = AttributeKey<Bool>(
      "accelerated_networking", rest: "networkConfiguration.enableAcceleratedNetworking",
      "Whether the nodes use accelerated networking (SR-IOV), where the VM size supports it.")
    package static let nodePlacement = AttributeKey<NodePlacement>(
      "node_placement", rest: "virtualMachineConfiguration.nodePlacementConfiguration.policy",
      "Whether nodes go in one region (`regional`) or are spread over availability zones (`zonal`).")
    package static let licenseType = AttributeKey<LicenseType>(
      "license_type", rest: "virtualMachineConfiguration.licenseType",
      "The on-premises Windows license the nodes use (Azure Hybrid Benefit): `windows_server` or `windows_client`.")
    package static let automaticUpdates = AttributeKey<Bool>(
      "automatic_updates", rest: "virtualMachineConfiguration.windowsConfiguration.enableAutomaticUpdates",
      "Whether Windows Update runs on the nodes (Windows images only).")
    package static let diskEncryption = AttributeKey<[DiskEncryptionTarget]>(
      "disk_encryption", rest: "virtualMachineConfiguration.diskEncryptionConfiguration.targets",
      "The disks Azure encrypts on the nodes: `[os_disk, temporary_disk]`.")
    package static let serviceArtifact = AttributeKey<String>(
      "service_artifact", rest: "virtualMachineConfiguration.serviceArtifactReference.id",
      "The resource ID of a service artifact, so every node gets the same image version.")
    package static let identities = AttributeKey<[String]>(
      "identities",
      rest: .custom(
        "identity.userAssignedIdentities of the pool's ARM resource: pools/<id>.json is then an ARM template",
        names: ["identity.userAssignedIdentities"]),
      "The resource IDs of the user-assigned managed identities every node holds, such as the storage accounts' and registries' `identity`: `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`. Azure assigns them only through ARM, so `compile` writes such a pool as an ARM template."
    )
    package static let applications = Schema.applications
    package static let metadata = Schema.metadata

    package static let startTask = Child<StartTask>()
    package static let autoscale = Child<Autoscale>()
    package static let user = Child<User>()
    package static let remoteAccess = Child<RemoteAccess>()
    package static let inboundNAT = Child<InboundNAT>()
    package static let containers = Child<Containers>()
    package static let blobfuseMount = Child<BlobfuseMount>()
    package static let nfsMount = Child<NFSMount>()
    package static let cifsMount = Child<CIFSMount>()
    package static let azureFilesMount = Child<AzureFilesMount>()
    package static let `extension` = Child<Extension>()
    package static let osDisk = Child<OSDisk>()
    package static let dataDisk = Child<DataDisk>()
    package static let security = Child<Security>()
    package static let upgradePolicy = Child<UpgradePolicy>()
    package static let auto = Child<AutoPool>()

    package static let schema = BlockSchema(
      "pool", label: .resourceID(.pool), repeatable: true,
      rest: .custom("the add-pool body, BatchPoolCreateOptions", names: []),
      children: [
        startTask, autoscale, user, remoteAccess, inboundNAT, containers, blobfuseMount, nfsMount, cifsMount,
        azureFilesMount,
        `extension`, osDisk, dataDisk, security, upgradePolicy, auto,
      ],
      exactlyOneOf: [[image.schema, customImage.schema, sharedGalleryImage.schema, communityGalleryImage.schema]],
      "A pool of compute nodes of one VM size. The label is the pool ID: up to 64 letters, digits, hyphens and underscores.",
      attributes: [
        account.schema, displayName.schema, vmSize.schema, image.schema, customImage.schema,
        sharedGalleryImage.schema, communityGalleryImage.schema, nodeAgent.schema, dedicatedNodes.schema,
        spotNodes.schema, taskSlotsPerNode.schema, nodeFill.schema, jobOrder.schema, interNodeCommunication.schema,
        resizeTimeout.schema, subnet.schema, dynamicVNetScope.schema, publicIP.schema, publicIPIDs.schema,
        ipFamilies.schema, ipTags.schema, acceleratedNetworking.schema, nodePlacement.schema, licenseType.schema,
        automaticUpdates.schema,
        diskEncryption.schema, serviceArtifact.schema, identities.schema, applications.schema, metadata.schema,
      ])
  }

  /// `autoscale`: sizes a pool by a formula.
  package enum Autoscale: BlockKind {
    package static let formula = AttributeKey<String>(
      "formula", .autoscaleFormula, required: true, rest: "autoScaleFormula",
      "The autoscale formula, such as `\"$TargetDedicatedNodes = min(10, $PendingTasks.GetSample(1));\"`.")
    package static let interval = AttributeKey<Milliseconds>(
      "interval", default: .minutes(15), rest: "autoScaleEvaluationInterval",
      "How often the formula is evaluated: 5 minutes to 168 hours.")

    package static let schema = BlockSchema(
      "autoscale", label: .none,
      rest: .custom("enableAutoScale, with its attributes in the pool's body", names: ["enableAutoScale"]),
      "Sizes the pool by a formula instead of fixed node counts. Excludes `dedicated_nodes` and `spot_nodes`.",
      attributes: [formula.schema, interval.schema])
  }

  /// `start_task`: runs on every node when it joins the pool.
  package enum StartTask: CommandKind {
    package static let command = Schema.command()
    package static let environment = Schema.environment
    package static let elevation = Schema.elevation
    package static let scope = Schema.scope
    package static let runAs = Schema.runAs
    package static let waitForSuccess = AttributeKey<Bool>(
      "wait_for_success", default: true, rest: "waitForSuccess",
      "Whether the node takes no tasks until the start task succeeds.")
    package static let retries = Schema.retries(rest: "maxTaskRetryCount")

    package static let input = Child<Input>()
    package static let container = Child<TaskContainer>()

    package static let schema = BlockSchema(
      "start_task", label: .none, rest: "startTask", children: [input, container],
      atMostOneOf: [[runAs.schema, elevation.schema], [runAs.schema, scope.schema]],
      "Runs on every node when it joins the pool or restarts, before it takes tasks (if `wait_for_success`).",
      attributes: [
        command.schema, environment.schema, elevation.schema, scope.schema, runAs.schema, waitForSuccess.schema,
        retries.schema,
      ])
  }

  /// `user`: a named user account on every node of a pool.
  package enum User: BlockKind {
    package static let password = AttributeKey<Secret>(
      "password", required: true, rest: "password", "The password, from the environment: `env(\"NAME\")`.")
    package static let elevation = AttributeKey<Elevation>(
      "elevation", default: .nonadmin, rest: "elevationLevel", "Whether the account is an administrator.")
    package static let uid = AttributeKey<Int64>(
      "uid", bounds: 0...Int64.max, rest: "linuxUserConfiguration.uid",
      "The Linux user ID (with `gid`); chosen by the node when not set.")
    package static let gid = AttributeKey<Int64>(
      "gid", bounds: 0...Int64.max, rest: "linuxUserConfiguration.gid", "The Linux group ID (with `uid`).")
    package static let sshPrivateKey = AttributeKey<Secret>(
      "ssh_private_key", rest: "linuxUserConfiguration.sshPrivateKey",
      "An SSH private key for passwordless SSH between nodes (multi-instance tasks), from the environment.")
    package static let loginMode = AttributeKey<LoginMode>(
      "login_mode", rest: "windowsUserConfiguration.loginMode",
      "How a Windows account logs in: `batch` or `interactive` (needed by some UI automation).")

    package static let schema = BlockSchema(
      "user", label: .text("user name", required: true), repeatable: true, uniqueLabels: true,
      rest: "userAccounts[]", labelRest: "name",
      "A named user account created on every node of the pool; tasks run as it with `run_as`.",
      attributes: [
        password.schema, elevation.schema, uid.schema, gid.schema, sshPrivateKey.schema, loginMode.schema,
      ])
  }

  /// `remote_access`: who may reach the nodes' SSH or RDP port.
  package enum RemoteAccess: BlockKind {
    package static let `protocol` = AttributeKey<RemoteProtocol>(
      "protocol", required: true, rest: .custom("backendPort: 22 or 3389", names: ["backendPort"]),
      "The remote login protocol: `ssh` (port 22) or `rdp` (port 3389).")
    package static let allow = AttributeKey<[String]>(
      "allow",
      rest: .custom(
        "networkSecurityGroupRules[].sourceAddressPrefix with access allow",
        names: ["networkSecurityGroupRules[].sourceAddressPrefix"]),
      "Source address prefixes allowed in, such as `\"10.0.0.0/8\"`.")
    package static let deny = AttributeKey<[String]>(
      "deny",
      rest: .custom(
        "networkSecurityGroupRules[].sourceAddressPrefix with access deny",
        names: ["networkSecurityGroupRules[].sourceAddressPrefix"]),
      "Source address prefixes kept out; `\"*\"` for everyone else.")

    package static let schema = BlockSchema(
      "remote_access", label: .none, repeatable: true,
      rest: .custom(
        "networkConfiguration.endpointConfiguration.inboundNATPools[]",
        names: ["networkConfiguration.endpointConfiguration.inboundNATPools[]"]),
      "Who may reach the nodes' SSH or RDP port, by source address prefix.",
      attributes: [`protocol`.schema, allow.schema, deny.schema])
  }
}

extension Schema {
  /// `inbound_nat`: a port of the nodes reachable from outside, with its own rules.
  package enum InboundNAT: BlockKind {
    package static let `protocol` = AttributeKey<InboundProtocol>(
      "protocol", required: true, rest: "protocol", "`tcp` or `udp`.")
    package static let backendPort = AttributeKey<Int64>(
      "backend_port", required: true, bounds: 1...65535, rest: "backendPort",
      "The port on the nodes, 1 to 65535 (not 29876 or 29877, which Batch uses).")
    package static let frontendPorts = AttributeKey<IntegerRange>(
      "frontend_ports", required: true,
      rest: .custom(
        "frontendPortRangeStart and frontendPortRangeEnd", names: ["frontendPortRangeStart", "frontendPortRangeEnd"]),
      "The public ports, one per node: at least 40 of them, in 1 to 65534, outside 50000 to 55000, such as `60000..60099`."
    )

    package static let rule = Child<NetworkRule>()

    package static let schema = BlockSchema(
      "inbound_nat", label: .text("NAT pool name", required: true), repeatable: true, uniqueLabels: true,
      rest: "networkConfiguration.endpointConfiguration.inboundNATPools[]", labelRest: "name", children: [rule],
      "A port of every node reachable from outside through the pool's load balancer, on a range of public ports, with its own network security rules. For SSH and RDP, `remote_access` is simpler.",
      attributes: [`protocol`.schema, backendPort.schema, frontendPorts.schema])
  }

  /// `rule`: a network security group rule of an inbound NAT pool.
  package enum NetworkRule: BlockKind {
    package static let priority = AttributeKey<Int64>(
      "priority", required: true, rest: "priority",
      "The rule's priority, such as `200`: rules apply lowest first; 150 to 4096, unique in the pool, whose `remote_access` rules take 150, 151, ..."
    )
    package static let access = AttributeKey<RuleAccess>(
      "access", required: true, rest: "access", "Whether matching traffic is let in (`allow`) or not (`deny`).")
    package static let source = AttributeKey<String>(
      "source", required: true, rest: "sourceAddressPrefix",
      "The source address prefix, such as `\"10.0.0.0/8\"` or `\"*\"`.")
    package static let sourcePorts = AttributeKey<[String]>(
      "source_ports", rest: "sourcePortRanges", "The source ports, such as `[\"*\"]` or `[\"1024-65535\"]`.")

    package static let schema = BlockSchema(
      "rule", label: .none, repeatable: true, rest: "networkSecurityGroupRules[]",
      "A network security group rule of an `inbound_nat` port.",
      attributes: [priority.schema, access.schema, source.schema, sourcePorts.schema])
  }

  /// `existing_pool`: a pool that already exists in the account, which jobs may name.
  package enum ExistingPool: BlockKind {
    package static let account = Schema.ownerAccount
    package static let vmSize = AttributeKey<String>(
      "vm_size", .vmSize, rest: .local("the pool's VM size, for checks and local runs"),
      "The pool's VM size, when known: quotas and slot limits are checked against it.")
    package static let dedicatedNodes = AttributeKey<Int64>(
      "dedicated_nodes", default: 1, bounds: 0...Int64.max, rest: .local("how many nodes a local run emulates"),
      "How many dedicated nodes the pool has, when known; a local run emulates this many.")
    package static let spotNodes = AttributeKey<Int64>(
      "spot_nodes", default: 0, bounds: 0...Int64.max, rest: .local("how many spot nodes a local run emulates"),
      "How many spot nodes the pool has, when known.")
    package static let taskSlotsPerNode = AttributeKey<Int64>(
      "task_slots_per_node", default: 1, rest: .local("the pool's slots per node, for checks and local runs"),
      "The pool's task slots per node, when known.")
    package static let interNodeCommunication = AttributeKey<Bool>(
      "inter_node_communication", default: false, rest: .local("whether the pool allows multi-instance tasks"),
      "Whether the pool has inter-node communication (for multi-instance tasks).")

    package static let schema = BlockSchema(
      "existing_pool", label: .resourceID(.pool), repeatable: true,
      rest: .local("a pool of the account that batchspec does not create"),
      "A pool that already exists in the Batch account: jobs may run on it, and `compile` does not create it. What you say of it is used for checks and local runs.",
      attributes: [
        account.schema, vmSize.schema, dedicatedNodes.schema, spotNodes.schema, taskSlotsPerNode.schema,
        interNodeCommunication.schema,
      ])
  }
}
