// The formula evaluator against the results Microsoft's documentation, SDK tests and tools print,
// and the documented sample arithmetic.

import BatchSpecCore
import Testing

@Suite struct AutoscaleEvaluationTests {
  static func run(_ text: String, _ environment: FormulaEnvironment) -> FormulaRun {
    FormulaEvaluator.run(FormulaProgram(text), in: environment)
  }

  @Test func aConstantTargetGivesThePythonSDKsResults() {
    let environment = FormulaEnvironment(now: 0)
    let run = Self.run("$TargetDedicatedNodes=3", environment)
    #expect(run.error == nil)
    #expect(
      run.results(environment: environment)
        == "$TargetDedicatedNodes=3;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue")
  }

  @Test func theDotNetTestsFormulaIsItsOwnResult() {
    let environment = FormulaEnvironment(now: 0)
    let formula = "$TargetDedicatedNodes=0;$TargetLowPriorityNodes=0;$NodeDeallocationOption=terminate"
    #expect(Self.run(formula, environment).results(environment: environment) == formula)
  }

  @Test func powershellsEvaluationOnAPoolWithoutSamples() {
    // Test-AzBatchAutoScale, Example 1: `$TargetDedicated=5;$NodeDeallocationOption=requeue;totalNodes=5`.
    let formula =
      "totalNodes=($CPUPercent.GetSamplePercent(TimeInterval_Minute*0,TimeInterval_Minute*10)<0.7?5:(min($CPUPercent.GetSample(TimeInterval_Minute*0, TimeInterval_Minute*10))>0.8?($CurrentDedicated*1.1):$CurrentDedicated));$TargetDedicated=min(100,totalNodes);"
    let environment = FormulaEnvironment(now: 1_000_000)
    let run = Self.run(formula, environment)
    #expect(run.error == nil)
    #expect(run.value("$TargetDedicated") == .number(5))
    #expect(run.value("totalNodes") == .number(5))
    #expect(run.targetDedicated == 5)
    #expect(run.deallocation == "requeue")
  }

  @Test func theDocsWorkingHoursEvaluation() {
    // "Evaluate an autoscale formula": at 2016-10-13T19:18:47.805Z (a Thursday, after hours).
    let formula = """
      $curTime = time();
      $workHours = $curTime.hour >= 8 && $curTime.hour < 18;
      $isWeekday = $curTime.weekday >= 1 && $curTime.weekday <= 5;
      $isWorkingWeekdayHour = $workHours && $isWeekday;
      $TargetDedicatedNodes = $isWorkingWeekdayHour ? 20:10;
      """
    let now = FormulaTime.seconds(year: 2016, month: 10, day: 13, hour: 19, minute: 18, second: 47.805)
    let environment = FormulaEnvironment(now: now)
    let results = Self.run(formula, environment).results(environment: environment)
    #expect(
      results
        == "$TargetDedicatedNodes=10;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue;$curTime=2016-10-13T19:18:47.805Z;$isWeekday=1;$isWorkingWeekdayHour=0;$workHours=0"
    )
    // The same at 10:00 on that Thursday asks for 20.
    let morning = FormulaEnvironment(now: FormulaTime.seconds(year: 2016, month: 10, day: 13, hour: 10))
    #expect(Self.run(formula, morning).targetDedicated == 20)
  }

  /// Samples every 30 seconds over the last 10 minutes, but for the last minute's two.
  static func tenMinutesMissingTheLast(_ now: Double) -> FormulaEnvironment {
    var environment = FormulaEnvironment(now: now)
    environment.sampleDelay = 0
    let times = (0..<20).map { now - 600 + 30 * Double($0) }.filter { $0 < now - 60 }
    environment.metrics["$CPUPercent"] = SampleSeries(times.map { ($0, 50) })
    return environment
  }

  @Test func samplePercentagesFollowTheDocs() {
    let environment = Self.tenMinutesMissingTheLast(10_000)
    let percent = Self.run("p = $CPUPercent.GetSamplePercent(TimeInterval_Minute * 10);", environment)
    #expect(percent.value("p") == .number(90))
    let strict = Self.run("v = $CPUPercent.GetSample(TimeInterval_Minute * 10, 95);", environment)
    #expect(strict.error?.message.contains("90% of the window's samples, fewer than the 95% required") == true)
    let lenient = Self.run("v = $CPUPercent.GetSample(TimeInterval_Minute * 10, 80); n = len(v);", environment)
    #expect(lenient.error == nil)
    #expect(lenient.value("n") == .number(18))
  }

  @Test func aListOfVectorsAndNumbersFlattens() {
    var environment = FormulaEnvironment(now: 1_000)
    environment.sampleDelay = 0
    environment.metrics["$PendingTasks"] = SampleSeries([(900, 1), (930, 2), (960, 3)])
    let run = Self.run("v = $PendingTasks.GetSample(3); a = avg(v, 7); b = avg(1, 2, 3, 7);", environment)
    #expect(run.value("v") == .vector([1, 2, 3]))
    #expect(run.value("a") == .number(3.25))
    #expect(run.value("a") == run.value("b"))
  }

  /// A history built sample by sample (as a simulation builds it) answers every window as the
  /// same samples given at once do; the windows are found by binary search.
  @Test func aGrowingHistoryAnswersWindowsAsAWholeOneDoes() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20 {
      let times = (0..<Int.random(in: 0..<80, using: &generator)).map { _ in
        Double(Int.random(in: 0..<3_000, using: &generator))
      }
      var grown = SampleSeries([])
      for (index, time) in times.enumerated() { grown.append(time: time, value: Double(index)) }
      let whole = SampleSeries(times.enumerated().map { ($0.element, Double($0.offset)) })
      #expect(grown.samples.map(\.time) == whole.samples.map(\.time))
      let now = Double.random(in: 0..<3_500, using: &generator)
      let formula =
        "a = $PendingTasks.GetSamplePercent(TimeInterval_Second * 600); b = $PendingTasks.Count(); c = len($PendingTasks.GetSample(TimeInterval_Second * 900, TimeInterval_Second * 120));"
      var environment = FormulaEnvironment(now: now)
      environment.metrics["$PendingTasks"] = grown
      let fast = Self.run(formula, environment)
      // What the windows must hold, counted the slow way.
      let available = times.filter { $0 <= now - 60 }
      let inLast600 = available.filter { $0 >= now - 600 && $0 <= now }.count
      #expect(fast.value("a") == .number(min(100, Double(inLast600) / 20 * 100)))
      #expect(fast.value("b") == .number(Double(available.count)))
      let between = available.filter { $0 >= now - 900 && $0 <= now - 120 }.count
      if between > 0 { #expect(fast.value("c") == .number(Double(between))) }
    }
  }

  @Test func samplesReachFormulasLate() {
    var environment = FormulaEnvironment(now: 1_000)
    environment.metrics["$PendingTasks"] = SampleSeries([(900, 1), (930, 2), (960, 3), (990, 4)])
    // With the default one-minute delay, the samples of 960 and 990 are not there yet.
    #expect(Self.run("v = $PendingTasks.GetSample(2);", environment).value("v") == .vector([1, 2]))
    // Asking for more samples than there are fails the evaluation, as the service does.
    let five = Self.run("v = $PendingTasks.GetSample(5);", environment)
    #expect(five.error?.message.contains("`$PendingTasks.GetSample(5)` found 2 samples") == true)
    #expect(five.value("v") == nil)
  }

  @Test func aSampleBeforeAnyIsTakenFailsTheEvaluation() {
    let run = Self.run("$TargetDedicatedNodes = $PendingTasks.GetSample(1);", FormulaEnvironment(now: 0))
    #expect(run.error?.message.contains("found 0 samples") == true)
    #expect(run.targetDedicated == nil)
    for count in ["-1", "0/0", "1e30"] {
      #expect(Self.run("v = $PendingTasks.GetSample(\(count));", FormulaEnvironment(now: 0)).error != nil, "\(count)")
    }
  }

  @Test func aTargetBeyondWhatAPoolHoldsIsClampedWithANote() {
    let run = Self.run(
      "$TargetDedicatedNodes = 99999999999999999999; $TargetLowPriorityNodes = -3;", FormulaEnvironment(now: 0))
    #expect(run.error == nil)
    #expect(run.targetDedicated == 2_147_483_647)
    #expect(run.targetLowPriority == 0)
    #expect(
      run.targetNotes == [
        "`$TargetDedicatedNodes` = 1e+20 is more nodes than a pool can have: clamped to 2147483647",
        "`$TargetLowPriorityNodes` = -3 is negative: 0 nodes",
      ])
    // From a sample (a one-value vector), too.
    var environment = FormulaEnvironment(now: 1_000)
    environment.metrics["$PendingTasks"] = SampleSeries([(900, 1e30)])
    let sampled = Self.run("$TargetDedicatedNodes = $PendingTasks.GetSample(1);", environment)
    #expect(sampled.targetDedicated == 2_147_483_647)
    #expect(sampled.results(environment: environment).hasPrefix("$TargetDedicatedNodes=2147483647;"))
    #expect(Self.run("$TargetDedicatedNodes = 2147483647.5;", FormulaEnvironment(now: 0)).targetNotes.isEmpty)
  }

  @Test func aTargetThatIsNoNumberFailsTheEvaluation() {
    for formula in ["1/0", "0/0", "1e308*10", "-1/0"] {
      var environment = FormulaEnvironment(now: 0)
      environment.targetDedicated = 4
      let run = Self.run("$TargetDedicatedNodes = \(formula);", environment)
      #expect(run.error?.message.contains("is not a number of nodes: the pool keeps its size") == true, "\(formula)")
      #expect(run.targetDedicated == nil, "\(formula)")
      #expect(run.results(environment: environment).hasPrefix("$TargetDedicatedNodes=4;"), "\(formula)")
    }
  }

  /// Numbers no `Int` holds, and times no calendar does, fail the evaluation instead of trapping.
  @Test func hugeAndUndefinedNumbersNeverTrap() {
    var environment = FormulaEnvironment(now: 1_000)
    environment.metrics["$PendingTasks"] = SampleSeries([(900, 1), (930, 2)])
    let failing = [
      "x = val($PendingTasks.GetSample(2), 1e30);", "x = val($PendingTasks.GetSample(2), 0/0);",
      "x = percentile($PendingTasks.GetSample(2), 0/0);", "x = time() + TimeInterval_Day * 1e300;",
      "x = TimeInterval_Second * 1e30;", "x = TimeInterval_Second * (0/0);",
      "x = (time() - TimeInterval_Day * 1e12).year;",
      "x = time(\"Mon, 06 Oct 99999999999999999 10:20:00 GMT\");",
      "x = time(\"Mon, 06 Oct 2014 99999999999999999:20:00 GMT\");",
    ]
    for formula in failing {
      let run = Self.run(formula, environment)
      #expect(run.error != nil, "\(formula)")
      _ = run.results(environment: environment)
    }
    let fine = Self.run(
      "x = val($PendingTasks.GetSample(2), 1); y = percentile($PendingTasks.GetSample(2), 1e300);", environment)
    #expect(fine.value("x") == .number(2))
    #expect(fine.value("y") == .number(2))
  }

  @Test func aHugeLoadIsSimulatedAndClamped() throws {
    let load = try LoadModel.parse(pattern: "pending=1e30@0").get()
    let steps = AutoscaleSimulation.run(
      FormulaProgram("$TargetDedicatedNodes = $PendingTasks.GetSample(1);"), interval: 300, duration: 900, slots: 1,
      load: load, start: 0)
    #expect(steps.map(\.dedicated) == [0, 2_147_483_647, 2_147_483_647, 2_147_483_647])
    #expect(steps[0].error?.contains("found 0 samples") == true)
    #expect(steps[1].notes.first?.contains("clamped to 2147483647") == true)
  }

  @Test func aMetricGivenTwiceIsRefused() {
    guard case .failure(let error) = LoadModel.parse(pattern: "pending=1@0;PendingTasks=2@0") else {
      Issue.record("accepted")
      return
    }
    #expect(error.message == "`pending` is given twice: give each metric once, its points separated by `,`")
    guard case .failure(let csv) = LoadModel.parse(csv: "time,pending,$PendingTasks\n0,1,2\n") else {
      Issue.record("accepted")
      return
    }
    #expect(csv.message == "line 1: `$PendingTasks` and `pending` are both `pending`: give each metric one column")
  }

  @Test func timesParseAndHaveMembers() {
    let run = Self.run(
      "t = time(\"Mon, 06 Oct 2014 10:20:00 GMT\"); d = t.weekday; u = time(\"2014-10-06T12:20:00+02:00\"); same = t == u; later = t + 90 * TimeInterval_Minute;",
      FormulaEnvironment(now: 0))
    #expect(run.error == nil)
    #expect(run.value("d") == .number(1))
    #expect(run.value("same") == .number(1))
    #expect(run.value("later")?.description == "2014-10-06T11:50:00.000Z")
  }

  @Test func stopEndsTheEvaluationAndTheTargetsSoFarStand() {
    let run = Self.run("$TargetDedicatedNodes = 2; stop(); $TargetDedicatedNodes = 9;", FormulaEnvironment(now: 0))
    #expect(run.stopped)
    #expect(run.targetDedicated == 2)
  }

  @Test func fractionalTargetsAreWholeNodes() {
    #expect(Self.run("$TargetDedicatedNodes = 2.7;", FormulaEnvironment(now: 0)).targetDedicated == 2)
    #expect(Self.run("$TargetDedicatedNodes = -1;", FormulaEnvironment(now: 0)).targetDedicated == 0)
  }

  @Test func logarithmsWithoutFoundation() {
    let run = Self.run("a = lg(8); b = log(1000); c = ln(1);", FormulaEnvironment(now: 0))
    for (name, expected) in [("a", 3.0), ("b", 3.0), ("c", 0.0)] {
      guard case .number(let value)? = run.value(name) else {
        Issue.record("\(name) is not a number")
        continue
      }
      #expect(abs(value - expected) < 1e-12, "\(name) = \(value)")
    }
  }
}
