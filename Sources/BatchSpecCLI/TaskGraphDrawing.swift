// The task graph `batchspec graph` draws: a job's tasks and their dependencies, a sweep folded into
// one node with its count unless expanded, as Graphviz dot or Mermaid.

import BatchSpecCore

/// The tasks and dependencies of some jobs, ready to draw.
struct TaskGraphDrawing {
  /// A drawn node: one task, or the tasks of one sweep.
  struct Node {
    var job: String
    /// The task ID, or the sweep's label.
    var name: String
    /// How many tasks it stands for (1 for a task).
    var count: Int
    /// Whether it is a folded sweep.
    var isSweep: Bool
  }

  /// A dependency: `from` must finish before `to` starts.
  struct Edge: Hashable {
    var from: Int
    var to: Int
    /// `3 of 240` when only some of a folded sweep's tasks are depended on.
    var label: String?
  }

  var jobs: [String] = []
  var nodes: [Node] = []
  var edges: [Edge] = []
  /// Each job's nodes and edges: a job's are added together, so they are ranges of `nodes` and
  /// `edges` (a drawing of thousands of jobs looks up each job's once, not by scanning them all).
  var nodesOfJob: [Range<Int>] = []
  var edgesOfJob: [Range<Int>] = []

  /// The graph of `jobs`, sweeps folded unless `expand`.
  init(_ jobs: [Checked<Schema.Job>], expand: Bool) {
    for job in jobs {
      let jobID = job.label ?? ""
      self.jobs.append(jobID)
      let (firstNode, firstEdge) = (nodes.count, edges.count)
      defer {
        nodesOfJob.append(firstNode..<nodes.count)
        edgesOfJob.append(firstEdge..<edges.count)
      }
      let tasks = job.children(\.task)
      var nodeOfTask: [String: Int] = [:]
      var nodeOfGroup: [String: Int] = [:]
      for task in tasks {
        let id = task.label ?? ""
        if !expand, let group = task.instance.sweep?.group {
          if let index = nodeOfGroup[group] {
            nodes[index].count += 1
            nodeOfTask[id.lowercased()] = index
            continue
          }
          nodeOfGroup[group] = nodes.count
          nodeOfTask[id.lowercased()] = nodes.count
          nodes.append(Node(job: jobID, name: group, count: 1, isSweep: true))
        } else {
          nodeOfTask[id.lowercased()] = nodes.count
          nodes.append(Node(job: jobID, name: id, count: 1, isSweep: false))
        }
      }
      // For each pair of drawn nodes, which tasks of the first the second depends on.
      var depended: [[Int]: Set<String>] = [:]
      var order: [[Int]] = []
      for task in tasks {
        guard let to = nodeOfTask[(task.label ?? "").lowercased()] else { continue }
        for reference in task[\.dependsOn] ?? [] where reference.kind == .task {
          guard let from = nodeOfTask[reference.id.lowercased()] else { continue }
          let key = [from, to]
          if depended[key] == nil { order.append(key) }
          depended[key, default: []].insert(reference.id.lowercased())
        }
      }
      for key in order {
        let from = nodes[key[0]]
        let count = depended[key]?.count ?? 0
        let label = from.isSweep && count < from.count ? "\(count) of \(from.count)" : nil
        edges.append(Edge(from: key[0], to: key[1], label: label))
      }
    }
  }

  /// A node's label: the task ID, or `frame ×240` for a sweep.
  func label(_ node: Node) -> String { node.isSweep ? "\(node.name) ×\(node.count)" : node.name }

  // MARK: Graphviz

  /// The graph in Graphviz's dot language: one cluster per job.
  func dot(name: String) -> String {
    var out = "digraph \(Self.dotString(name)) {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
    for (jobIndex, job) in jobs.enumerated() {
      out += "  subgraph \(Self.dotString("cluster_" + job)) {\n    label=\(Self.dotString("job " + job));\n"
      for node in nodes[nodesOfJob[jobIndex]] {
        let style = node.isSweep ? ", style=\"rounded,bold\"" : ""
        out += "    \(Self.dotString(node.job + "/" + node.name)) [label=\(Self.dotString(label(node)))\(style)];\n"
      }
      for edge in edges[edgesOfJob[jobIndex]] {
        let from = nodes[edge.from]
        let to = nodes[edge.to]
        let attributes = edge.label.map { " [label=\(Self.dotString($0))]" } ?? ""
        out +=
          "    \(Self.dotString(from.job + "/" + from.name)) -> \(Self.dotString(to.job + "/" + to.name))\(attributes);\n"
      }
      out += "  }\n"
    }
    return out + "}\n"
  }

  private static func dotString(_ text: String) -> String {
    "\"" + text.replacingAll("\\", "\\\\").replacingAll("\"", "\\\"") + "\""
  }

  // MARK: Mermaid

  /// The graph as a Mermaid flowchart: one subgraph per job.
  func mermaid() -> String {
    var out = "flowchart LR\n"
    for (jobIndex, job) in jobs.enumerated() {
      out += "  subgraph j\(jobIndex)[\(Self.mermaidString("job " + job))]\n"
      for index in nodesOfJob[jobIndex] {
        let node = nodes[index]
        let text = Self.mermaidString(label(node))
        out += node.isSweep ? "    n\(index)([\(text)])\n" : "    n\(index)[\(text)]\n"
      }
      out += "  end\n"
    }
    for edge in edges {
      out += "  n\(edge.from) -->" + (edge.label.map { "|\(Self.mermaidString($0))|" } ?? "") + " n\(edge.to)\n"
    }
    return out
  }

  private static func mermaidString(_ text: String) -> String {
    "\"" + text.replacingAll("\"", "#quot;") + "\""
  }
}

extension String {
  /// The string with every `target` replaced by `replacement` (no Foundation needed). An ASCII
  /// character (every target here) is replaced byte by byte, and a string without it is returned
  /// as it is: a graph escapes every label of thousands of tasks.
  package func replacingAll(_ target: String, _ replacement: String) -> String {
    guard target.utf8.count == 1, let byte = target.utf8.first, byte < 0x80 else {
      return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
    guard utf8.contains(byte) else { return self }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count)
    for next in utf8 {
      if next == byte { out += replacement.utf8 } else { out.append(next) }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
