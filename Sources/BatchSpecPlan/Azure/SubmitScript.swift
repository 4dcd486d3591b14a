// `submit.sh`: the `az` commands that create a project's accounts, pools, jobs, tasks and job
// schedules, in order. The script is a list of steps (`SubmitStep`), each one call of a shell
// function defined once at its top; every JSON file it sends is a payload as `compile` wrote it,
// with only its `{{VARIABLE}}` placeholders filled in (in a private temporary copy) from the
// environment. Keys, SAS tokens and passwords never come from the spec.

import BatchSpecCore

/// One step of `submit.sh`.
enum SubmitStep: Equatable {
  /// Deploys an account's ARM template (unless `SKIP_ACCOUNTS=1`) and logs in to it.
  case deployAccount(name: String, keyVariable: String, endpointVariable: String, endpoint: String)
  /// The Batch account comes from az's own environment variables.
  case environmentAccount
  /// Generates a SAS token for an auto-storage account when the variable is not set.
  case generateSAS(variable: String, account: String)
  /// Creates `pools/<id>.json` unless the pool exists.
  case createPool(String)
  /// Creates `jobs/<id>.json`, adds the task files, then applies `jobs/<id>.after-tasks.json`.
  case createJob(String, taskFiles: [String], afterTasks: Bool)
  /// Creates `schedules/<id>.json` unless the schedule exists.
  case createSchedule(String)

