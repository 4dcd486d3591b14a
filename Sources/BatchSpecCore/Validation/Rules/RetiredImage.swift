// BS5042: a pool image or node agent of an operating system Batch no longer supports.

/// Flags pools whose marketplace image or node agent SKU belongs to an operating system whose Batch
/// support has ended, with the date, the notice and what to move to.
package struct RetiredImage: ValidationRule {
  package let code = DiagnosticCode(
    "BS5042", "retired-image", .warning,
    "A pool `image` or `node_agent` of an operating system whose Batch support has ended.")

  package let documentation = """
    ## What it does
    Looks up each pool's marketplace `image` and `node_agent` in batchspec's table of the operating
    systems Batch has retired (Ubuntu 14.04 to 20.04, CentOS 7 and 8, Debian 8 to 10, Windows
    Server 2012, Windows Server 2019 with containers), and warns with the date, Azure Batch's
    notice and what to move to. A retired image is reported at the image, with a note at its node
    agent when the agent is retired with it, and a fix that writes the successor's image and agent
    (one to look at: the operating system changes; an Ubuntu or Debian pool that runs containers,
    or an Ubuntu image made for containers or HPC, moves to `microsoft-dsvm/ubuntu-hpc/2404`,
    which has a container runtime; other systems move to their successor's plain image, and the
    message says to install a container runtime with a start task when the pool runs containers).
    A pool of a custom image is found by its node agent.

    Systems whose end is announced but has not come (Windows Server 2016 on 2027-01-12, Ubuntu 22.04
    on 2027-06-30) are not flagged: hover over the image or the agent to see the date.

    ## Why is this bad?
    After the date, Batch creates no pool of the system and grows none: the pool fails to be
    created, or stays empty, and its jobs never run. Existing pools may be shrunk to zero nodes.

    ## Example
    ```
    pool p {
      image      = "canonical/0001-com-ubuntu-server-focal/20_04-lts"
      node_agent = "batch.node.ubuntu 20.04"
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
    Batch follows the publishers' end of standard support, and announces each retirement in
    github.com/Azure/Batch (issues labelled `retirement`): after the date, "create pool and resize up
    operations for associated pools may fail" and existing pools "may be subject to forced scale in
    to zero nodes". `az batch pool supported-images list` shows each image's `batchSupportEndOfLife`.
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      let image = pool.written(\.image)
      let agent = pool.written(\.nodeAgent)
      let imageSystem = image.flatMap { ImageSupport.system(ofImage: $0.value) }
      if let image, let system = imageSystem {
        // A known image that is not retired is silent here; another system's agent is BS5043's.
        guard system.status == .retired else { continue }
        report(image, of: system, agent: agent, runsContainers: !pool.children(\.containers).isEmpty, &context)
      } else if let agent, let system = ImageSupport.retirement(ofNodeAgent: agent.value), system.status == .retired {
        // A custom or unknown image is known by its agent alone.
        context.report(
          self, at: agent.valueLocation,
          "`\(agent.value)` is the node agent of \(system.name), and \(system.summary("it")): no pool of it is created or grown; move to \(system.instead?.phrase ?? "")"
        )
      }
    }
  }

  /// Reports a retired image, with a note at its agent when the agent is retired with it, and a fix
  /// that writes the successor's image and agent together (to look at: the system changes).
  private func report(
    _ image: Written<String>, of system: ImageSupport.System, agent: Written<String>?, runsContainers: Bool,
    _ context: inout ValidationContext
  ) {
    let notes =
      agent.flatMap { agent in
        ImageSupport.retirement(ofNodeAgent: agent.value)?.name == system.name
          ? [Note("its node agent `\(agent.value)` is retired with it", at: agent.valueLocation)] : nil
      } ?? []
    let successor = system.successor(forImage: image.value, runsContainers: runsContainers)
    // Written by a param, a value is the param's: a fix here would cut the link.
    let values = [(image, successor?.image)] + (agent.map { [($0, successor?.nodeAgent)] } ?? [])
    let fixes: [FixIt] =
      if let successor, values.allSatisfy({ context.isStringLiteral($0.0.valueLocation) }) {
        [
          FixIt(
            "move to `\(successor.image)` with `\(successor.nodeAgent)`",
            edits: values.map { written, text in
              TextEdit(
                file: written.valueLocation.file, range: written.valueLocation.range, replacement: "\"\(text ?? "")\"")
            }, isSafe: false)
        ]
      } else {
        []
      }
    context.report(
      self, at: image.valueLocation,
      "`\(image.value)` runs \(system.name), and \(system.summary("it")): no pool of it is created or grown; move to \(successor?.phrase ?? "")",
      notes: notes, fixIts: fixes)
  }
}
