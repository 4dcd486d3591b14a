// The estimator on small projects: placement by `node_fill`, slots, `max_parallel_tasks`,
// dependencies, the critical path, idle slots and cost; durations from a run's events.

import BatchSpecCore
import BatchSpecPlan
import Testing

@Suite struct EstimatorTests {
  static func plan(_ text: String) throws -> Plan {
    let checked = Checker.check(Project(path: "p.batch", text: text), params: [:])
    #expect(checked.project.diagnostics.filter { $0.severity == .error }.isEmpty, "\(checked.project.diagnostics)")
    return try #require(PlanCompiler.compile(checked.project))
  }

  static func pool(nodes: Int = 2, slots: Int = 2, fill: String = "spread", agent: String = "batch.node.ubuntu 22.04")
    -> String
  {
    """
    pool p {
      vm_size             = "Standard_D4s_v3"
      image               = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent          = "\(agent)"
      dedicated_nodes     = \(nodes)
      task_slots_per_node = \(slots)
      node_fill           = \(fill)
    }
    """
  }

  @Test func tasksFillSlotsInWavesAndDependentsWait() throws {
    let plan = try Self.plan(
      Self.pool()
        + """

        job j {
          pool = p
          task work for i in 1..6 { command = "w", expected_duration = 10m }
          task sum { command = "s", depends_on = [work], expected_duration = 5m }
        }
        """)
    let estimate = Estimator.estimate(plan)
    // Four slots: four tasks, then two, then `sum`.
    #expect(estimate.makespan == 25 * 60)
    #expect(estimate.criticalPath.map(\.task) == ["work-1", "sum"])
    #expect(estimate.criticalLength == 15 * 60)
    let pool = try #require(estimate.pools.first)
    #expect(pool.nodeHours == 2 * 25.0 / 60)
    // 6 × 10 + 5 = 65 slot-minutes of 4 × 25 = 100.
    #expect(abs(pool.idleSlotShare - 0.35) < 1e-9)
    // Standard_D4s_v3, Linux, pay-as-you-go in the embedded table: $0.192 an hour.
    #expect(abs((pool.cost ?? 0) - 0.192 * 2 * 25 / 60) < 1e-9)
  }

  @Test func aJobManagerRunsFirstAndAnExclusiveOneHasItsNodeToItself() throws {
    func job(exclusive: Bool) -> String {
      """

      job j {
        pool = p
        manager adder {
          command                = "add-tasks"
          run_exclusive          = \(exclusive)
          kill_job_on_completion = false
          expected_duration      = 10m
        }
        task a { command = "a", expected_duration = 5m }
        task b { command = "b", expected_duration = 5m }
      }
      """
    }
    let exclusive = Estimator.estimate(try Self.plan(Self.pool(nodes: 1) + job(exclusive: true)))
    #expect(exclusive.tasks.first?.task == "adder")
    #expect(exclusive.tasks.first?.slots == 2)
    #expect(exclusive.makespan == 15 * 60)
    // Sharing the node, the manager takes one slot and the tasks take turns in the other.
    let shared = Estimator.estimate(try Self.plan(Self.pool(nodes: 1) + job(exclusive: false)))
    #expect(shared.makespan == 10 * 60)
  }

  @Test func spreadAndPackPlaceTasksAsTheRunnerDoes() throws {
    let text = """

      job j {
        pool = p
        task a { command = "a", expected_duration = 1m }
        task b { command = "b", expected_duration = 1m }
      }
      """
    let spread = Estimator.estimate(try Self.plan(Self.pool(fill: "spread") + text))
    #expect(Set(spread.tasks.map(\.node)) == ["p-node-1", "p-node-2"])
    let pack = Estimator.estimate(try Self.plan(Self.pool(fill: "pack") + text))
    #expect(Set(pack.tasks.map(\.node)) == ["p-node-1"])
  }

  @Test func requiredSlotsAndMaxParallelTasksLimitWhatRuns() throws {
    let plan = try Self.plan(
      Self.pool(nodes: 1, slots: 4)
        + """

        job j {
          pool               = p
          max_parallel_tasks = 2
          task t for i in 1..4 { command = "t", expected_duration = 1m }
          task big { command = "b", required_slots = 4, expected_duration = 1m }
        }
        """)
    let estimate = Estimator.estimate(plan)
    // Two at a time: 1m, 2m; then `big` needs the whole node: 3m.
    #expect(estimate.makespan == 180)
    #expect(estimate.tasks.first { $0.task == "big" }?.start == 120)
  }

