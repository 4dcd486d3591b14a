// Which tasks need their job's task dependencies: those with `depends_on` and those whose exit
// conditions write a `dependency_action`. Compile turns dependencies on for them; BS5012 flags a
// job that turns them off.

extension Checked<Schema.Task> {
  /// The first `dependency_action` the task's exit conditions write: Batch refuses a task with one
  /// in a job that does not use task dependencies.
  package var dependencyAction: Written<DependencyAction>? {
    for exit in children(\.exit) {
      if let action = exit.written(\.dependencyAction) { return action }
    }
    return nil
  }
}
