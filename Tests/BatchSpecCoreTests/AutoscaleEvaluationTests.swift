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
    #expect(Self.run("v = $PendingTasks.GetSample(5);", environment).value("v") == .vector([1, 2]))
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
