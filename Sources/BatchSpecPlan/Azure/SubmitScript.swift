// `submit.sh`: the `az` commands that create a project's accounts, pools, jobs and tasks in
// order. Keys, SAS tokens and passwords come from the environment at submit time, never from
// the spec; the payloads hold `{{VARIABLE}}` placeholders that the script fills in a private
// temporary copy.

import BatchSpecCore
import Foundation

/// Renders the submit script of a compiled project.
enum SubmitScript {
  static func render(project: CheckedProject, plan: Plan, payloads: AzurePayloads) -> String {
    let storage = StorageContext(project: project, plan: plan)
    let variables = placeholders(in: payloads)
    // SAS variables that name no `sas_token` are those of auto-storage accounts: generated.
    var generated: [(variable: String, account: String)] = []
    for block in project.storageAccounts {
      guard let name = block.label, !block.has(\.sasToken) else { continue }
      let variable = storage.sasVariable(name)
      if variables.contains(variable) { generated.append((variable, name.lowercased())) }
    }
    let required = variables.filter { variable in !generated.contains { $0.variable == variable } }

    var lines: [String] = [
      "#!/usr/bin/env bash",
      "# submit.sh: written by `batchspec compile --target azure-batch`; compile again rather than edit.",
      "# Creates, in order: the Batch accounts and their auto-storage (ARM deployments), the pools, the jobs",
      "# and their tasks. Pools and jobs that exist already are kept (a job's tasks are then not added).",
      "#",
      "# Environment:",
    ]
    if !plan.accounts.isEmpty {
      lines += [
        "#   AZURE_RESOURCE_GROUP   the resource group of the accounts (required)",
        "#   SKIP_ACCOUNTS=1        do not deploy the account templates (the accounts exist)",
      ]
    }
    for account in plan.accounts {
      let prefix = account.name.uppercased()
      lines.append(
        "#   \(keyVariable(account.name, project))  shared key of account \(account.name) (else: Entra ID login)")
      lines.append("#   \(prefix)_BATCH_ENDPOINT  its endpoint (default \(account.url))")
    }
    if plan.accounts.isEmpty {
      lines.append(
        "#   AZURE_BATCH_ACCOUNT, AZURE_BATCH_ENDPOINT, AZURE_BATCH_ACCESS_KEY  the Batch account (az's own)")
    }
    for variable in required { lines.append("#   \(variable)  (required)") }
    for (variable, account) in generated {
      lines.append("#   \(variable)  SAS token of storage \(account) (default: generated, valid 7 days)")
    }
    lines += [
      "set -euo pipefail",
      "cd \"$(dirname \"$0\")\"",
      "umask 077",
      "work=\"$(mktemp -d)\"",
      "trap 'rm -rf \"$work\"' EXIT",
      "",
    ]
    if !plan.accounts.isEmpty {
      lines.append(
        ": \"${AZURE_RESOURCE_GROUP:?set AZURE_RESOURCE_GROUP to the resource group of the Batch accounts}\"")
    }
    for variable in required { lines.append(": \"${\(variable):?set \(variable); see the top of this script}\"") }
    lines += [
      "",
      "# json_escape VALUE: VALUE as the inside of a JSON string.",
      "json_escape() {",
      "  local value=\"$1\"",
      "  value=\"${value//\\\\/\\\\\\\\}\"",
      "  value=\"${value//\\\"/\\\\\\\"}\"",
      "  printf '%s' \"$value\"",
      "}",
      "",
      "# resolve FILE: prints the path of a private copy of FILE with the placeholders filled in.",
      "resolve() {",
      "  local text copy",
      "  text=\"$(<\"$1\")\"",
    ]
    let passwords = Set(
      project.pools.flatMap { $0.children(\.user) }.compactMap { user -> String? in
        if let password = user[\.password] { return password.variable }
        return nil
      })
    for variable in variables {
      let value = passwords.contains(variable) ? "$\(variable)" : "${\(variable)#\\?}"
      lines.append("  text=\"${text//\"{{\(variable)}}\"/\"$(json_escape \"\(value)\")\"}\"")
    }
    lines += [
      "  copy=\"$work/${1//\\//_}\"",
      "  printf '%s\\n' \"$text\" >\"$copy\"",
      "  printf '%s\\n' \"$copy\"",
      "}",
      "",
      "# resolve_job FILE: as resolve, with onAllTasksComplete held at noaction until the tasks are added.",
      "resolve_job() {",
      "  local copy",
      "  copy=\"$(resolve \"$1\")\"",
      "  local text",
      "  text=\"$(<\"$copy\")\"",
      "  printf '%s\\n' \"${text//'\"onAllTasksComplete\": \"terminatejob\"'/'\"onAllTasksComplete\": \"noaction\"'}\" >\"$copy\"",
      "  printf '%s\\n' \"$copy\"",
      "}",
      "",
      "# resolve_tasks FILE: as resolve, the collection's tasks as the JSON array az batch task create takes.",
      "resolve_tasks() {",
      "  local copy",
      "  copy=\"$(resolve \"$1\")\"",
      "  local text",
      "  text=\"$(<\"$copy\")\"",
      "  text=\"${text#*\\\"value\\\": }\"",
      "  printf '%s\\n' \"${text%\\}*}\" >\"$copy\"",
      "  printf '%s\\n' \"$copy\"",
      "}",
      "",
      "create_pool() {",
      "  if az batch pool show --pool-id \"$1\" --output none 2>/dev/null; then",
      "    echo \"pool $1 exists: kept\"",
      "  else",
      "    az batch pool create --json-file \"$(resolve \"pools/$1.json\")\"",
      "    echo \"pool $1 created\"",
      "  fi",
      "}",
      "",
    ]
    var pendingSAS = generated
    func sasLines(_ storageName: String?) -> [String] {
      var out: [String] = []
      for (variable, account) in pendingSAS where storageName == nil || account == storageName {
        out += [
          "if [[ -z \"${\(variable):-}\" ]]; then",
          "  \(variable)=\"$(az storage account generate-sas --account-name \(account) --services b \\",
          "    --resource-types co --permissions rlwac --https-only --output tsv \\",
          "    --expiry \"$(date -u -d '+7 days' '+%Y-%m-%dT%H:%MZ' 2>/dev/null || date -u -v+7d '+%Y-%m-%dT%H:%MZ')\")\"",
          "fi",
        ]
      }
      pendingSAS.removeAll { storageName == nil || $0.account == storageName }
      return out
    }
    // SAS tokens of storage that no account of the project deploys are generated up front.
    let linked = Set(
      project.accounts.compactMap { $0[\.storage]?.key })
    for (variable, account) in generated where !linked.contains(account) {
      lines += sasLines(account)
      _ = variable
    }
    for group in accountGroups(plan) {
      if let account = group.account {
        let prefix = account.name.uppercased()
        let key = keyVariable(account.name, project)
        lines += [
          "# Account \(account.name)",
          "if [[ \"${SKIP_ACCOUNTS:-}\" != 1 ]]; then",
          "  az deployment group create --resource-group \"$AZURE_RESOURCE_GROUP\" --name batchspec-\(account.name) \\",
          "    --template-file accounts/\(account.name).json --output none",
          "  echo \"account \(account.name) deployed\"",
          "fi",
          "export AZURE_BATCH_ACCOUNT=\(account.name)",
          "export AZURE_BATCH_ENDPOINT=\"${\(prefix)_BATCH_ENDPOINT:-\(account.url)}\"",
          "if [[ -n \"${\(key):-}\" ]]; then",
          "  export AZURE_BATCH_ACCESS_KEY=\"$\(key)\"",
          "else",
          "  unset AZURE_BATCH_ACCESS_KEY",
          "  az batch account login --name \(account.name) --resource-group \"$AZURE_RESOURCE_GROUP\"",
          "fi",
        ]
      } else {
        lines += [
          "# The Batch account comes from the environment (AZURE_BATCH_ACCOUNT, AZURE_BATCH_ENDPOINT, ...).",
          ": \"${AZURE_BATCH_ACCOUNT:?set AZURE_BATCH_ACCOUNT, AZURE_BATCH_ENDPOINT and AZURE_BATCH_ACCESS_KEY}\"",
        ]
      }
      if let account = group.account,
        let block = project.accounts.first(where: { $0.label?.lowercased() == account.name.lowercased() }),
        let storage = block[\.storage]
      {
        lines += sasLines(storage.key)
      }
      for pool in group.pools { lines.append("create_pool \(pool)") }
      for job in plan.jobs where group.pools.contains(where: { $0.lowercased() == job.pool.lowercased() }) {
        lines.append(contentsOf: jobLines(job, payloads: payloads))
      }
      lines.append("")
    }
    lines.append("echo \"submitted\"")
    return lines.joined(separator: "\n") + "\n"
  }