  /// A multi-instance task holds a slot on as many nodes as it has instances, for as long as it
  /// runs, as the runner's does: other tasks wait for those nodes.
  @Test func aMultiInstanceTaskHoldsANodePerInstance() throws {
    let plan = try Self.plan(
      Self.pool(nodes: 3, slots: 1).replacing("node_fill", with: "inter_node_communication = true\n  node_fill")
        + """

        job j {
          pool = p
          task mpi {
            command           = "mpirun solve"
            expected_duration = 10m
            multi_instance { instances = 2 }
          }
          task a { command = "a", expected_duration = 10m }
          task b { command = "b", expected_duration = 10m }
          task c { command = "c", expected_duration = 10m, depends_on = [mpi] }
        }
        """)
    let estimate = Estimator.estimate(plan)
    // `mpi` holds two of the three nodes: `a` takes the third, and `b` waits for one (`c` takes
    // the other).
    let mpi = try #require(estimate.tasks.first { $0.task == "mpi" })
    #expect(mpi.node == "p-node-1")
    #expect(mpi.subtaskNodes == ["p-node-2"])
    #expect(estimate.tasks.first { $0.task == "a" }?.node == "p-node-3")
    #expect(estimate.tasks.first { $0.task == "b" }?.start == 600)
    #expect(estimate.makespan == 1_200)
    // Its slot time counts on both nodes: 50 of 3 × 20 slot-minutes are used.
    #expect(abs((estimate.pools.first?.idleSlotShare ?? 0) - (1 - 50.0 / 60)) < 1e-9)
    // On a pool of thousands of nodes, the few simulated are enough for its instances.
    var many = EstimateOptions()
    many.nodes = ["p": 5_000]
    let wide = Estimator.estimate(plan, options: many)
    #expect(wide.tasks.count == 4 && wide.makespan == 1_200)
    #expect(wide.tasks.first { $0.task == "mpi" }?.subtaskNodes == ["p-node-2"])
    // On one node (`--max-nodes 1`) it can never start and is not placed, saying why; the
    // others still run, but not `c`, which waits for it.
    var one = EstimateOptions()
    one.maxNodes = 1
    let cramped = Estimator.estimate(plan, options: one)
    #expect(cramped.tasks.map(\.task) == ["a", "b"])
    #expect(cramped.makespan == 1_200)
    #expect(
      cramped.notes == [
        "1 tasks never became ready (they depend on a task not placed, or dependencies form a cycle)",
        "1 tasks need more nodes at once (`multi_instance`) than their pool has: not placed",
      ])
  }

  @Test func durationsFromARunReplaceExpectedOnesScaled() throws {
    let plan = try Self.plan(
      Self.pool(nodes: 1, slots: 1)
        + """

        job j {
          pool = p
          task a { command = "a", expected_duration = 1h }
          task b { command = "b", depends_on = [a] }
        }
        """)
    let events = """
      {"time":0.000,"event":"run-start","startedAt":"2026-01-05T08:00:00Z","workdir":"w","tasks":2}
      {"time":0.010,"event":"task-start","job":"j","task":"a","node":"p-node-1","attempt":1,"slots":1}
      {"time":2.010,"event":"task-end","job":"j","task":"a","node":"p-node-1","state":"succeeded","exitCode":0,"attempts":1}
      {"time":2.020,"event":"task-start","job":"j","task":"b","node":"p-node-1","attempt":1,"slots":1}
      {"time":3.020,"event":"task-end","job":"j","task":"b","node":"p-node-1","state":"succeeded","exitCode":0,"attempts":1}
      {"time":3.100,"event":"run-end"}
      """
    var options = EstimateOptions()
    options.measured = RunEvents.parse(Array(events.utf8))
    options.scale = 60
    let estimate = Estimator.estimate(plan, options: options)
    #expect(abs(estimate.makespan - 180) < 1e-6)
    #expect(estimate.tasks.allSatisfy { $0.source == .run })
    // Without the run: `a` takes its expected hour and `b` nothing (it says so).
    let expected = Estimator.estimate(plan)
    #expect(expected.makespan == 3_600)
    #expect(expected.tasksWithoutDuration == 1)
    // A run stopped while `a` ran measured only part of it: its expected hour stands.
    let stopped = """
      {"time":0.000,"event":"run-start","startedAt":"2026-01-05T08:00:00Z","workdir":"w","tasks":2}
      {"time":0.010,"event":"task-start","job":"j","task":"a","node":"p-node-1","attempt":1,"slots":1}
      {"time":0.500,"event":"stop","signal":2}
      {"time":0.510,"event":"task-end","job":"j","task":"a","state":"interrupted"}
      {"time":0.600,"event":"run-end","interrupted":1,"notRun":1,"stopped":2}
      """
    options.measured = RunEvents.parse(Array(stopped.utf8))
    let afterStop = Estimator.estimate(plan, options: options)
    #expect(afterStop.makespan == 3_600)
    #expect(afterStop.tasks.first { $0.task == "a" }?.source == .expected)
  }

  @Test func aResumedRunsEventsFollowTheEarlierRuns() {
    // `b` failed in the first run and succeeded in the second, which resumed it and reused `a`;
    // the second run counts its times from its own start, and is laid after the first.
    let events = """
      {"time":0.000,"event":"run-start","startedAt":"2026-01-05T08:00:00Z","workdir":"w","tasks":2,"reused":0}
      {"time":0.010,"event":"task-start","job":"j","task":"a","node":"p-node-1","attempt":1,"slots":1}
      {"time":2.010,"event":"task-end","job":"j","task":"a","node":"p-node-1","state":"succeeded","exitCode":0,"attempts":1}
      {"time":2.020,"event":"task-start","job":"j","task":"b","node":"p-node-1","attempt":1,"slots":1}
      {"time":2.520,"event":"task-end","job":"j","task":"b","node":"p-node-1","state":"failed","exitCode":1,"attempts":1}
      {"time":2.600,"event":"run-end"}
      {"time":0.000,"event":"run-start","startedAt":"2026-01-05T09:00:00Z","workdir":"w","tasks":2,"reused":1}
      {"time":0.100,"event":"task-start","job":"j","task":"b","node":"p-node-1","attempt":1,"slots":1}
      {"time":1.100,"event":"task-end","job":"j","task":"b","node":"p-node-1","state":"succeeded","exitCode":0,"attempts":1}
      {"time":1.200,"event":"run-end"}
      """
    let run = RunEvents.parse(Array(events.utf8))
    #expect(run.startedAt == "2026-01-05T08:00:00Z")
    #expect(run.task("j", "a")?.state == "succeeded" && run.task("j", "a")?.duration.map { abs($0 - 2) < 1e-9 } == true)
    #expect(run.task("j", "b")?.state == "succeeded")
    #expect(run.task("j", "b")?.start.map { abs($0 - 2.7) < 1e-9 } == true)
    #expect(run.task("j", "b")?.duration.map { abs($0 - 1) < 1e-9 } == true)
    #expect(run.end.map { abs($0 - 3.8) < 1e-9 } == true)
  }

  @Test func anEndEventsDurationPlacesItsStart() {
    // Event times never go back, so a start written after a later event carries that event's
    // time (1.500 for `a`, started at 1.2); its end gives the exact duration. An end without one
    // (an events file from before durations) is timed from its start event.
    let events = """
      {"time":0.000,"event":"run-start","startedAt":"2026-01-05T08:00:00Z","workdir":"w","tasks":2}
      {"time":0.100,"event":"start-task-start","node":"p-node-1"}
      {"time":1.500,"event":"start-task-end","node":"p-node-1","state":"succeeded","exitCode":0,"duration":1.5}
      {"time":1.500,"event":"task-start","job":"j","task":"a","node":"p-node-1","attempt":1,"slots":1}
      {"time":3.200,"event":"task-end","job":"j","task":"a","node":"p-node-1","state":"succeeded","exitCode":0,"attempts":1,"duration":2.0}
      {"time":3.300,"event":"task-start","job":"j","task":"b","node":"p-node-1","attempt":1,"slots":1}
      {"time":3.800,"event":"task-end","job":"j","task":"b","node":"p-node-1","state":"succeeded","exitCode":0,"attempts":1}
      {"time":3.900,"event":"run-end"}
      """
    let run = RunEvents.parse(Array(events.utf8))
    #expect(run.task("j", "a")?.start.map { abs($0 - 1.2) < 1e-9 } == true, "\(String(describing: run.task("j", "a")))")
    #expect(run.task("j", "a")?.duration.map { abs($0 - 2) < 1e-9 } == true)
    #expect(run.task("j", "b")?.duration.map { abs($0 - 0.5) < 1e-9 } == true)
    #expect(run.startTasks["p-node-1"].map { abs($0 - 1.5) < 1e-9 } == true)
    #expect(run.nodeTasks.first?.start == 0)
  }

  @Test func windowsPoolsAndRetailPricesCost() throws {
    let plan = try Self.plan(
      Self.pool(nodes: 1, slots: 1, agent: "batch.node.windows amd64")
        + """

        job j {
          pool = p
          task a { command = "a", expected_duration = 2h }
        }
        """)
    let embedded = Estimator.estimate(plan)
    #expect(embedded.pools[0].isWindows)
    #expect(abs((embedded.cost ?? 0) - 2 * 0.376) < 1e-9)
    // An export of the retail prices API: the Windows consumption row of the region counts.
    let csv = """
      currencyCode,retailPrice,unitPrice,armRegionName,productName,skuName,serviceName,unitOfMeasure,type,armSkuName
      EUR,0.5,0.5,westeurope,Virtual Machines DSv3 Series Windows,D4s v3,Virtual Machines,1 Hour,Consumption,Standard_D4s_v3
      EUR,0.1,0.1,westeurope,Virtual Machines DSv3 Series Windows,D4s v3 Spot,Virtual Machines,1 Hour,Consumption,Standard_D4s_v3
      EUR,9.0,9.0,westeurope,Virtual Machines DSv3 Series Windows,D4s v3,Virtual Machines,1 Hour,Reservation,Standard_D4s_v3
      EUR,0.7,0.7,eastus,Virtual Machines DSv3 Series Windows,D4s v3,Virtual Machines,1 Hour,Consumption,Standard_D4s_v3
      EUR,0.2,0.2,westeurope,Virtual Machines DSv3 Series,D4s v3,Virtual Machines,1 Hour,Consumption,Standard_D4s_v3
      """
    guard case .success(let prices) = VMPrices.parse(retailCSV: csv, region: "westeurope", source: "export.csv") else {
      Issue.record("the export did not parse")
      return
    }
    #expect(
      prices.prices(of: "standard_d4s_v3")
        == VMPrice(size: "Standard_D4s_v3", linux: 0.2, windows: 0.5, linuxSpot: nil, windowsSpot: 0.1))
    var options = EstimateOptions()
    options.prices = prices
    let estimate = Estimator.estimate(plan, options: options)
    #expect(estimate.currency == "EUR")
    #expect(abs((estimate.cost ?? 0) - 1.0) < 1e-9)
  }

  @Test func theEmbeddedTablePricesTheCatalogueSizes() {
    #expect(VMPrices.embedded.count > 300)
    #expect(VMPrices.asOf == "2023-06-26")
    for size in ["Standard_D2s_v3", "Standard_D4s_v5", "Standard_F8s_v2", "Standard_HB120rs_v3"] {
      #expect(VMPrices.embedded.prices(of: size)?.linux != nil, "\(size)")
    }
  }

  /// Simulating only the nodes the tasks can use gives what simulating every node gives: the same
  /// schedule, and node hours and cost for every node of the pool.
  @Test func onlyTheNodesTasksCanUseAreSimulatedWithTheSameFigures() throws {
    let events = """
      {"time":0.000,"event":"run-start","startedAt":"2026-01-05T08:00:00Z","workdir":"w","tasks":1}
      {"time":0.000,"event":"start-task-start","node":"p-node-1"}
      {"time":30.000,"event":"start-task-end","node":"p-node-1"}
      {"time":0.000,"event":"start-task-start","node":"p-node-2"}
      {"time":90.000,"event":"start-task-end","node":"p-node-2"}
      {"time":30.000,"event":"preparation-start","job":"j","node":"p-node-1"}
      {"time":50.000,"event":"preparation-end","job":"j","node":"p-node-1"}
      {"time":50.000,"event":"task-start","job":"j","task":"work-1","node":"p-node-1","attempt":1,"slots":1}
      {"time":60.000,"event":"task-end","job":"j","task":"work-1","node":"p-node-1","state":"succeeded","exitCode":0,"attempts":1}
      {"time":60.000,"event":"release-start","job":"j","node":"p-node-1"}
      {"time":75.000,"event":"release-end","job":"j","node":"p-node-1"}
      {"time":80.000,"event":"run-end"}
      """
    for fill in ["spread", "pack"] {
      for slots in [1, 2] {
        for (nodes, mpi) in [1, 2, 3, 5, 8, 13].flatMap({ n in [(n, false), (n, true)] }) {
          for prepare in [
            "", "prepare { command = \"p\", wait_for_success = true }\n  release { command = \"r\" }",
            "prepare { command = \"p\", wait_for_success = false }",
          ] {
            var plan = try Self.plan(
              Self.pool(nodes: nodes, slots: slots, fill: fill).replacing(
                "node_fill", with: "start_task { command = \"s\" }\n  node_fill")
                  + """

                  job j {
                    pool = p
                    \(prepare)
                    task work for i in 1..4 { command = "w", expected_duration = 10m }
                    task wide { command = "w", required_slots = 2, expected_duration = 3m }
                    task sum { command = "s", depends_on = [work], expected_duration = 5m }
                  }
                  job k {
                    pool               = p
                    priority           = 5
                    max_parallel_tasks = 3
                    task a { command = "a", expected_duration = 7m }
                    task b { command = "b", expected_duration = 2m }
                    task c { command = "c", required_slots = 2, expected_duration = 11m, depends_on = [b] }
                    task d { command = "d", expected_duration = 4m, depends_on = [b] }
                    task e { command = "e", expected_duration = 1m }
                  }
                  """)
            // `work-1` a multi-instance task of 3 instances (read from JSON: `check` wants inter-node
            // communication and one slot).
            if mpi { plan.jobs[0].tasks[0].multiInstance = PlanMultiInstance(numberOfInstances: 3) }
            for measured in [nil, RunEvents.parse(Array(events.utf8))] {
              var options = EstimateOptions()
              options.measured = measured
              let fast = Estimator.estimate(plan, options: options)
              options.simulatesEveryNode = true
              let slow = Estimator.estimate(plan, options: options)
              let setting =
                "\(fill), \(slots) slots, \(nodes) nodes\(mpi ? " (mpi)" : ""), \(prepare.isEmpty ? "no " : "")preparation"
              #expect(fast.makespan == slow.makespan, "\(setting)")
              #expect(
                fast.tasks.map { "\($0.task)@\($0.node)\($0.subtaskNodes) \($0.start)-\($0.end)" }
                  == slow.tasks.map { "\($0.task)@\($0.node)\($0.subtaskNodes) \($0.start)-\($0.end)" }, "\(setting)")
              #expect(fast.criticalPath.map(\.task) == slow.criticalPath.map(\.task), "\(setting)")
              #expect(fast.notes == slow.notes, "\(setting)")
              #expect(
                fast.pools.map { "\($0.nodes) \($0.activeSeconds) \($0.busySlotSeconds) \($0.cost ?? -1)" }
                  == slow.pools.map { "\($0.nodes) \($0.activeSeconds) \($0.busySlotSeconds) \($0.cost ?? -1)" },
                "\(setting)")
            }
          }
        }
      }
    }
  }

  /// A pool of more nodes than its tasks can use costs no time or memory for the nodes it does not
  /// use, and its figures count every node without overflowing. (`check` refuses counts past
  /// Azure's 32-bit integers, but a plan is read from JSON too: `estimate plan.json`.)
  @Test func aHugePoolIsEstimatedOnTheNodesItsTasksUse() throws {
    var plan = try Self.plan(
      Self.pool(nodes: 2, slots: 1)
        + """

        job j {
          pool = p
          task a { command = "a", expected_duration = 1h }
          task b { command = "b", expected_duration = 1h }
        }
        """)
    plan.pools[0].dedicatedNodes = Int.max
    plan.pools[0].nodeCount = Int.max
    let estimate = Estimator.estimate(plan)
    #expect(estimate.makespan == 3_600)
    #expect(Set(estimate.tasks.map(\.node)) == ["p-node-1", "p-node-2"])
    let pool = try #require(estimate.pools.first)
    #expect(pool.nodes == Int.max)
    #expect(pool.nodeHours == Double(Int.max))
    #expect(abs(pool.idleSlotShare - 1) < 1e-9)
    let cost = try #require(pool.cost)
    #expect(cost.isFinite && cost > 1e18)
    #expect(Estimate.format(money: cost, currency: "USD").hasPrefix("$"))
    #expect(Estimate.format(seconds: 1e20).hasSuffix("h"))
    // Dedicated and Spot nodes together beyond `Int.max` saturate in the estimate.
    var both = try Self.plan(
      Self.pool(nodes: 1, slots: 1) + "\njob j {\n  pool = p\n  task a { command = \"a\", expected_duration = 1h }\n}\n"
    )
    both.pools[0].dedicatedNodes = Int.max
    both.pools[0].spotNodes = Int.max
    both.pools[0].nodeCount = Int.max
    let bothPool = try #require(Estimator.estimate(both).pools.first)
    #expect(bothPool.nodes == Int.max && bothPool.spotNodes == Int.max)
  }
}
