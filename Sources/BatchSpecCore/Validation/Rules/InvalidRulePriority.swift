// BS5049: an `inbound_nat` rule priority Batch refuses: out of range, or another rule's in the pool.

/// Flags a `rule` priority outside 150 to 4096, or one that another rule of the pool has, those
/// compile writes for `remote_access` blocks included.
package struct InvalidRulePriority: ValidationRule {
  package let code = DiagnosticCode(
    "BS5049", "invalid-rule-priority", .error,
    "An `inbound_nat` rule priority outside 150 to 4096, or one another rule of the pool has (`remote_access`'s take 150, 151, ...)."
  )

  package let documentation = """
    ## What it does
    Flags the `priority` of an `inbound_nat` block's `rule` that is outside 150 to 4096, or that an
    earlier rule of the pool has. Compile gives the rules of the pool's `remote_access` blocks
    priorities of their own, 150, 151, ..., one per `allow` and `deny` prefix in order, so a
    pool with `remote_access` has those priorities taken although it writes none of them.

    ## Why is this bad?
    Batch refuses the pool with 400 (Bad Request).

    ## Example
    ```
    remote_access { protocol = ssh, allow = ["10.0.0.0/8"], deny = ["*"] }
    inbound_nat web { protocol = tcp, backend_port = 8080, frontend_ports = 60000..60099
      rule { priority = 151, access = allow, source = "*" }
    }
    ```

    ## Use instead
    ```
    remote_access { protocol = ssh, allow = ["10.0.0.0/8"], deny = ["*"] }
    inbound_nat web { protocol = tcp, backend_port = 8080, frontend_ports = 60000..60099
      rule { priority = 200, access = allow, source = "*" }
    }
    ```

    ## Azure limit
    Batch REST API 2025-06-01, `NetworkSecurityGroupRule.priority`: "Priorities within a Pool
    must be unique and are evaluated in order of priority. [...] Allowed priorities are 150 to
    4096. If any reserved or duplicate values are provided the request fails with HTTP status
    code 400."
    """

  package var scope: RuleScope { .resources }

  package init() {}

  package func check(_ context: inout ValidationContext) {
    for pool in context.pools {
      guard pool.child(\.inboundNAT) != nil else { continue }
      let remotes = pool.remoteAccessEndpoints
      var priorities: [(Int64, Location)] = []
      for nat in pool.children(\.inboundNAT) {
        for rule in nat.children(\.rule) {
          guard let priority = rule.written(\.priority) else { continue }
          if !(150...4096).contains(priority.value) {
            context.report(
              self, at: priority.valueLocation,
              "rule priority \(priority.value) is outside 150 to 4096, the priorities Batch allows: choose one in that range"
            )
          } else if let other = priorities.first(where: { $0.0 == priority.value }) {
            context.report(
              self, at: priority.valueLocation,
              "pool `\(pool.label ?? "")` already has a rule of priority \(priority.value), and Batch requires a pool's priorities to differ: choose another",
              notes: [Note("the other rule", at: other.1)])
          } else if let remote = remotes.first(where: { $0.priorities.contains(Int(priority.value)) }) {
            let free = remotes[remotes.count - 1].priorities.upperBound
            let taken = free - 1 == 150 ? "priority 150" : "priorities 150 to \(free - 1)"
            // The first priority after them that no rule of the pool has either.
            let written = Set(
              pool.children(\.inboundNAT).flatMap { $0.children(\.rule) }.compactMap { $0[\.priority] })
            var suggestion = Int64(free)
            while written.contains(suggestion) { suggestion += 1 }
            context.report(
              self, at: priority.valueLocation,
              "priority \(priority.value) is taken: compile gives the `remote_access` rules of pool `\(pool.label ?? "")` (one per `allow` and `deny` prefix) \(taken), and Batch requires a pool's priorities to differ; use \(suggestion), the first one free",
              notes: [Note("the `remote_access` block", at: remote.block.nameLocation)])
          }
          priorities.append((priority.value, priority.valueLocation))
        }
      }
    }
  }
}
