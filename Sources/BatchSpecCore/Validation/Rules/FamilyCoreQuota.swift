// BS3003: dedicated cores of one VM family over the account's quota for that family.

/// Flags a VM family whose dedicated cores exceed the account's `family` quota, and dedicated
/// pools of a family the account's family quotas leave out.
package struct FamilyCoreQuota: ValidationRule {
  package let code = DiagnosticCode(
    "BS3003", "family-core-quota-exceeded", .error,
    "The dedicated cores of one VM family add up to more than the account's quota for that family.")

  package let documentation = """
    ## What it does
    When an account declares `family` quotas, adds up the dedicated cores of its pools per VM family
    (from the VM size catalogue) and compares each family's total with its quota. It also warns
    about a dedicated pool whose family has no `family` quota, and about family names it does not know.

    ## Why is this bad?
    Batch enforces the per-family quota on top of the account's total: a pool can be within the total
    and still fail to resize because its family is full.

    ## Example
    ```
    quota { dedicated_cores = 200, family standardDSv3Family { dedicated_cores = 32 } }
    pool render-pool { vm_size = "Standard_D8s_v3", dedicated_nodes = 6 }  // 48 DSv3 vCPUs
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D8s_v3", dedicated_nodes = 4 }  // 32 DSv3 vCPUs
    ```

    ## Azure limit
    `dedicatedCoreQuotaPerVMFamily`, enforced when `dedicatedCoreQuotaPerVMFamilyEnforced` is true:
    each family's dedicated cores stay within its quota. Spot nodes count only against the account's
    spot total. Not in `user_subscription` allocation mode.
    """

  package init() {}

  package func check(_ context: inout ValidationContext) {
    let project = context.project
    let facts = context.facts
    for account in project.accounts where !project.isUserSubscription(account) {
      guard let quota = account.child(\.quota) else { continue }
      let families = quota.children(\.family)
      guard !families.isEmpty else { continue }
      let demands = facts.demands(of: account).compactMap { $0 }.filter { $0.dedicatedNodes > 0 }
      var declared: Set<String> = []
      for family in families {
        guard let name = family.label else { continue }
        declared.insert(name.lowercased())
        if !VMSizes.families.contains(where: { $0.lowercased() == name.lowercased() }) {
          let suggestion = Suggestions.closest(to: name, in: VMSizes.families)
          context.report(
            self, at: family.nameLocation,
            "no VM size batchspec knows is in family `\(name)`\(Suggestions.didYouMeanOrStop(suggestion)) No pool counts against it",
            severity: .warning,
            fixIts: suggestion.map {
              [context.replace("replace with `\($0)`", family.nameLocation, with: VMSizes.familyLabel($0), safe: false)]
            }
              ?? [])
        }
        guard let attribute = family.written(\.dedicatedCores) else { continue }
        let limit = max(0, attribute.value)
        var shares = QuotaSupport.Shares()
        for demand in demands where demand.size.family.lowercased() == name.lowercased() {
          shares.add(demand, nodes: demand.dedicatedNodes)
        }
        let total = shares.cores
        guard total > limit else { continue }
        var notes = shares.notes
        notes.append(Note("total: \(shares.sum) `\(name)` vCPUs; the quota is \(limit)"))
        context.report(
          self, at: attribute.location,
          "dedicated pools of family `\(name)` need \(total) vCPUs, \(total - limit) over its quota of \(limit): lower `\(Schema.Pool.dedicatedNodes.name)`, move a pool to another family, or raise the family quota",
          notes: notes)
      }
      for demand in demands where !declared.contains(demand.size.family.lowercased()) {
        context.report(
          self, at: demand.pool.written(\.vmSize)?.valueLocation ?? demand.pool.nameLocation,
          "`\(demand.size.name)` is in family `\(demand.size.family)`, which account `\(account.label ?? "")` gives no `family` quota: with family quotas enforced it may be 0; add `family \(VMSizes.familyLabel(demand.size.family)) { dedicated_cores = \(demand.dedicatedCores) }`",
          severity: .warning, notes: [Note("the family quotas are declared here", at: quota.nameLocation)])
      }
    }
  }
}
