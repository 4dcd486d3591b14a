// The runner's bookkeeping: nodes, jobs, tasks and running processes.

import BatchSpecCore
import BatchSpecPlan
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a node, job preparation or start task stands.
enum Phase {
  case notRun, running, succeeded, failed
}

/// A local node: a directory laid out like a Batch node, and its free task slots.
final class Node {
  let pool: Int
  let id: String
  let root: String
  let slots: Int
  /// Whether it is one of the pool's dedicated nodes (else a spot node).
  let isDedicated: Bool
  var freeSlots: Int
  var start: Phase = .notRun
  /// Why the node cannot take work at all (a mount that cannot be made here), if it cannot.
  var unusableReason: String?
  /// Job preparation per job index.
  var preparation: [Int: Phase] = [:]
  /// Indices of the jobs a task of which started on the node in this run: their release runs here.
  var jobsRun: Set<Int> = []
  /// Whether the node may take tasks: its start task succeeded, or need not be waited for.
  var isUsable: Bool

  init(pool: Int, id: String, root: String, slots: Int, isDedicated: Bool, isUsable: Bool) {
    self.pool = pool
    self.id = id
    self.root = root
    self.slots = slots
    self.isDedicated = isDedicated
    self.freeSlots = slots
    self.isUsable = isUsable
  }
}

/// Where a task stands.
enum TaskStatus: Equatable {
  /// `interrupted`: it was running when the run was stopped (it runs again when the run resumes).
  case waiting, ready, running, succeeded, failed, blocked, skipped, interrupted, reused
  /// Whether the task will not run again in this run.
  var isFinal: Bool { ![.waiting, .ready, .running].contains(self) }
}

/// A task of the plan and its state in this run.
final class TaskRun {
  /// The job whose `planTasks` hold the task, and its position there.
  unowned let job: JobRun
  let index: Int
  let fingerprint: String
  /// The task as the plan gives it: read from the job, so each task is held once (100,000 tasks
  /// are 35 MB a copy).
  var plan: PlanTask { job.planTasks[index] }
  /// The job's manager task (`PlanManagerTask`), whose settings are the job's `manager`.
  var isManager = false
  var status: TaskStatus = .waiting
  var unmetDependencies = 0
  var dependents: [Int] = []
  var attempts = 0
  var exitCode: Int?
  var message: String?
  /// The node it last started on (its `stderr.txt` is there: `Runner.stderrPath`).
  var node: Int?

  init(job: JobRun, index: Int, fingerprint: String) {
    self.job = job
    self.index = index
    self.fingerprint = fingerprint
  }
}

/// Where a job stands.
enum JobStatus: Equatable {
  case active, disabled, terminating, releasing, done
}

/// A job of the plan and its state in this run.
final class JobRun {
  /// Its position in the runner's `jobRuns`.
  let index: Int
  /// The job's ID: the plan's, or `<schedule>:job-1` for the job a schedule creates.
  let id: String
  /// The node directory of its work items: `workitems/<workitem>/job-1` (the schedule's ID for a
  /// scheduled job, as Batch lays it out).
  let workitem: String
  /// The plan's job, without its tasks: those are `planTasks`.
  let plan: PlanJob
  /// The manager's task (first, when the job has one) and the job's tasks.
  let planTasks: [PlanTask]
  let pool: Int
  var tasks: [TaskRun] = []
  var ready: [Int] = []
  var readyHead = 0
  var running = 0
  var unfinished = 0
  var status: JobStatus = .active
  var reason: String?
  var deadline: Double?
  var releasesRunning = 0
  /// The nodes (IDs) where its preparation or release task failed in an earlier run and has not
  /// succeeded since: this run runs it there again (`Runner+EarlierFailures`).
  var earlierFailedPreparations: Set<String> = []
  var earlierFailedReleases: Set<String> = []

  init(index: Int, id: String, workitem: String, plan: PlanJob, pool: Int) {
    self.index = index
    self.id = id
    self.workitem = workitem
    // The plan's own array when there is no manager: no copy.
    planTasks = plan.manager.map { [$0.task] + plan.tasks } ?? plan.tasks
    var withoutTasks = plan
    withoutTasks.tasks = []
    self.plan = withoutTasks
    self.pool = pool
  }

