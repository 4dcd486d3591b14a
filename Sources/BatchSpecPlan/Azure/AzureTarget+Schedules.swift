// Job bodies, whether for the add-job call or as a job schedule's job specification, with the pool
// they run on: a pool's ID, or an auto pool's specification.

import BatchSpecCore

/// Lowers jobs and job schedules, with what every job needs to know of the project.
struct JobLowering {
  let project: CheckedProject
  let plan: Plan
  let storage: StorageContext

  /// The add-job body: the schema's mapped attributes and blocks (`RestLowering`, which writes the
  /// preparation, release and manager tasks too), then their files, the pool, and what the
  /// compiler decides: dependencies on.
  func jobBody(_ job: PlanJob, block: Checked<Schema.Job>) -> JSON {
    var body = JSONObject()
    body["id"] = .string(job.id)
    RestLowering.write(block.instance, variables: project.params, into: &body)
    let files = { (inputs: [PlanInput]) in
      JSON.nonEmptyArray(inputs.map { AzureTarget.resourceFile($0, pool: job.pool, storage: storage) })
    }
    if let prepare = job.preparationTask {
      body.set([Schema.Prepare.schema.restName, "resourceFiles"], files(prepare.inputs))
    }
    if let release = job.releaseTask {
      body.set([Schema.Release.schema.restName, "resourceFiles"], files(release.inputs))
    }
    if let manager = block.child(\.manager) {
      let inputs = manager.children(\.input).map { PlanCompiler.input($0, variables: project.params) }
      let outputs = manager.children(\.output).compactMap { output in
        PlanCompiler.output(output, variables: project.params).map {
          AzureTarget.outputFile($0, block: output, variables: project.params, storage: storage)
        }
      }
      let applications = PlanCompiler.applications(manager[\.applications], in: project)
      body.set([Schema.Manager.schema.restName, "resourceFiles"], files(inputs))
      body.set([Schema.Manager.schema.restName, "outputFiles"], .nonEmptyArray(outputs))
      body.set(
        [Schema.Manager.schema.restName, "applicationPackageReferences"],
        AzureTarget.applicationReferences(applications))
    }
    AzureTarget.containerMounts(of: block.instance, into: &body)
    body["poolInfo"] = poolInfo(job, block: block)
    if job.usesTaskDependencies { body["usesTaskDependencies"] = .bool(true) }
    return body.json
  }

  /// `poolInfo`: the pool's ID, or for an auto pool its specification (the add-pool body
  /// without an ID) with its lifetime.
  func poolInfo(_ job: PlanJob, block: Checked<Schema.Job>) -> JSON {
    guard let pool = project.pool(of: block), let auto = pool.child(\.auto),
      let planPool = plan.pools.first(where: { $0.id.lowercased() == pool.label?.lowercased() })
    else { return .object([("poolId", .string(job.pool))]) }
    var specification =
      JSONObject(
        AzureTarget.poolBody(planPool, block: pool, variables: project.params, storage: storage)) ?? JSONObject()
    specification.remove("id")
    var specificationOfAuto = RestLowering.object(auto.instance, variables: project.params)
    // `id_prefix = ""` sends none: Batch then names the pools with its unique ID alone.
    let prefix = auto[\.idPrefix] ?? pool.label ?? ""
    if !prefix.isEmpty { specificationOfAuto["autoPoolIdPrefix"] = .string(prefix) }
    specificationOfAuto["pool"] = specification.json
    return .object([("autoPoolSpecification", specificationOfAuto.json)])
  }

  /// The add-job-schedule body: the schedule's mapped attributes, and its job's body (without an
  /// ID) as the job specification.
  func scheduleBody(_ schedule: Checked<Schema.Schedule>) -> JSON? {
    guard let id = schedule.label, let reference = schedule[\.job],
      let index = project.jobs.firstIndex(where: { $0.label?.lowercased() == reference.key })
    else { return nil }
    var body = JSONObject()
    body["id"] = .string(id)
    RestLowering.write(schedule.instance, variables: project.params, into: &body)
    var specification = JSONObject(jobBody(plan.jobs[index], block: project.jobs[index])) ?? JSONObject()
    specification.remove("id")
    body["jobSpecification"] = specification.json
    if body["schedule"] == nil { body["schedule"] = .object([]) }
    return body.json
  }
}

extension Checked<Schema.Pool> {
  /// Whether the pool is an auto pool, created by the service for the jobs that use it.
  package var isAutoPool: Bool { child(\.auto) != nil }
}
