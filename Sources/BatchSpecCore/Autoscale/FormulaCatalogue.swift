// What the autoscale formula language defines, from Microsoft's "Create a formula to automatically
// scale compute nodes in a Batch pool" (learn.microsoft.com/azure/batch/batch-automatic-scaling):
// the service-defined variables, the sample methods, the functions, the time constants and the node
// deallocation options. Checking, hover, completion and evaluation read this one table.

/// A service-defined variable such as `$PendingTasks`.
package struct FormulaVariable: Sendable {
  /// How it is read.
  package enum Access: Sendable, Equatable {
    /// Read and written by the formula (`$TargetDedicatedNodes`).
    case readWrite
    /// A number the formula reads (`$CurrentDedicatedNodes`).
    case readOnlyNumber
    /// A series of samples, read through its methods (`$PendingTasks.GetSample(...)`).
    case samples
  }

  /// The name, `$` included.
  package var name: String
  /// How the formula may use it.
  package var access: Access
  /// What it is, in Markdown.
  package var documentation: String
  /// The current name, when this is an old one the service still accepts.
  package var replacement: String?
}

/// A function, or a method of the sample variables.
package struct FormulaFunction: Sendable {
  /// The name.
  package var name: String
  /// The fewest and most arguments (`Int.max`: any number).
  package var arity: ClosedRange<Int>
  /// The signature as the docs write it: `avg(doubleVecList) → double`.
  package var signature: String
  /// What it returns.
  package var documentation: String
}