  static func jobLines(_ job: PlanJob, payloads: AzurePayloads) -> [String] {
    let terminates = job.onAllTasksComplete == .terminateJob
    var lines = [
      "if az batch job show --job-id \(job.id) --output none 2>/dev/null; then",
      "  echo \"job \(job.id) exists: kept, its tasks not added again\"",
      "else",
      "  az batch job create --json-file \"$(\(terminates ? "resolve_job" : "resolve") jobs/\(job.id).json)\"",
    ]
    for file in payloads.files where file.path.hasPrefix("jobs/\(job.id)/tasks-") {
      lines.append(
        "  az batch task create --job-id \(job.id) --json-file \"$(resolve_tasks \(file.path))\" --output none")
    }
    if terminates { lines.append("  az batch job set --job-id \(job.id) --on-all-tasks-complete terminatejob") }
    lines += ["  echo \"job \(job.id) created\"", "fi"]
    return lines
  }

  /// The environment variable of an account's shared key: its `key`, else `<NAME>_BATCH_KEY`.
  static func keyVariable(_ account: String, _ project: CheckedProject) -> String {
    let block = project.accounts.first { $0.label?.lowercased() == account.lowercased() }
    if let key = block?[\.key] { return key.variable }
    return account.uppercased() + "_BATCH_KEY"
  }

  /// Pools grouped by account, in the order accounts are declared (pools without one last).
  static func accountGroups(_ plan: Plan) -> [(account: PlanAccount?, pools: [String])] {
    var groups: [(account: PlanAccount?, pools: [String])] = plan.accounts.map { ($0, []) }
    var orphans: [String] = []
    for pool in plan.pools {
      if let index = plan.accounts.firstIndex(where: { $0.name.lowercased() == pool.account?.lowercased() }) {
        groups[index].pools.append(pool.id)
      } else {
        orphans.append(pool.id)
      }
    }
    if !orphans.isEmpty { groups.append((nil, orphans)) }
    return groups
  }

  /// The `{{VARIABLE}}` placeholders of the payloads, sorted.
  static func placeholders(in payloads: AzurePayloads) -> [String] {
    var found: Set<String> = []
    for file in payloads.files {
      var rest = Substring(file.contents)
      while let open = rest.range(of: "{{") {
        rest = rest[open.upperBound...]
        guard let close = rest.range(of: "}}") else { break }
        let name = rest[..<close.lowerBound]
        if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
          found.insert(String(name))
        }
        rest = rest[close.upperBound...]
      }
    }
    return found.sorted()
  }
}
