// `submit.sh`: the calls that create a project's accounts, pools, jobs, tasks and job schedules,
// in order. The script is a list of steps (`SubmitStep`), each one call of a shell function
// defined once at its top (`SubmitScript+Shell`); every JSON file it sends goes to the Batch REST
// API as `compile` wrote it, with only its `{{VARIABLE}}` placeholders filled in (in a private
// temporary copy) from the environment. Keys, SAS tokens and passwords never come from the spec.

import BatchSpecCore

/// One step of `submit.sh`.
enum SubmitStep: Equatable {
  /// Deploys an account's ARM template (unless `SKIP_ACCOUNTS=1`); later steps go to that account.
  case deployAccount(name: String, keyVariable: String, endpointVariable: String, endpoint: String)
  /// The Batch account comes from `AZURE_BATCH_ACCOUNT`, `AZURE_BATCH_ENDPOINT` and
  /// `AZURE_BATCH_ACCESS_KEY`.
  case environmentAccount
  /// Generates a SAS token for an auto-storage account when the variable is not set.
  case generateSAS(variable: String, account: String)
  /// Creates `pools/<id>.json` unless the pool exists.
  case createPool(String)
  /// Deploys the ARM template `pools/<id>.json` (a pool whose nodes hold managed identities) unless
  /// the pool exists; its secure parameters are filled from the variables of the same names.
  case deployPool(String, secureParameters: [String])
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
    case .deployPool(let id, let parameters):
      (["deploy_pool", id] + parameters).joined(separator: " ")
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
    var lines = header(
      project: project, plan: plan, required: required, generated: generated,
      poolTemplates: payloads.poolTemplates.keys.sorted())
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
    let jobs = plan.jobs.sorted { ($0.id.lowercased(), $0.id) < ($1.id.lowercased(), $1.id) }
    let taskFiles = taskFilesByJob(payloads)
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
      for pool in group.pools where files.contains("pools/\(pool).json") {
        if let parameters = payloads.poolTemplates[pool] {
          steps.append(.deployPool(pool, secureParameters: parameters))
        } else {
          steps.append(.createPool(pool))
        }
      }
      let pools = Set(group.pools.map { $0.lowercased() })
      for job in jobs where pools.contains(job.pool.lowercased()) {
        if let schedule = scheduled[job.id.lowercased()] {
          steps.append(.createSchedule(schedule))
        } else {
          steps.append(
            .createJob(job.id, taskFiles: taskFiles[job.id] ?? [], afterTasks: files.contains(afterTasksPath(job.id))))
        }
      }
    }
    return steps
  }

  /// Each job's `jobs/<id>/tasks-NNN.json` files, in the payloads' order. (Job IDs hold no `/`.)
  static func taskFilesByJob(_ payloads: AzurePayloads) -> [String: [String]] {
    var files: [String: [String]] = [:]
    for (path, _) in payloads.files where path.hasPrefix("jobs/") {
      let rest = path.utf8.dropFirst(5)
      guard let slash = rest.firstIndex(of: UInt8(ascii: "/")),
        path.utf8[path.utf8.index(after: slash)...].starts(with: "tasks-".utf8)
      else { continue }
      files[String(path[rest.startIndex..<slash]), default: []].append(path)
    }
    return files
  }

  /// The path of a job's update after its tasks are added.
  static func afterTasksPath(_ job: String) -> String { "jobs/\(job).after-tasks.json" }

  /// The comment at the top: what the script does and what it reads from the environment.
  static func header(
    project: CheckedProject, plan: Plan, required: [String], generated: [(variable: String, account: String)],
    poolTemplates: [String] = []
  ) -> [String] {
    var lines: [String] = [
      "#!/usr/bin/env bash",
      "# submit.sh: written by `batchspec compile --target azure-batch`; compile again rather than edit.",
      "# Creates, in order: the Batch accounts and their auto-storage (ARM deployments), the pools, the jobs",
      "# and their tasks, and the job schedules. What exists already is kept (a job's tasks are then not added).",
      "# Each payload is sent as it is written here to the Batch service's REST API, api-version",
      "# \(AzureTarget.dataPlaneAPIVersion) (BATCH_API_VERSION below), with curl: signed with the account's shared key",
      "# (openssl) when it is set, else with an Entra ID token of the az login (az account get-access-token).",
      "# Needs bash, curl, openssl, and az for the account deployments, SAS tokens and Entra ID tokens.",
    ]
    if !poolTemplates.isEmpty {
      lines += [
        "# Pools whose nodes hold managed identities (\(poolTemplates.joined(separator: ", "))) are not POSTed: Azure",
        "# assigns a pool's identities only through ARM, so pools/<id>.json is then an ARM template, deployed",
        "# with az deployment group create (API \(AzureTarget.poolManagementAPIVersion)) after its account; its secrets",
        "# go to the deployment as secure parameters from a private parameters file.",
      ]
    }
    lines += ["#", "# Environment:"]
    if !plan.accounts.isEmpty {
      lines += [
        "#   AZURE_RESOURCE_GROUP   the resource group of the accounts (required)",
        "#   SKIP_ACCOUNTS=1        do not deploy the account templates (the accounts exist)",
      ]
    } else if !poolTemplates.isEmpty {
      lines.append("#   AZURE_RESOURCE_GROUP   the resource group of the account (required by the pool templates)")
    }
    for account in plan.accounts {
      lines.append(
        "#   \(keyVariable(account.name, project))  shared key of account \(account.name) (else: an Entra ID token)")
      lines.append("#   \(account.name.uppercased())_BATCH_ENDPOINT  its endpoint (default \(account.url))")
    }
    if plan.accounts.isEmpty {
      lines.append(
        "#   AZURE_BATCH_ACCOUNT, AZURE_BATCH_ENDPOINT  the Batch account and its URL (required)")
      lines.append("#   AZURE_BATCH_ACCESS_KEY  its shared key (else: an Entra ID token)")
    }
    for variable in required { lines.append("#   \(variable)  (required)") }
    for (variable, account) in generated {
      lines.append("#   \(variable)  SAS token of storage \(account) (default: generated, valid 7 days)")
    }
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
    // By ID, not by where they are declared: moving a pool to another file, or importing the
    // payloads, leaves the script as it was.
    let byID = { (a: String, b: String) in (a.lowercased(), a) < (b.lowercased(), b) }
    return groups.map { ($0.account, $0.pools.sorted(by: byID)) }.sorted { a, b in
      guard let first = a.account?.name, let second = b.account?.name else { return a.account != nil }
      return byID(first, second)
    }
  }

  /// The `{{VARIABLE}}` placeholders of the payloads (with the pool templates' secure parameters,
  /// which `deploy_pool` fills the same way), sorted. Only those compile made are found: the
  /// writer puts `{{` in a file only for `JSON.placeholders`, writing a `.string`'s as `\u007b{`.
  static func placeholders(in payloads: AzurePayloads) -> [String] {
    var found = Set(payloads.poolTemplates.values.joined())
    for file in payloads.files {
      var contents = file.contents
      contents.withUTF8 { bytes in placeholders(in: bytes, into: &found) }
    }
    return found.sorted()
  }

  /// Adds the names of `bytes`' `{{NAME}}` placeholders (letters, digits and `_`) to `found`. The
  /// payloads of a large project are tens of megabytes: they are scanned as bytes, once.
  static func placeholders(in bytes: UnsafeBufferPointer<UInt8>, into found: inout Set<String>) {
    var i = 0
    while i + 1 < bytes.count {
      guard bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "{") else {
        i += 1
        continue
      }
      let start = i + 2
      var end = start
      while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
      if end > start, end + 1 < bytes.count, bytes[end] == UInt8(ascii: "}"), bytes[end + 1] == UInt8(ascii: "}") {
        found.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        i = end + 2
      } else {
        i = start
      }
    }
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
      true
    default: false
    }
  }
}