/// The formula language's vocabulary.
package enum FormulaCatalogue {
  /// Every service-defined variable, old names included.
  package static let variables: [FormulaVariable] = [
    FormulaVariable(
      name: "$TargetDedicatedNodes", access: .readWrite,
      documentation:
        "The target number of dedicated nodes: what the formula asks for. The pool may not reach it (quotas, a resize still under way). Reading it before setting it gives the current target."
    ),
    FormulaVariable(
      name: "$TargetLowPriorityNodes", access: .readWrite,
      documentation: "The target number of Spot (low-priority) nodes: what the formula asks for."),
    FormulaVariable(
      name: "$NodeDeallocationOption", access: .readWrite,
      documentation:
        "What happens to the tasks of nodes the pool removes: `requeue` (the default: stop them and queue them again), `terminate` (stop them for good), `taskcompletion` (let them finish first) or `retaineddata` (wait until their retained data is cleaned up)."
    ),
    FormulaVariable(
      name: "$TargetDedicated", access: .readWrite,
      documentation: "The old name of `$TargetDedicatedNodes`, still accepted.", replacement: "$TargetDedicatedNodes"),
    FormulaVariable(
      name: "$TargetLowPriority", access: .readWrite,
      documentation: "The old name of `$TargetLowPriorityNodes`, still accepted.",
      replacement: "$TargetLowPriorityNodes"),
    FormulaVariable(
      name: "$CurrentDedicatedNodes", access: .readOnlyNumber,
      documentation: "The number of dedicated nodes the pool has now."),
    FormulaVariable(
      name: "$CurrentLowPriorityNodes", access: .readOnlyNumber,
      documentation: "The number of Spot (low-priority) nodes the pool has now, preempted ones included."),
    FormulaVariable(
      name: "$CurrentDedicated", access: .readOnlyNumber,
      documentation: "The old name of `$CurrentDedicatedNodes`, still accepted.", replacement: "$CurrentDedicatedNodes"),
    FormulaVariable(
      name: "$TaskSlotsPerNode", access: .readOnlyNumber,
      documentation: "The pool's task slots per node: how many tasks one node runs at once."),
    FormulaVariable(
      name: "$UsableNodeCount", access: .readOnlyNumber, documentation: "The number of nodes able to run tasks."),
    FormulaVariable(
      name: "$PreemptedNodeCount", access: .samples,
      documentation: "Samples of the number of the pool's nodes in the preempted state."),
    FormulaVariable(
      name: "$SampleNodeCount", access: .samples, documentation: "Samples of the number of nodes."),
    FormulaVariable(
      name: "$ActiveTasks", access: .samples,
      documentation:
        "Samples of the number of tasks ready to run but not running: active tasks whose dependencies are met (a multi-instance task counts its instances)."
    ),
    FormulaVariable(
      name: "$RunningTasks", access: .samples, documentation: "Samples of the number of running tasks."),
    FormulaVariable(
      name: "$PendingTasks", access: .samples,
      documentation: "Samples of `$ActiveTasks` plus `$RunningTasks`: the work waiting or under way."),
    FormulaVariable(
      name: "$SucceededTasks", access: .samples, documentation: "Samples of the number of tasks that succeeded."),
    FormulaVariable(
      name: "$FailedTasks", access: .samples, documentation: "Samples of the number of tasks that failed."),
    FormulaVariable(
      name: "$CPUPercent", access: .samples, documentation: "Samples of the nodes' average CPU use, in percent."),
    FormulaVariable(
      name: "$WallClockSeconds", access: .samples, documentation: "Samples of the number of seconds consumed."),
    FormulaVariable(
      name: "$MemoryBytes", access: .samples, documentation: "Samples of the average memory used, in megabytes."),
    FormulaVariable(
      name: "$DiskBytes", access: .samples, documentation: "Samples of the average local disk space used, in gigabytes."
    ),
    FormulaVariable(name: "$DiskReadBytes", access: .samples, documentation: "Samples of the bytes read from disk."),
    FormulaVariable(name: "$DiskWriteBytes", access: .samples, documentation: "Samples of the bytes written to disk."),
    FormulaVariable(name: "$DiskReadOps", access: .samples, documentation: "Samples of the disk read operations."),
    FormulaVariable(name: "$DiskWriteOps", access: .samples, documentation: "Samples of the disk write operations."),
    FormulaVariable(name: "$NetworkInBytes", access: .samples, documentation: "Samples of the inbound bytes."),
    FormulaVariable(name: "$NetworkOutBytes", access: .samples, documentation: "Samples of the outbound bytes."),
  ]

  /// The variable named `name` (exactly, `$` included).
  package static func variable(_ name: String) -> FormulaVariable? { variables.first { $0.name == name } }

  /// The names that set a target node count.
  package static let targets: Set<String> = [
    "$TargetDedicatedNodes", "$TargetLowPriorityNodes", "$TargetDedicated", "$TargetLowPriority",
  ]

  /// The methods of the sample variables.
  package static let methods: [FormulaFunction] = [
    FormulaFunction(
      name: "GetSample", arity: 1...3,
      signature: "GetSample(count) or GetSample(start [, end] [, samplePercent]) → doubleVec",
      documentation:
        "The samples: the last `count` ones, or those between `start` and `end` ago (time intervals such as `10 * TimeInterval_Minute`, or timestamps). With `samplePercent`, the evaluation fails when fewer of the window's samples are available. A sample is taken every 30 seconds and reaches formulas about a minute later."
    ),
    FormulaFunction(
      name: "GetSamplePercent", arity: 1...2, signature: "GetSamplePercent(start [, end]) → double",
      documentation:
        "The percentage (0 to 100) of the window's samples that are available. Check it before `GetSample`, and do something else when too few samples are there."
    ),
    FormulaFunction(
      name: "GetSamplePeriod", arity: 0...0, signature: "GetSamplePeriod() → timeinterval",
      documentation: "The period of the samples (30 seconds)."),
    FormulaFunction(
      name: "Count", arity: 0...0, signature: "Count() → double",
      documentation: "The number of samples in the metric's history."),
    FormulaFunction(
      name: "HistoryBeginTime", arity: 0...0, signature: "HistoryBeginTime() → timestamp",
      documentation: "The time of the oldest available sample."),
  ]

  /// The functions.
  package static let functions: [FormulaFunction] = [
    FormulaFunction(
      name: "avg", arity: 1...Int.max, signature: "avg(doubleVecList) → double",
      documentation: "The average of the values (numbers and vectors, flattened)."),
    FormulaFunction(
      name: "ceil", arity: 1...Int.max, signature: "ceil(double) → double, ceil(doubleVecList) → doubleVec",
      documentation: "The smallest whole number not below the value (per component for a vector)."),
    FormulaFunction(
      name: "floor", arity: 1...Int.max, signature: "floor(double) → double, floor(doubleVecList) → doubleVec",
      documentation: "The largest whole number not above the value (per component for a vector)."),
    FormulaFunction(
      name: "len", arity: 1...Int.max, signature: "len(doubleVecList) → double",
      documentation: "The number of values."),
    FormulaFunction(
      name: "lg", arity: 1...Int.max, signature: "lg(double) → double, lg(doubleVecList) → doubleVec",
      documentation: "The base-2 logarithm."),
    FormulaFunction(
      name: "ln", arity: 1...Int.max, signature: "ln(double) → double, ln(doubleVecList) → doubleVec",
      documentation: "The natural logarithm."),
    FormulaFunction(
      name: "log", arity: 1...Int.max, signature: "log(double) → double, log(doubleVecList) → doubleVec",
      documentation: "The base-10 logarithm."),
    FormulaFunction(
      name: "max", arity: 1...Int.max, signature: "max(doubleVecList) → double", documentation: "The largest value."),
    FormulaFunction(
      name: "min", arity: 1...Int.max, signature: "min(doubleVecList) → double", documentation: "The smallest value."),
    FormulaFunction(
      name: "norm", arity: 1...Int.max, signature: "norm(doubleVecList) → double",
      documentation: "The two-norm of the values."),
    FormulaFunction(
      name: "percentile", arity: 2...2, signature: "percentile(doubleVec v, double p) → double",
      documentation: "The `p`th percentile (0 to 100) of `v`."),
    FormulaFunction(
      name: "rand", arity: 0...0, signature: "rand() → double", documentation: "A random number from 0 to 1."),
    FormulaFunction(
      name: "range", arity: 1...Int.max, signature: "range(doubleVecList) → double",
      documentation: "The largest value minus the smallest."),
    FormulaFunction(
      name: "round", arity: 1...Int.max, signature: "round(double) → double, round(doubleVecList) → doubleVec",
      documentation: "The nearest whole number, halves away from zero (per component for a vector)."),
    FormulaFunction(
      name: "std", arity: 1...Int.max, signature: "std(doubleVecList) → double",
      documentation: "The sample standard deviation of the values."),
    FormulaFunction(
      name: "stop", arity: 0...0, signature: "stop()",
      documentation: "Stops evaluating the formula: the statements after it do not run."),
    FormulaFunction(
      name: "sum", arity: 1...Int.max, signature: "sum(doubleVecList) → double", documentation: "The sum of the values."
    ),
    FormulaFunction(
      name: "time", arity: 0...1, signature: "time([string dateTime]) → timestamp",
      documentation:
        "The current time, or the time `dateTime` names (W3C-DTF or RFC 1123, such as `\"Mon, 06 Oct 2014 10:20:00 GMT\"`)."
    ),
    FormulaFunction(
      name: "val", arity: 2...2, signature: "val(doubleVec v, double i) → double",
      documentation: "The element of `v` at index `i` (from 0)."),
  ]

  /// The time interval constants and their length in seconds.
  package static let timeIntervals: [(name: String, seconds: Double)] = [
    ("TimeInterval_Zero", 0), ("TimeInterval_100ns", 1e-7), ("TimeInterval_Microsecond", 1e-6),
    ("TimeInterval_Millisecond", 1e-3), ("TimeInterval_Second", 1), ("TimeInterval_Minute", 60),
    ("TimeInterval_Hour", 3_600), ("TimeInterval_Day", 86_400), ("TimeInterval_Week", 604_800),
    ("TimeInterval_Year", 31_536_000),
  ]

  /// The values of `$NodeDeallocationOption`.
  package static let deallocationOptions = ["requeue", "terminate", "taskcompletion", "retaineddata"]

  /// The members of a timestamp (`time().hour`).
  package static let timestampMembers = ["year", "month", "day", "weekday", "hour", "minute", "second"]

  /// The function named `name`.
  package static func function(_ name: String) -> FormulaFunction? { functions.first { $0.name == name } }

  /// The method named `name`.
  package static func method(_ name: String) -> FormulaFunction? { methods.first { $0.name == name } }

  /// The length in seconds of the time interval constant `name`.
  package static func timeInterval(_ name: String) -> Double? { timeIntervals.first { $0.name == name }?.seconds }
}
