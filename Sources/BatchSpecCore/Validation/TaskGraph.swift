// The task dependency graph of one job: strongly connected components and shortest cycles.

/// The dependency graph of one job's tasks, by index in source order.
struct TaskGraph {
  var tasks: [Checked<Schema.Task>]
  var edges: [[Int]]

  init(_ tasks: [Checked<Schema.Task>]) {
    self.tasks = tasks
    // By index, sized once: tasks are read in place, the table is not rehashed as it grows.
    var index: [String: Int] = [:]
    index.reserveCapacity(tasks.count)
    for i in tasks.indices { index[(tasks[i].label ?? "").lowercased()] = i }
    var edges: [[Int]] = []
    edges.reserveCapacity(tasks.count)
    for i in tasks.indices {
      var targets: [Int] = []
      for reference in tasks[i][\.dependsOn] ?? [] {
        if let target = index[reference.key] { targets.append(target) }
      }
      edges.append(targets)
    }
    self.edges = edges
  }

  /// Strongly connected components that hold a cycle (more than one task, or a self-dependency).
  func cyclicComponents() -> [[Int]] {
    // Edges that all point to earlier tasks order the graph: no cycle, no search.
    guard edges.indices.contains(where: { source in edges[source].contains { $0 >= source } }) else { return [] }
    var indexOf = [Int](repeating: -1, count: tasks.count)
    var lowLink = [Int](repeating: 0, count: tasks.count)
    var onStack = [Bool](repeating: false, count: tasks.count)
    var stack: [Int] = []
    var next = 0
    var components: [[Int]] = []
    for root in tasks.indices where indexOf[root] < 0 {
      var work: [(node: Int, edge: Int)] = [(root, 0)]
      indexOf[root] = next
      lowLink[root] = next
      next += 1
      stack.append(root)
      onStack[root] = true
      while let (node, edge) = work.last {
        if edge < edges[node].count {
          work[work.count - 1].edge += 1
          let target = edges[node][edge]
          if indexOf[target] < 0 {
            indexOf[target] = next
            lowLink[target] = next
            next += 1
            stack.append(target)
            onStack[target] = true
            work.append((target, 0))
          } else if onStack[target] {
            lowLink[node] = min(lowLink[node], indexOf[target])
          }
          continue
        }
        work.removeLast()
        if let parent = work.last { lowLink[parent.node] = min(lowLink[parent.node], lowLink[node]) }
        guard lowLink[node] == indexOf[node] else { continue }
        var component: [Int] = []
        while let member = stack.popLast() {
          onStack[member] = false
          component.append(member)
          if member == node { break }
        }
        if component.count > 1 || edges[node].contains(node) { components.append(component) }
      }
    }
    return components.sorted { $0.min()! < $1.min()! }
  }

  /// A shortest cycle through `start` inside `component`, as a path that ends where it starts.
  func cycle(from start: Int, within component: Set<Int>) -> [Int] {
    if edges[start].contains(start) { return [start, start] }
    var previous: [Int: Int] = [:]
    var queue = [start]
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      for target in edges[node] where component.contains(target) {
        if target == start {
          var chain: [Int] = []
          var current = node
          while current != start {
            chain.append(current)
            current = previous[current]!
          }
          return [start] + chain.reversed() + [start]
        }
        if previous[target] == nil {
          previous[target] = node
          queue.append(target)
        }
      }
    }
    return [start, start]
  }
}
