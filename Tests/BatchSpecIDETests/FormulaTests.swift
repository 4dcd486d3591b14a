// Hover and completion inside autoscale formulas, through escapes and multi-line strings.

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct FormulaTests {
  static func pool(_ formula: String) -> String {
    """
    pool p {
      vm_size    = "Standard_D2s_v3"
      image      = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent = "batch.node.ubuntu 22.04"
      autoscale {
        formula = \(formula)
      }
    }
    """
  }

  private func hover(_ formula: String) -> (markdown: String, subject: String)? {
    let fixture = Fixture(Self.pool(formula))
    let position = fixture.position()
    guard let hover = fixture.analysis.hover(at: position) else { return nil }
    return (hover.markdown, fixture.analysis.text(hover.range, in: position.path))
  }

  @Test func aServiceVariableShowsWhatItIs() {
    let found = hover("\"$TargetDedicatedNodes = max($Pend$0ingTasks.GetSample(1));\"")
    #expect(found?.subject == "$PendingTasks")
    #expect(found?.markdown.hasPrefix("**$PendingTasks** (service variable, read-only samples") == true)
  }

  @Test func functionsMethodsConstantsAndOwnVariablesShowTheirMeaning() {
    let multiline =
      "\"\"\"\n      pending = $PendingTasks.GetSa$0mple(TimeInterval_Minute * 5, 70);\n      $TargetDedicatedNodes = avg(pending);\n      \"\"\""
    #expect(hover(multiline)?.subject == "GetSample")
    #expect(
      hover(multiline)?.markdown.contains("GetSample(count) or GetSample(start [, end] [, samplePercent])") == true)
    #expect(
      hover("\"$TargetDedicatedNodes = a$0vg(1, 2);\"")?.markdown.hasPrefix("```\navg(doubleVecList) → double") == true)
    #expect(hover("\"$TargetDedicatedNodes = 2 * TimeInterval_Mi$0nute;\"")?.markdown.contains("60 s") == true)
    let own = hover("\"\"\"\n      cap = 20;\n      $TargetDedicatedNodes = c$0ap;\n      \"\"\"")
    #expect(own?.subject == "cap")
    #expect(own?.markdown.contains("cap = 20") == true)
  }

  @Test func hoverFindsNamesPastAnEscape() {
    // `\t` is two bytes in the file and one in the formula: the name after it still lines up.
    let found = hover("\"x = 1;\\t$TargetDedicatedNodes = $CurrentDedica$0tedNodes;\"")
    #expect(found?.subject == "$CurrentDedicatedNodes")
  }

  @Test func completionOffersServiceVariablesAfterADollar() {
    let fixture = Fixture(Self.pool("\"$TargetDedicatedNodes = max($Pen$0\""))
    let position = fixture.position()
    let entries = fixture.analysis.completions(at: position)
    #expect(entries.map(\.label).contains("$PendingTasks"))
    #expect(!entries.map(\.label).contains("$TargetDedicated"))  // old names are not offered
    #expect(!entries.map(\.label).contains("avg"))
    let entry = entries.first { $0.label == "$PendingTasks" }
    #expect(entry.map { fixture.analysis.text($0.replacing, in: position.path) } == "$Pen")
  }

  @Test func completionOffersMethodsAfterASampleVariable() {
    let fixture = Fixture(Self.pool("\"\"\"\n      $TargetDedicatedNodes = max($PendingTasks.Ge$0\n      \"\"\""))
    let labels = fixture.analysis.completionLabels(at: fixture.position())
    #expect(labels.contains("GetSample") && labels.contains("GetSamplePercent"))
    #expect(!labels.contains("avg"))
  }

  @Test func completionOffersFunctionsConstantsAndTheFormulasVariables() {
    let fixture = Fixture(Self.pool("\"cap = 3; $TargetDedicatedNodes = min(c$0\""))
    let labels = fixture.analysis.completionLabels(at: fixture.position())
    for label in ["cap", "ceil", "avg", "TimeInterval_Minute", "taskcompletion"] {
      #expect(labels.contains(label), "\(label)")
    }
    #expect(!labels.contains("vm_size"))
  }

  @Test func formulaDiagnosticsAreTheValidatorsInsideTheString() {
    let fixture = Fixture(Self.pool("\"$TargetDedicatedNodes = avg($PendingTask.GetSample(1));\""))
    let diagnostic = fixture.analysis.diagnostics(Fixture.defaultPath).first { $0.code.rawValue == "BS7002" }
    #expect(diagnostic.map { fixture.analysis.text($0.range, in: Fixture.defaultPath) } == "$PendingTask")
  }
}

