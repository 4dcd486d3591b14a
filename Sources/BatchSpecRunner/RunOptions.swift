// How a run is set up: where nodes and storage live, how many nodes, where events go.

/// The options of one run.
package struct RunOptions: Sendable {
  /// The work directory: nodes, the journal and the lock live here.
  package var workDirectory: String
  /// The emulated storage root: `<account>/<container>/<blob>`.
  package var storageDirectory: String
  /// At most this many nodes per pool run here; nil for the pool's node count.
  package var maxNodes: Int?
  /// Where to write one JSON object per event, if anywhere.
  package var eventsPath: String?
  /// Whether output goes to a terminal (a live status line instead of plain lines).
  package var isTerminal: Bool
  /// Seconds between SIGTERM and SIGKILL when a run is stopped.
  package var stopGraceSeconds: Double

  /// Creates options.
  package init(
    workDirectory: String, storageDirectory: String, maxNodes: Int? = nil, eventsPath: String? = nil,
    isTerminal: Bool = false, stopGraceSeconds: Double = 5
  ) {
    self.workDirectory = workDirectory
    self.storageDirectory = storageDirectory
    self.maxNodes = maxNodes
    self.eventsPath = eventsPath
    self.isTerminal = isTerminal
    self.stopGraceSeconds = stopGraceSeconds
  }
}

/// A problem that stops a run before it starts: exit status 2.
package struct RunSetupError: Error, CustomStringConvertible {
  /// The message, without the `error:` prefix.
  package var description: String
}
