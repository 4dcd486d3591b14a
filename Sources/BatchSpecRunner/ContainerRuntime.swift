// Container commands, run as Azure Batch runs them on a Linux node: `docker run` (or `podman run`,
// which takes the same arguments) of the command's image with the node's directories bound at the
// same paths, the task's variables passed by name, the task's working directory as the container's
// and the user's own options last, so that theirs win as they do on Batch.

import BatchSpecCore
import BatchSpecPlan
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The container tool this run uses, or why container commands cannot run here.
struct ContainerRuntime {
  /// The tool's path (`docker`, else `podman`, found on `PATH`); nil when container commands
  /// cannot run, with `problem` saying why.
  let tool: String?
  let problem: String?

  /// Variables of the runner's environment that the tool itself reads (where its engine is, its
  /// configuration): passed to the tool, never into the container.
  static let toolVariables = ["DOCKER_", "CONTAINER_", "CONTAINERS_", "XDG_RUNTIME_DIR=", "XDG_CONFIG_HOME="]

  /// Finds `docker`, else `podman`, on `path`: the first that can run containers, as its `info`
  /// says (a CLI whose engine does not answer cannot).
  static func find(path: String, environment: [String]) -> ContainerRuntime {
    var problems: [String] = []
    for name in ["docker", "podman"] {
      guard let tool = ProcessSpawner.resolve(name, path: path, workingDirectory: "/") else { continue }
      let (status, message) = ProcessSpawner.runToEnd([tool, "info"], environment: environment, timeout: 20)
      if status == 0 { return ContainerRuntime(tool: tool, problem: nil) }
      problems.append(
        "`\(name)` is on PATH but cannot run containers (\(message.isEmpty ? "`\(name) info` failed" : message))")
    }
    let problem = problems.isEmpty ? "neither `docker` nor `podman` is on PATH" : problems.joined(separator: "; ")
    return ContainerRuntime(tool: nil, problem: problem)
  }

  /// A container's name: unique to the work directory, the job, the task and the attempt, so a
  /// resumed run can remove what a killed one left.
  static func name(run: String, job: String, task: String, attempt: Int) -> String {
    let safe = { (text: String) in
      String(
        text.unicodeScalars.map {
          $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
            ? Character($0) : "-"
        })
    }
    return "batchspec-\(run)-\(safe(job))-\(safe(task))-\(attempt)"
  }

  /// What the container of one command sees of the node.
  struct Layout {
    /// The node's root directory (bound whole when the command selects no directories).
    var nodeRoot: String
    /// The command's task directory (`AZ_BATCH_TASK_DIR`); its working directory is `wd` in it.
    var taskDirectory: String
    /// The job preparation task's directory, when the job has one.
    var jobPreparationDirectory: String?
    /// Storage containers the node's blobfuse mounts link to: bound at the same paths so the
    /// links in `fsmounts` resolve inside the container too.
    var mountedContainers: [String]
  }

  /// The node directories each bindable data path stands for, and the variables that name them
  /// (removed from the container's environment when the path is not bound).
  static func directories(of source: ContainerHostPath, in layout: Layout) -> (paths: [String], variables: [String]) {
    switch source {
    case .shared: ([layout.nodeRoot + "/shared"], ["AZ_BATCH_NODE_SHARED_DIR"])
    case .startup: ([layout.nodeRoot + "/startup"], ["AZ_BATCH_NODE_STARTUP_DIR", "AZ_BATCH_NODE_STARTUP_WORKING_DIR"])
    case .vfsMounts:
      ([layout.nodeRoot + "/fsmounts"] + layout.mountedContainers, ["AZ_BATCH_NODE_MOUNTS_DIR"])
    case .task: ([layout.taskDirectory], ["AZ_BATCH_TASK_DIR", "AZ_BATCH_TASK_WORKING_DIR"])
    case .jobPrep:
      (layout.jobPreparationDirectory.map { [$0] } ?? [], ["AZ_BATCH_JOB_PREP_DIR", "AZ_BATCH_JOB_PREP_WORKING_DIR"])
    case .applications: ([layout.nodeRoot + "/applications"], ["AZ_BATCH_APP_PACKAGE_"])
    }
  }

  /// The tool's arguments that run `command` in `container`: `run --rm --name NAME`, the user,
  /// the bind mounts, the working directory, `-e NAME` for each of the command's variables (their
  /// values reach the tool through its own environment, never its arguments), the plan's run
  /// options, the image, then the command. `variables` are the command's `NAME=value` entries.
  func arguments(_ launch: ContainerLaunch, command: [String], name: String, variables: [String]) -> [String] {
    let container = launch.settings
    let layout = launch.layout
    var arguments = [tool ?? "docker", "run", "--rm", "--name", name]
    // Batch maps the task user into the container; an admin task runs as root there.
    arguments += ["--user", launch.admin ? "0:0" : "\(getuid()):\(getgid())"]
    var removed: [String] = []
    if let selected = container.bindMounts {
      for source in ContainerHostPath.allCases where !selected.contains(where: { $0.source == source }) {
        removed += Self.directories(of: source, in: layout).variables
      }
      for mount in selected {
        for path in Self.directories(of: mount.source, in: layout).paths {
          arguments += ["--volume", path + ":" + path + (mount.readOnly ? ":ro" : "")]
        }
      }
    } else {
      for path in [layout.nodeRoot] + layout.mountedContainers { arguments += ["--volume", path + ":" + path] }
    }
    if container.workingDirectory == .taskWorkingDirectory {
      arguments += ["--workdir", layout.taskDirectory + "/wd"]
    }
    for entry in variables {
      let name = String(entry.prefix { $0 != "=" })
      if removed.contains(where: { $0.hasSuffix("_") ? name.hasPrefix($0) : name == $0 }) { continue }
      arguments += ["--env", name]
    }
    return arguments + launch.options + [container.image] + command
  }

  /// Kills the container `name` without waiting (the tool's `kill`, its output discarded): the
  /// tool's client may be gone already, but the container runs on in the engine until then.
  func kill(_ name: String, environment: [String]) {
    guard let tool else { return }
    _ = try? ProcessSpawner.spawn(
      [tool, "kill", "--signal", "KILL", name], environment: environment, directory: "/", stdoutPath: "/dev/null",
      stderrPath: "/dev/null")
  }

  /// Removes containers a killed run left behind, waiting for the tool.
  func remove(_ names: [String], environment: [String]) {
    guard let tool, !names.isEmpty else { return }
    _ = ProcessSpawner.runToEnd([tool, "rm", "--force"] + names, environment: environment, timeout: 60)
  }
}

/// How a container command's attempts are started: its settings, what it sees of the node, who
/// it runs as and its run options, split as a command line is.
struct ContainerLaunch {
  var settings: PlanContainer
  var layout: ContainerRuntime.Layout
  var admin: Bool
  var options: [String]
}

extension Plan {
  /// Whether any command of the plan runs in a container.
  var usesContainers: Bool {
    pools.contains { $0.startTask?.container != nil }
      || jobs.contains { job in
        job.manager?.container != nil || job.preparationTask?.container != nil || job.releaseTask?.container != nil
          || job.tasks.contains { $0.container != nil }
      }
  }
}