@Suite struct EstimateHintTests {
  static let project = """
    pool render {
      vm_size             = "Standard_D4s_v3"
      image               = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
      node_agent          = "batch.node.ubuntu 22.04"
      dedicated_nodes     = 2
      task_slots_per_node = 2
    }
    job frames {
      pool = render
      task frame for i in 1..8 { command = "r", expected_duration = 10m }
      task encode { command = "e", depends_on = [frame], expected_duration = 5m }
    }
    """

  @Test func hoveringAPoolShowsItsEstimate() {
    let fixture = Fixture(Self.project.replacingFirst("pool render", with: "pool ren$0der"))
    let markdown = fixture.analysis.hover(at: fixture.position())?.markdown ?? ""
    // Eight 10-minute frames on four slots, then a 5-minute encode: 25 minutes on 2 nodes.
    #expect(
      markdown.contains(
        "**Estimate** (`batchspec estimate`): busy for 25m00s on 2 nodes, 0.83 node hours, 15% of slot time idle, $0.16 at the prices of the embedded table of"
      ), "\(markdown)")
  }

  @Test func tasksWithoutAnExpectedDurationAreSaidToCountAsZero() {
    let some = Fixture(
      Self.project.replacingFirst("pool render", with: "pool ren$0der").replacingFirst(
        ", expected_duration = 5m", with: ""))
    let markdown = some.analysis.hover(at: some.position())?.markdown ?? ""
    #expect(
      markdown.contains(
        "1 task has no `expected_duration` (counted as 0): the figures are a lower bound."), "\(markdown)")
    let none = Fixture(
      Self.project.replacingFirst("pool render", with: "pool ren$0der").replacingFirst(
        ", expected_duration = 5m", with: ""
      ).replacingFirst(", expected_duration = 10m", with: ""))
    let nothing = none.analysis.hover(at: none.position())?.markdown ?? ""
    #expect(
      nothing.contains(
        "no task on this pool has an `expected_duration` (each is counted as 0), so there is nothing to estimate."),
      "\(nothing)")
    #expect(!nothing.contains("busy for"))
  }

  @Test func eachJobGetsItsEstimatedMakespan() {
    let fixture = Fixture(Self.project)
    let source = fixture.analysis.source(Fixture.defaultPath)!
    let hints = fixture.analysis.inlayHints(Fixture.defaultPath, in: TextRange(0, source.bytes.count))
    let job = hints.first { $0.label.hasPrefix(" ≈") }
    #expect(job?.label == " ≈ 25m00s")
    #expect(job.map { source.text(TextRange($0.offset - 6, $0.offset)) } == "frames")
  }

  /// A pool of 100,000,000 nodes is estimated on the nine its tasks can use (it took 13 GB).
  @Test func aHugePoolGetsItsEstimateAtOnce() {
    let fixture = Fixture(
      Self.project.replacingFirst("dedicated_nodes     = 2", with: "dedicated_nodes     = 100000000"))
    let source = fixture.analysis.source(Fixture.defaultPath)!
    let hints = fixture.analysis.inlayHints(Fixture.defaultPath, in: TextRange(0, source.bytes.count))
    // Every frame at once, then the encode.
    #expect(hints.first { $0.label.hasPrefix(" ≈") }?.label == " ≈ 15m00s")
  }

  @Test func aProjectWithErrorsHasNoEstimate() {
    let fixture = Fixture(Self.project.replacingFirst("command = \"e\"", with: "command = 3"))
    let source = fixture.analysis.source(Fixture.defaultPath)!
    let hints = fixture.analysis.inlayHints(Fixture.defaultPath, in: TextRange(0, source.bytes.count))
    #expect(!hints.contains { $0.label.hasPrefix(" ≈") })
  }
}
