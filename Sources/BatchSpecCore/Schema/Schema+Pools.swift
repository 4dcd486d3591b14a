// The schema of pools and what they contain.

extension Schema {
  /// `pool`: a pool of compute nodes.
  package enum Pool: BlockKind {
    package static let account = Schema.ownerAccount
    package static let displayName = Schema.displayName
    package static let vmSize = AttributeKey<String>(
      "vm_size", .vmSize, required: true, rest: "vmSize", "The VM size of every node, such as `\"Standard_D4s_v3\"`.")
    package static let image = AttributeKey<String>(
      "image", rest: .custom("virtualMachineConfiguration.imageReference: publisher, offer, sku, version"),
      "A marketplace image as `\"publisher/offer/sku\"` or `\"publisher/offer/sku/version\"` (version `latest` when left out)."
    )
    package static let customImage = AttributeKey<String>(
      "custom_image", rest: "virtualMachineConfiguration.imageReference.virtualMachineImageId",
      "The resource ID of a custom image or a Compute Gallery image version.")
    package static let nodeAgent = AttributeKey<String>(
      "node_agent", required: true, rest: "virtualMachineConfiguration.nodeAgentSKUId",
      "The Batch node agent SKU matching the image, such as `\"batch.node.ubuntu 22.04\"`.")
    package static let dedicatedNodes = AttributeKey<Int64>(
      "dedicated_nodes", default: 0, rest: "targetDedicatedNodes",
      "How many dedicated nodes to allocate. Not with `autoscale`.")
    package static let spotNodes = AttributeKey<Int64>(
      "spot_nodes", default: 0, rest: "targetLowPriorityNodes",
      "How many spot (low-priority) nodes to allocate. Not with `autoscale`.")
    package static let taskSlotsPerNode = AttributeKey<Int64>(
      "task_slots_per_node", default: 1, rest: "taskSlotsPerNode",
      "How many task slots each node has; tasks take `required_slots` each. At most 4 × the VM's vCPUs and 256.")
    package static let nodeFill = AttributeKey<NodeFill>(
      "node_fill", default: .spread, rest: "taskSchedulingPolicy.nodeFillType",
      "Whether tasks spread evenly over nodes or fill one node before the next.")
    package static let interNodeCommunication = AttributeKey<Bool>(
      "inter_node_communication", default: false, rest: "enableInterNodeCommunication",
      "Whether nodes may talk to each other directly (needed by multi-instance MPI tasks); caps the pool at 100 nodes.")
    package static let resizeTimeout = AttributeKey<Milliseconds>(
      "resize_timeout", default: .minutes(15), rest: "resizeTimeout",
      "How long an allocation may take before it is reported as failed.")
    package static let applications = Schema.applications
    package static let metadata = Schema.metadata

    package static let startTask = Child<StartTask>()
    package static let autoscale = Child<Autoscale>()
    package static let user = Child<User>()
    package static let remoteAccess = Child<RemoteAccess>()

    package static let schema = BlockSchema(
      "pool", label: .resourceID(.pool), repeatable: true, rest: .custom("the add-pool body, BatchPoolCreateOptions"),
      children: [startTask, autoscale, user, remoteAccess],
      exactlyOneOf: [[image.schema, customImage.schema]],
      "A pool of compute nodes of one VM size. The label is the pool ID: up to 64 letters, digits, hyphens and underscores.",
      attributes: [
        account.schema, displayName.schema, vmSize.schema, image.schema, customImage.schema, nodeAgent.schema,
        dedicatedNodes.schema, spotNodes.schema, taskSlotsPerNode.schema, nodeFill.schema,
        interNodeCommunication.schema, resizeTimeout.schema, applications.schema, metadata.schema,
      ])
  }

  /// `autoscale`: sizes a pool by a formula.
  package enum Autoscale: BlockKind {
    package static let formula = AttributeKey<String>(
      "formula", required: true, rest: "autoScaleFormula",
      "The autoscale formula, such as `\"$TargetDedicatedNodes = min(10, $PendingTasks.GetSample(1));\"`.")
    package static let interval = AttributeKey<Milliseconds>(
      "interval", default: .minutes(15), rest: "autoScaleEvaluationInterval",
      "How often the formula is evaluated: 5 minutes to 168 hours.")

    package static let schema = BlockSchema(
      "autoscale", label: .none, rest: .custom("enableAutoScale, with its attributes in the pool's body"),
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

    package static let schema = BlockSchema(
      "start_task", label: .none, rest: "startTask", children: [input],
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

    package static let schema = BlockSchema(
      "user", label: .text("user name", required: true), repeatable: true, uniqueLabels: true,
      rest: "userAccounts[]", labelRest: "name",
      "A named user account created on every node of the pool; tasks run as it with `run_as`.",
      attributes: [password.schema, elevation.schema])
  }

  /// `remote_access`: who may reach the nodes' SSH or RDP port.
  package enum RemoteAccess: BlockKind {
    package static let `protocol` = AttributeKey<RemoteProtocol>(
      "protocol", required: true, rest: .custom("backendPort: 22 or 3389"),
      "The remote login protocol: `ssh` (port 22) or `rdp` (port 3389).")
    package static let allow = AttributeKey<[String]>(
      "allow", rest: .custom("networkSecurityGroupRules[].sourceAddressPrefix with access allow"),
      "Source address prefixes allowed in, such as `\"10.0.0.0/8\"`.")
    package static let deny = AttributeKey<[String]>(
      "deny", rest: .custom("networkSecurityGroupRules[].sourceAddressPrefix with access deny"),
      "Source address prefixes kept out; `\"*\"` for everyone else.")

    package static let schema = BlockSchema(
      "remote_access", label: .none, repeatable: true,
      rest: .custom("networkConfiguration.endpointConfiguration.inboundNATPools[]"),
      "Who may reach the nodes' SSH or RDP port, by source address prefix.",
      attributes: [`protocol`.schema, allow.schema, deny.schema])
  }
}
