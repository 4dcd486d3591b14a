// The runner benchmark: TASKS tasks of `/bin/true` on one node with 2 slots, run by the real
// `batchspec run`, against `xargs -P 2` starting the same command as often.
//
//     swift run -c release batchspec-bench runner [tasks] [repetitions] [--compile-only] [BINARY...]
//
// For each repetition and each binary in turn (the `batchspec` built next to this one when none
// is given; several are interleaved so that the machine's load falls on each alike): compile the
// project (time, CPU, peak memory), run the plan in a fresh work directory (the same, and the
// directory's size on disk); then xargs once. Medians and spread. `--compile-only` times compile
// alone.

import Foundation
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum RunnerBenchmark {
  /// One measured run of a process: wall-clock and CPU seconds (user + system, its children
  /// included) and its peak resident memory.
  struct Sample {
    var wall: Double
    var cpu: Double
    var maxResidentMB: Double
  }

  static func run(tasks: Int, repetitions: Int, binaries given: [String], compileOnly: Bool = false) {
    var binaries = given
    if binaries.isEmpty, let own = batchspecBinary() { binaries = [own.path] }
    guard !binaries.isEmpty else {
      print("error: build the `batchspec` executable first (swift build -c release)")
      exit(2)
    }
    let directory = NSTemporaryDirectory() + "batchspec-bench-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let planPath = directory + "/plan.json"
    let projectPath = directory + "/project"
    try? FileManager.default.createDirectory(atPath: projectPath, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: projectPath + "/bench.batch", contents: Data(project(tasks: tasks).utf8))
    let argumentsPath = directory + "/arguments.txt"
    _ = FileManager.default.createFile(
      atPath: argumentsPath, contents: Data(String(repeating: "x\n", count: tasks).utf8))

    var compiles = Array(repeating: [Sample](), count: binaries.count)
    var runs = Array(repeating: [Sample](), count: binaries.count)
    var xargs: [Sample] = []
    var diskKB = 0
    let loadBefore = load()
    for repetition in 0..<repetitions {
      for (which, binary) in binaries.enumerated() {
        compiles[which].append(measure(binary, ["compile", projectPath, "-o", planPath], stdin: nil))
        if compileOnly { continue }
        let workDirectory = directory + "/work-\(repetition)-\(which)"
        runs[which].append(
          measure(
            binary, ["run", planPath, "--workdir", workDirectory, "--storage", directory + "/storage"], stdin: nil))
        diskKB = diskUse(workDirectory)
        // The next run must not pay for deleting this one's files.
        try? FileManager.default.removeItem(atPath: workDirectory)
      }
      if !compileOnly {
        xargs.append(measure("/usr/bin/xargs", ["-P", "2", "-n", "1", "/bin/true"], stdin: argumentsPath))
      }
    }
    print(
      "runner: \(tasks) tasks of /bin/true, 1 node x 2 slots, \(repetitions) runs each (load \(loadBefore) before, \(load()) after)"
    )
    for (which, binary) in binaries.enumerated() {
      let name = binaries.count == 1 ? "" : " " + binary.split(separator: "/").suffix(3).joined(separator: "/")
      if binaries.count > 1 { print(name.dropFirst() + ":") }
      report("compile (project -> plan)", compiles[which])
      if !compileOnly { report("batchspec run (plan)", runs[which]) }
    }
    if compileOnly { return }
    report("xargs -P 2", xargs)
    for (which, binary) in binaries.enumerated() {
      let ratio = median(runs[which].map(\.wall)) / max(median(xargs.map(\.wall)), 1e-9)
      let name = binaries.count == 1 ? "" : " (" + binary.split(separator: "/").suffix(3).joined(separator: "/") + ")"
      print(String(format: "  run / xargs (median wall)   %.2fx", ratio) + name)
    }
    print("  work directory on disk      \(diskKB / 1024) MB (du -sk after one run)")
  }

  static func report(_ name: String, _ samples: [Sample]) {
    let walls = samples.map(\.wall)
    print(
      String(
        format: "  %@ wall median %.2f s (min %.2f, max %.2f)  cpu median %.2f s (%.2f to %.2f)  max RSS %.0f MB",
        name.padding(toLength: 28, withPad: " ", startingAt: 0) as NSString, median(walls), walls.min() ?? 0,
        walls.max() ?? 0, median(samples.map(\.cpu)), samples.map(\.cpu).min() ?? 0, samples.map(\.cpu).max() ?? 0,
        samples.map(\.maxResidentMB).max() ?? 0))
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }

  /// The load averages, as `uptime` shows them.
  static func load() -> String {
    ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3)
      .joined(separator: " ")
  }

  /// Kilobytes `du -sk` counts under `path`.
  static func diskUse(_ path: String) -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/du")
    process.arguments = ["-sk", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return 0 }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Int(String(decoding: data, as: UTF8.self).split(separator: "\t").first ?? "") ?? 0
  }

  /// Runs `executable` (output discarded) and measures it with `wait4`'s resource usage.
  static func measure(_ executable: String, _ arguments: [String], stdin: String?) -> Sample {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let start = Date()
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
      print("error: cannot start \(executable)")
      exit(2)
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = Date().timeIntervalSince(start)
    if status != 0 { print("warning: \(executable) \(arguments.first ?? "") exited with status \(status)") }
    let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    // wait4 counts the process and its waited-for children (xargs's /bin/true, the runner's tasks).
    return Sample(
      wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), maxResidentMB: Double(usage.ru_maxrss) / 1024)
  }

  /// One job of a sweep of `tasks` tasks on a pool of one node with two slots.
  static func project(tasks: Int) -> String {
    """
    // Generated by batchspec-bench runner.
    pool bench {
      vm_size             = "Standard_D2s_v3"
      image               = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent          = "batch.node.ubuntu 22.04"
      dedicated_nodes     = 1
      task_slots_per_node = 2
    }
    job bench {
      pool = bench
      task t for i in 1..\(tasks) { command = "/bin/true" }
    }

    """
  }

  /// The `batchspec` executable built next to this one.
  static func batchspecBinary() -> URL? {
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let candidate = me.deletingLastPathComponent().appendingPathComponent("batchspec")
    return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
  }
}
