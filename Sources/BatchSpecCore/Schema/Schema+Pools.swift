// The schema of pools and what they contain.

extension Schema {
  static let pool = BlockSchema(
    "pool", label: .resourceID(.pool), repeatable: true, rest: "PoolAddParameter",
    children: ["start_task", "autoscale", "user", "remote_access"],
    exactlyOneOf: [["image", "custom_image"]],
    "A pool of compute nodes of one VM size. The label is the pool ID: up to 64 letters, digits, hyphens and underscores.",
    attributes: [
      ownerAccount,
      displayName,
      AttributeSchema(
        "vm_size", .vmSize, required: true, rest: "vmSize", "The VM size of every node, such as `\"Standard_D4s_v3\"`."),
      AttributeSchema(
        "image", .string, rest: "virtualMachineConfiguration.imageReference",
        "A marketplace image as `\"publisher/offer/sku\"` or `\"publisher/offer/sku/version\"` (version `latest` when left out)."
      ),
      AttributeSchema(
        "custom_image", .string, rest: "virtualMachineConfiguration.imageReference.virtualMachineImageId",
        "The resource ID of a custom image or a Compute Gallery image version."),
      AttributeSchema(
        "node_agent", .string, required: true, rest: "virtualMachineConfiguration.nodeAgentSKUId",
        "The Batch node agent SKU matching the image, such as `\"batch.node.ubuntu 22.04\"`."),
      AttributeSchema(
        "dedicated_nodes", .integer, default: "0", rest: "targetDedicatedNodes",
        "How many dedicated nodes to allocate. Not with `autoscale`."),
      AttributeSchema(
        "spot_nodes", .integer, default: "0", rest: "targetLowPriorityNodes",
        "How many spot (low-priority) nodes to allocate. Not with `autoscale`."),
      AttributeSchema(
        "task_slots_per_node", .integer, default: "1", rest: "taskSlotsPerNode",
        "How many task slots each node has; tasks take `required_slots` each. At most 4 × the VM's vCPUs and 256."),
      AttributeSchema(
        "node_fill", .enumeration(["spread", "pack"]), default: "spread", rest: "taskSchedulingPolicy.nodeFillType",
        "Whether tasks spread evenly over nodes or fill one node before the next."),
      AttributeSchema(
        "inter_node_communication", .boolean, default: "false", rest: "enableInterNodeCommunication",
        "Whether nodes may talk to each other directly (needed by multi-instance MPI tasks); caps the pool at 100 nodes."
      ),
      AttributeSchema(
        "resize_timeout", .duration, default: "15m", rest: "resizeTimeout",
        "How long an allocation may take before it is reported as failed."),
      applications,
      metadata,
    ])

  static let autoscale = BlockSchema(
    "autoscale", label: .none, rest: "enableAutoScale",
    "Sizes the pool by a formula instead of fixed node counts. Excludes `dedicated_nodes` and `spot_nodes`.",
    attributes: [
      AttributeSchema(
        "formula", .string, required: true, rest: "autoScaleFormula",
        "The autoscale formula, such as `\"$TargetDedicatedNodes = min(10, $PendingTasks.GetSample(1));\"`."),
      AttributeSchema(
        "interval", .duration, default: "15m", rest: "autoScaleEvaluationInterval",
        "How often the formula is evaluated: 5 minutes to 168 hours."),
    ])

  static let startTask = BlockSchema(
    "start_task", label: .none, rest: "startTask", children: ["input"],
    atMostOneOf: [["run_as", "elevation"], ["run_as", "scope"]],
    "Runs on every node when it joins the pool or restarts, before it takes tasks (if `wait_for_success`).",
    attributes: [
      command(), environment, elevation, scope, runAs,
      AttributeSchema(
        "wait_for_success", .boolean, default: "true", rest: "waitForSuccess",
        "Whether the node takes no tasks until the start task succeeds."),
      retries(rest: "maxTaskRetryCount"),
    ])

  static let user = BlockSchema(
    "user", label: .text("user name", required: true), repeatable: true, uniqueLabels: true,
    rest: "userAccounts",
    "A named user account created on every node of the pool; tasks run as it with `run_as`.",
    attributes: [
      AttributeSchema(
        "password", .secret, required: true, rest: "password", "The password, from the environment: `env(\"NAME\")`."),
      AttributeSchema(
        "elevation", .enumeration(["nonadmin", "admin"]), default: "nonadmin", rest: "elevationLevel",
        "Whether the account is an administrator."),
    ])

  static let remoteAccess = BlockSchema(
    "remote_access", label: .none, repeatable: true,
    rest: "networkConfiguration.endpointConfiguration.inboundNATPools",
    "Who may reach the nodes' SSH or RDP port, by source address prefix.",
    attributes: [
      AttributeSchema(
        "protocol", .enumeration(["ssh", "rdp"]), required: true, rest: "backendPort",
        "The remote login protocol: `ssh` (port 22) or `rdp` (port 3389)."),
      AttributeSchema(
        "allow", .list(.string), rest: "networkSecurityGroupRules[access=allow].sourceAddressPrefix",
        "Source address prefixes allowed in, such as `\"10.0.0.0/8\"`."),
      AttributeSchema(
        "deny", .list(.string), rest: "networkSecurityGroupRules[access=deny].sourceAddressPrefix",
        "Source address prefixes kept out; `\"*\"` for everyone else."),
    ])
}