  /// The manager task's state, when the job has one.
  var manager: TaskRun? { tasks.first?.isManager == true ? tasks[0] : nil }

  /// Whether tasks of the job may still start.
  var isAcceptingTasks: Bool { status == .active }
  var hasReady: Bool { readyHead < ready.count }
}

/// What a process is for.
enum Work {
  case start(node: Int)
  case preparation(job: Int, node: Int)
  case release(job: Int, node: Int)
  case task(job: Int, task: Int)
}

/// A running process.
final class Execution {
  let work: Work
  let node: Int
  let slots: Int
  /// A multi-instance task's other nodes, each holding `slots` for it while it runs.
  var subtaskNodes: [Int] = []
  let taskDirectory: String
  let workingDirectory: String
  let environment: [String]
  var pid: pid_t = 0
  /// The task directory and its working directory, open while the work runs (-1 before).
  var taskDescriptor: Int32 = -1
  var workingDescriptor: Int32 = -1
  var startedAt: Double = 0
  /// When its last `*-start` event was stamped (a retry's own; for a multi-instance task, its
  /// coordination command's): its `*-end` event gives the exact time since.
  var eventStartedAt: Double?
  /// `max_wall_clock` in seconds, counted from the first command's start, as Batch counts it.
  var wallClock: Double?
  var deadline: Double?
  /// The commands to run in turn (a multi-instance task's coordination command, then its main one).
  var commands: [[String]] = []
  /// Which of `commands` runs now.
  var commandIndex = 0
  var retriesLeft: Int
  var timedOut = false
  var terminatedBy: String?
  /// Set when a disabled job sends the task back to its queue.
  var requeuedBy: String?
  /// A task's: the stamp of its inputs when they were staged (`LocalStorage.stamp(of:)`).
  var inputStamp: String?
  /// The container the current attempt runs in, for a container command.
  var containerName: String?
  /// The container each of `commands` runs in, for a container command.
  var container: ContainerLaunch?
  /// While a `SpawnQueue` thread starts its process: the standard output and error files open
  /// for it, closed once it has started.
  var startingOutputs: (Int32, Int32)?
  /// A signal sent while its process was being started, sent once it has (SIGKILL wins).
  var pendingSignal: Int32?
  /// How many of its attempts failed and were retried.
  var failures = 0
  /// While it waits to be retried (`Runner+RetryDelay`): when, and the exit code it failed with.
  var retryAt: Double?
  var lastExitCode = 0
  /// When the console last said it keeps failing.
  var saidFailingAt: Double?

  /// Whether the processes its command started in the background outlive the command (they run
  /// until the run ends): a start task's and a multi-instance task's coordination command's, which
  /// launch services on Batch. Any other command's process group is killed when it exits.
  var keepsBackgroundProcesses: Bool {
    switch work {
    case .start: true
    case .task: commandIndex + 1 < commands.count
    case .preparation, .release: false
    }
  }

  /// Closes the task directory and working directory.
  func closeDirectories() {
    for descriptor in [taskDescriptor, workingDescriptor] where descriptor >= 0 { close(descriptor) }
    taskDescriptor = -1
    workingDescriptor = -1
  }

  init(
    work: Work, node: Int, slots: Int, taskDirectory: String, workingDirectory: String, environment: [String],
    retriesLeft: Int
  ) {
    self.work = work
    self.node = node
    self.slots = slots
    self.taskDirectory = taskDirectory
    self.workingDirectory = workingDirectory
    self.environment = environment
    self.retriesLeft = retriesLeft
  }
}

/// Why an attempt failed other than by its exit code; the raw values are what events and the
/// journal say.
enum TaskFailure: String {
  /// Inputs could not be staged or the command could not start.
  case preProcessing = "pre_processing"
  /// An output could not be uploaded.
  case fileUpload = "file_upload"
  /// The job was terminated or the run stopped while it ran.
  case terminated
  /// `max_wall_clock` ran out.
  case timeout

  /// The `exit` block selector that matches the failure, if one does.
  var exitError: ExitError? {
    switch self {
    case .preProcessing: .preProcessing
    case .fileUpload: .fileUpload
    case .terminated, .timeout: nil
    }
  }
}
