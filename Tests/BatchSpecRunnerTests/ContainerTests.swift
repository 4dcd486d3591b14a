// Container commands end to end. The `docker` CLI's arguments are the interface: a fake `docker`
// on PATH records them and runs the command in place (as `docker run` would, in the container),
// so every test runs on any machine; one test runs a real container through Podman where Podman
// can run one, and says it was skipped otherwise.

import Foundation
import Testing

import BatchSpecCore
import BatchSpecPlan

/// A directory with a fake `docker` that records each call, one argument per line and a blank
/// line after, in `calls.log`, answers `info`, and for `run` changes to `--workdir` and runs the
/// command after the image.
final class FakeDocker {
  let directory: String
  var log: String { directory + "/calls.log" }

  init() throws {
    directory = NSTemporaryDirectory() + "batchspec-docker-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let script = """
      #!/bin/sh
      for a in "$@"; do printf '%s\\n' "$a" >> "\(directory)/calls.log"; done
      printf '\\n' >> "\(directory)/calls.log"
      [ "$1" = run ] || exit 0
      shift
      while [ $# -gt 0 ]; do
        case "$1" in
          --workdir) cd "$2" || exit 125; shift 2 ;;
          --name|--user|--volume|--env) shift 2 ;;
          -*) shift ;;
          *) shift; break ;;
        esac
      done
      exec "$@"
      """
    try script.write(toFile: directory + "/docker", atomically: true, encoding: .utf8)
    chmod(directory + "/docker", 0o755)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  /// The environment of a runner that finds this `docker` first.
  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = directory + ":/usr/bin:/bin"
    return environment
  }

  /// Each recorded call's arguments.
  func calls() -> [[String]] {
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map {
      $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
  }

  /// The calls of `docker run`.
  func runs() -> [[String]] { calls().filter { $0.first == "run" } }
}

/// The values that follow each `flag` in `arguments`.
func values(of flag: String, in arguments: [String]) -> [String] {
  zip(arguments, arguments.dropFirst()).filter { $0.0 == flag }.map(\.1)
}

@Suite struct ContainerTests {
  static func containerPlan(_ tasks: [PlanTask]) -> Plan {
    var plan = Plans.plan(tasks)
    plan.pools[0].containers = PlanContainerConfiguration(type: .dockerCompatible, images: ["ubuntu:22.04"])
    return plan
  }

  @Test func aContainerTaskRunsThroughDockerAsBatchRunsIt() throws {
    let docker = try FakeDocker()
    var task = Plans.task("render", Plans.sh("echo in-container > out.txt"), outputs: [Plans.output("out.txt", "res")])
    task.environment = ["SCENE": "a b"]
    task.container = PlanContainer(image: "render:2.1", runOptions: "--shm-size=1g")
    let harness = try RunHarness(Self.containerPlan([task]))
    harness.environment = docker.environment
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(harness.blob("st", "res", "out.txt") == "in-container\n")
    let run = try #require(docker.runs().first)
    let node = harness.node()
    let taskDirectory = harness.taskDirectory("render")
    #expect(Array(run.prefix(3)) == ["run", "--rm", "--name"])
    #expect(values(of: "--user", in: run) == ["\(getuid()):\(getgid())"])
    #expect(values(of: "--volume", in: run) == ["\(node):\(node)"])
    #expect(values(of: "--workdir", in: run) == [taskDirectory + "/wd"])
    let passed = Set(values(of: "--env", in: run))
    #expect(
      passed.isSuperset(of: ["AZ_BATCH_TASK_ID", "AZ_BATCH_TASK_WORKING_DIR", "AZ_BATCH_NODE_ROOT_DIR", "SCENE"]))
    #expect(!passed.contains("PATH") && !passed.contains("HOME"), "the host's variables leak into the container")
    #expect(!run.contains { $0.contains("a b") }, "a variable's value is on the command line")
    let image = try #require(run.firstIndex(of: "render:2.1"))
    #expect(run[image - 1] == "--shm-size=1g", "the run options do not come last before the image")
    #expect(Array(run[(image + 1)...]) == ["/bin/sh", "-c", "echo in-container > out.txt"])
  }

  @Test func boundDirectoriesAreTheOnesSelectedAndTheOthersVariablesGo() throws {
    let docker = try FakeDocker()
    var task = Plans.task("t", "/bin/true")
    task.container = PlanContainer(
      image: "img", workingDirectory: .containerImageDefault,
      bindMounts: [PlanBindMount(source: .task, readOnly: false), PlanBindMount(source: .shared, readOnly: true)])
    task.userIdentity = PlanUserIdentity(scope: .pool, elevation: .admin)
    let harness = try RunHarness(Self.containerPlan([task]))
    harness.environment = docker.environment
    #expect(try harness.run().status == 0)
    let run = try #require(docker.runs().first)
    let node = harness.node()
    let taskDirectory = harness.taskDirectory("t")
    #expect(
      values(of: "--volume", in: run) == ["\(taskDirectory):\(taskDirectory)", "\(node)/shared:\(node)/shared:ro"])
    #expect(values(of: "--workdir", in: run).isEmpty)
    #expect(values(of: "--user", in: run) == ["0:0"])
    let passed = Set(values(of: "--env", in: run))
    #expect(passed.contains("AZ_BATCH_TASK_DIR") && passed.contains("AZ_BATCH_NODE_SHARED_DIR"))
    #expect(!passed.contains("AZ_BATCH_NODE_STARTUP_DIR") && !passed.contains("AZ_BATCH_NODE_MOUNTS_DIR"))
  }

  @Test func withoutAContainerToolContainerTasksAreRefusedAndOthersRun() throws {
    var task = Plans.task("in-container", "/bin/true")
    task.container = PlanContainer(image: "img")
    let harness = try RunHarness(Self.containerPlan([task, Plans.task("plain", "/bin/true")]))
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = ""
    harness.environment = environment
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(
      result.output.contains(
        "container tasks cannot run here: neither `docker` nor `podman` is on PATH; install Docker or Podman"),
      "\(result.output)")
    let ends = harness.events().filter { $0.name == "task-end" }
    #expect(ends.first { $0.task == "plain" }?.state == "succeeded")
    #expect(ends.first { $0.task == "in-container" }?.fields["failure"] as? String == "pre_processing")
  }

  @Test func aContainerTaskOnAPoolWithoutContainersIsRefused() throws {
    let docker = try FakeDocker()
    var task = Plans.task("t", "/bin/true")
    task.container = PlanContainer(image: "img")
    let harness = try RunHarness(Plans.plan([task]))
    harness.environment = docker.environment
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(result.output.contains("pool `p` has no `containers` block"), "\(result.output)")
    #expect(docker.runs().isEmpty)
  }

  @Test func aContainerPastItsWallClockIsKilledInTheEngineToo() throws {
    let docker = try FakeDocker()
    var task = Plans.task("slow", Plans.sh("sleep 30"), wallClockMs: 300)
    task.container = PlanContainer(image: "img")
    let harness = try RunHarness(Self.containerPlan([task]))
    harness.environment = docker.environment
    let result = try harness.run()
    #expect(result.status == 1)
    #expect(harness.end(of: "slow")?.failure == "timeout")
    let run = try #require(docker.runs().first)
    let name = try #require(values(of: "--name", in: run).first)
    // The kill is sent without waiting for it; give the fake a moment to record it.
    let deadline = Date().addingTimeInterval(3)
    while !docker.calls().contains(["kill", "--signal", "KILL", name]) && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.05)
    }
    #expect(docker.calls().contains(["kill", "--signal", "KILL", name]), "\(docker.calls())")
  }

  /// A real container through Podman (Debian's `podman` and `runc`, an image imported from
  /// Debian's static busybox: nothing is pulled), where Podman can run one here.
  @Test func aRealContainerRunsThroughPodmanWhereItCan() throws {
    guard let podman = PodmanImage.prepare() else {
      print("skipped: podman cannot run containers on this machine (see PodmanImage.prepare)")
      return
    }
    var task = Plans.task(
      "real", Plans.sh("echo $AZ_BATCH_TASK_ID in $(pwd) > out.txt; test -d $AZ_BATCH_NODE_SHARED_DIR"),
      outputs: [Plans.output("out.txt", "res")])
    task.container = PlanContainer(image: PodmanImage.name)
    let harness = try RunHarness(Self.containerPlan([task]))
    harness.environment = podman
    let result = try harness.run()
    #expect(result.status == 0, "\(result.output)")
    #expect(harness.blob("st", "res", "out.txt") == "real in \(harness.taskDirectory("real"))/wd\n")
  }
}

/// Podman, set up to run containers on this machine, or nil where it cannot.
enum PodmanImage {
  static let name = "localhost/batchspec-busybox:test"

  /// The environment of a runner that finds Podman (and no `docker`), after importing a busybox
  /// image and running it once; nil when any step fails.
  static func prepare() -> [String: String]? {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/podman"),
      FileManager.default.isExecutableFile(atPath: "/bin/busybox"),
      FileManager.default.isExecutableFile(atPath: "/usr/bin/runc")
        || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runc")
    else { return nil }
    let root = NSTemporaryDirectory() + "batchspec-podman-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: root) }
    do {
      try FileManager.default.createDirectory(atPath: root + "/image/bin", withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: root + "/image/bin/busybox")
      for tool in ["sh", "echo", "test", "pwd", "cat", "true"] {
        try FileManager.default.createSymbolicLink(atPath: root + "/image/bin/" + tool, withDestinationPath: "busybox")
      }
    } catch { return nil }
    // Debian's crun refuses this machine's cgroups and its default limits exceed ours: runc, and
    // limits within the hard ones.
    let configuration = NSTemporaryDirectory() + "batchspec-containers.conf"
    let text = """
      [containers]
      default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
      [engine]
      runtime = "runc"

      """
    guard (try? text.write(toFile: configuration, atomically: true, encoding: .utf8)) != nil else { return nil }
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = "/usr/bin:/bin:/usr/sbin:/sbin"
    environment["CONTAINERS_CONF"] = configuration
    let steps = [
      [
        "/bin/sh", "-c",
        "tar -C '\(root)/image' -cf '\(root)/image.tar' . && podman import '\(root)/image.tar' \(name)",
      ],
      ["/usr/bin/podman", "run", "--rm", name, "/bin/true"],
    ]
    for step in steps {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: step[0])
      process.arguments = Array(step.dropFirst())
      process.environment = environment
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      guard (try? process.run()) != nil else { return nil }
      process.waitUntilExit()
      guard process.terminationStatus == 0 else { return nil }
    }
    return environment
  }
}