  /// The step as one line of the script.
  var line: String {
    switch self {
    case .deployAccount(let name, let key, let endpointVariable, let endpoint):
      "deploy_account \(name) \(key) \"${\(endpointVariable):-\(endpoint)}\""
    case .environmentAccount:
      "use_environment_account"
    case .generateSAS(let variable, let account):
      "generate_sas \(variable) \(account)"
    case .createPool(let id):
      "create_pool \(id)"
    case .createJob(let id, let files, let afterTasks):
      (["create_job", id, afterTasks ? "then-update" : "-"] + files).joined(separator: " ")
    case .createSchedule(let id):
      "create_schedule \(id)"
    }
  }
}

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
    let sasVariables = Set(project.storageAccounts.map { storage.sasVariable($0.label ?? "") })
    let required = variables.filter { variable in !generated.contains { $0.variable == variable } }
    let steps = self.steps(project: project, plan: plan, payloads: payloads, generated: generated)
    var lines = header(project: project, plan: plan, required: required, generated: generated)
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
    lines.append("")
    lines.append("# The placeholders the payloads hold; SAS tokens lose a leading `?`.")
    lines.append("placeholders=(\(variables.joined(separator: " ")))")
    lines.append("sas_tokens=(\(variables.filter(sasVariables.contains).joined(separator: " ")))")
    lines.append(functions)
    lines += steps.map(\.line)
    lines.append("echo \"submitted\"")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The steps, in order: SAS tokens of storage no account links; then per account its
  /// deployment, its auto-storage's SAS token, its pools, the jobs on them and the schedules of
  /// those jobs; then what runs on pools of no declared account.
  static func steps(
    project: CheckedProject, plan: Plan, payloads: AzurePayloads, generated: [(variable: String, account: String)]
  ) -> [SubmitStep] {
    let files = Set(payloads.files.map(\.path))
    var steps: [SubmitStep] = []
    var pendingSAS = generated
    func sas(_ account: String?) {
      for (variable, name) in pendingSAS where account == nil || name == account {
        steps.append(.generateSAS(variable: variable, account: name))
      }
      pendingSAS.removeAll { account == nil || $0.account == account }
    }
    let linked = Set(project.accounts.compactMap { $0[\.storage]?.key })
    for (variable, account) in generated where !linked.contains(account) {
      steps.append(.generateSAS(variable: variable, account: account))
      pendingSAS.removeAll { $0.variable == variable }
    }
    let scheduled = Dictionary(
      project.schedules.compactMap { schedule in schedule[\.job].map { ($0.key, schedule.label ?? "") } },
      uniquingKeysWith: { first, _ in first })
    for group in accountGroups(plan) {
      if let account = group.account {
        let block = project.accounts.first { $0.label?.lowercased() == account.name.lowercased() }
        steps.append(
          .deployAccount(
            name: account.name, keyVariable: keyVariable(account.name, project),
            endpointVariable: account.name.uppercased() + "_BATCH_ENDPOINT", endpoint: account.url))
        if let storage = block?[\.storage] { sas(storage.key) }
      } else {
        steps.append(.environmentAccount)
      }
      for pool in group.pools where files.contains("pools/\(pool).json") { steps.append(.createPool(pool)) }
      for job in plan.jobs where group.pools.contains(where: { $0.lowercased() == job.pool.lowercased() }) {
        if let schedule = scheduled[job.id.lowercased()] {
          steps.append(.createSchedule(schedule))
        } else {
          let tasks = payloads.files.map(\.path).filter { $0.hasPrefix("jobs/\(job.id)/tasks-") }
          steps.append(.createJob(job.id, taskFiles: tasks, afterTasks: files.contains(afterTasksPath(job.id))))
        }
      }
    }
    return steps
  }

  /// The path of a job's update after its tasks are added.
  static func afterTasksPath(_ job: String) -> String { "jobs/\(job).after-tasks.json" }

  /// The comment at the top: what the script does and what it reads from the environment.
  static func header(
    project: CheckedProject, plan: Plan, required: [String], generated: [(variable: String, account: String)]
  ) -> [String] {
    var lines: [String] = [
      "#!/usr/bin/env bash",
      "# submit.sh: written by `batchspec compile --target azure-batch`; compile again rather than edit.",
      "# Creates, in order: the Batch accounts and their auto-storage (ARM deployments), the pools, the jobs",
      "# and their tasks, and the job schedules. What exists already is kept (a job's tasks are then not added).",
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
      lines.append(
        "#   \(keyVariable(account.name, project))  shared key of account \(account.name) (else: Entra ID login)")
      lines.append("#   \(account.name.uppercased())_BATCH_ENDPOINT  its endpoint (default \(account.url))")
    }
    if plan.accounts.isEmpty {
      lines.append(
        "#   AZURE_BATCH_ACCOUNT, AZURE_BATCH_ENDPOINT, AZURE_BATCH_ACCESS_KEY  the Batch account (az's own)")
    }
    for variable in required { lines.append("#   \(variable)  (required)") }
    for (variable, account) in generated {
      lines.append("#   \(variable)  SAS token of storage \(account) (default: generated, valid 7 days)")
    }
    return lines
  }

  /// The shell functions the steps call, defined once.
  static let functions = #"""

    # json_escape VALUE: VALUE as the inside of a JSON string.
    json_escape() {
      local value="$1"
      value="${value//\\/\\\\}"
      value="${value//\"/\\\"}"
      printf '%s' "$value"
    }

    # resolve FILE: the path of a private copy of FILE with every {{NAME}} placeholder replaced by
    # the JSON-escaped value of $NAME.
    resolve() {
      local text copy name value
      text="$(<"$1")"
      for name in "${placeholders[@]}"; do
        [[ "$text" == *"{{$name}}"* ]] || continue
        value="${!name}"
        if [[ " ${sas_tokens[*]} " == *" $name "* ]]; then value="${value#\?}"; fi
        text="${text//"{{$name}}"/"$(json_escape "$value")"}"
      done
      copy="$work/${1//\//_}"
      printf '%s\n' "$text" >"$copy"
      printf '%s\n' "$copy"
    }

    # deploy_account NAME KEY_VARIABLE ENDPOINT: deploys accounts/NAME.json (unless SKIP_ACCOUNTS=1),
    # then uses the account: with the key in $KEY_VARIABLE, or by logging in with Entra ID.
    deploy_account() {
      local name="$1" key="$2"
      if [[ "${SKIP_ACCOUNTS:-}" != 1 ]]; then
        az deployment group create --resource-group "$AZURE_RESOURCE_GROUP" --name "batchspec-$name" \
          --template-file "accounts/$name.json" --output none
        echo "account $name deployed"
      fi
      export AZURE_BATCH_ACCOUNT="$name"
      export AZURE_BATCH_ENDPOINT="$3"
      if [[ -n "${!key:-}" ]]; then
        export AZURE_BATCH_ACCESS_KEY="${!key}"
      else
        unset AZURE_BATCH_ACCESS_KEY
        az batch account login --name "$name" --resource-group "$AZURE_RESOURCE_GROUP"
      fi
    }

    # use_environment_account: the Batch account comes from AZURE_BATCH_ACCOUNT, AZURE_BATCH_ENDPOINT, ...
    use_environment_account() {
      : "${AZURE_BATCH_ACCOUNT:?set AZURE_BATCH_ACCOUNT, AZURE_BATCH_ENDPOINT and AZURE_BATCH_ACCESS_KEY}"
    }

    # generate_sas VARIABLE ACCOUNT: sets $VARIABLE to a SAS token of storage ACCOUNT valid for 7 days,
    # unless it is set.
    generate_sas() {
      [[ -n "${!1:-}" ]] && return
      local expiry
      expiry="$(date -u -d '+7 days' '+%Y-%m-%dT%H:%MZ' 2>/dev/null || date -u -v+7d '+%Y-%m-%dT%H:%MZ')"
      printf -v "$1" '%s' "$(az storage account generate-sas --account-name "$2" --services b \
        --resource-types co --permissions rlwac --https-only --output tsv --expiry "$expiry")"
    }

    # create_pool ID: creates pools/ID.json unless the pool exists.
    create_pool() {
      if az batch pool show --pool-id "$1" --output none 2>/dev/null; then
        echo "pool $1 exists: kept"
      else
        az batch pool create --json-file "$(resolve "pools/$1.json")"
        echo "pool $1 created"
      fi
    }

    # create_job ID then-update|- [TASK_FILE...]: creates jobs/ID.json, adds the tasks of each file,
    # then (with then-update) applies jobs/ID.after-tasks.json: a job that ends when its tasks do
    # is switched to that only once they are in. An existing job is kept, its tasks not added again.
    create_job() {
      local id="$1" update="$2" file
      shift 2
      if az batch job show --job-id "$id" --output none 2>/dev/null; then
        echo "job $id exists: kept, its tasks not added again"
        return
      fi
      az batch job create --json-file "$(resolve "jobs/$id.json")"
      for file in "$@"; do
        az batch task create --job-id "$id" --json-file "$(resolve "$file")" --output none
      done
      if [[ "$update" == then-update ]]; then
        az batch job set --job-id "$id" --json-file "$(resolve "jobs/$id.after-tasks.json")"
      fi
      echo "job $id created"
    }

    # create_schedule ID: creates schedules/ID.json unless the schedule exists.
    create_schedule() {
      if az batch job-schedule show --job-schedule-id "$1" --output none 2>/dev/null; then
        echo "job schedule $1 exists: kept"
      else
        az batch job-schedule create --json-file "$(resolve "schedules/$1.json")"
        echo "job schedule $1 created"
      fi
    }

    """#

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
      while let open = rest.firstRange(of: "{{") {
        rest = rest[open.upperBound...]
        guard let close = rest.firstRange(of: "}}") else { break }
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
