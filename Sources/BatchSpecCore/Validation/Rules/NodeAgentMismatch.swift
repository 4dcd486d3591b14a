// BS5043: a pool's `node_agent` that is not the one its marketplace image needs.

/// Flags a pool whose node agent SKU is not the agent of its image's operating system.
package struct NodeAgentMismatch: ValidationRule {
  package let code = DiagnosticCode(
    "BS5043", "node-agent-mismatch", .warning,
    "A pool's `node_agent` that is not the node agent of its marketplace `image`.")

  package let documentation = """
    ## What it does
    Looks up a pool's marketplace `image` in batchspec's table of operating systems (the one
    `BS5042` reads) and warns when `node_agent` names another agent than the system's, with a fix
    that writes it. Images the table does not know, retired images (`BS5042` says what to move
    to), custom images and node agents that are no `batch.node.` SKU (`BS5021`) are left alone.

    ## Why is this bad?
    The node agent is built for one operating system. Batch refuses a pool whose agent does not
    match its image, or its nodes never become ready: a copied pool whose image was updated and
    whose agent was not is the usual cause.

    ## Example
    ```
    pool p {
      image      = "canonical/ubuntu-24_04-lts/server"
      node_agent = "batch.node.ubuntu 22.04"
    }
    ```

    ## Use instead
    ```
    pool p {
      image      = "canonical/ubuntu-24_04-lts/server"
      node_agent = "batch.node.ubuntu 24.04"
    }
    ```

    ## Azure limit
    `virtualMachineConfiguration.nodeAgentSKUId`: "You must specify a node agent SKU which matches
    the selected image reference" (Batch REST API); `az batch pool supported-images list` gives each
    image's `nodeAgentSKUId`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      guard let image = pool.written(\.image), let agent = pool.written(\.nodeAgent),
        // A retired image is `BS5042`'s: its agent is no better advice than the one written.
        let system = ImageSupport.system(ofImage: image.value), system.status != .retired,
        agent.value.lowercasedHasPrefix("batch.node."),
        !ImageSupport.isNodeAgent(agent.value, of: system)
      else { continue }
      context.report(
        self, at: agent.valueLocation,
        "`\(agent.value)` is not the node agent of `\(image.value)` (\(system.name)): write `\(system.nodeAgent)`",
        notes: [Note("the image is here", at: image.valueLocation)],
        fixIts: context.isStringLiteral(agent.valueLocation)
          ? [
            context.replace(
              "replace with `\(system.nodeAgent)`", agent.valueLocation, with: "\"\(system.nodeAgent)\"", safe: false)
          ] : [])
    }
  }
}
