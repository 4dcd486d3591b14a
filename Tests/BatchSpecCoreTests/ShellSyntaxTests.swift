// Shell syntax in command lines that no shell reads (BS5045), and `${NAME}` written for the shell
// (BS2009's escape): what is found, what is left alone, and what the fixes write.

@testable import BatchSpecCore
import Testing

@Suite struct ShellSyntaxTests {
  private func found(_ line: String, windows: Bool = false) -> String? {
    ShellSyntax.first(in: line, windows: windows)?.text
  }

  @Test func operatorsAndExpansionsOutsideQuotesAreFound() {
    #expect(found("apt-get update && apt-get install -y jq") == "&&")
    #expect(found("a || b") == "||")
    #expect(found("cat x | sort") == "|")
    #expect(found("run >> log") == ">>")
    #expect(found("run < in.txt") == "<")
    #expect(found("make; make install") == ";")
    #expect(found("server &") == "&")
    #expect(found("ls $HOME/x") == "$HOME")
    #expect(found("cp ${AZ_BATCH_NODE_SHARED_DIR}/x .") == "${AZ_BATCH_NODE_SHARED_DIR}")
    #expect(found("echo \"$HOME\"") == "$HOME", "a shell expands in double quotes")
    #expect(found("etl --date $(date +%F)") == "$(")
    #expect(found("etl --date `date`") == "`")
  }

  @Test func quotedEscapedAndPlainLinesAreLeftAlone() {
    #expect(found("python3 -c 'import os; print(os.environ[\"HOME\"])'") == nil)
    #expect(found("grep \"a|b\" input.txt") == nil)
    #expect(found("echo \\$HOME") == nil)
    #expect(found("price $5") == nil, "`$` before a digit")
    #expect(found("blender -b scene.blend -o //frame_#### -f 1") == nil)
    #expect(found("") == nil)
  }

  /// `&` inside a word is a URL's, a shell started later on the line (in a container, as another
  /// user) reads what follows.
  @Test func urlsAndShellsLaterOnTheLineAreLeftAlone() {
    #expect(found("wget https://x.blob.core.windows.net/c/f?a=1&b=2 -O f") == nil)
    #expect(found("docker run img sh -c \"echo $HOME\"") == nil)
    #expect(found("sudo -u batch bash -c \"echo $HOME\"") == nil)
    #expect(found("kubectl exec pod -- /bin/bash -lc 'a && b'") == nil)
    #expect(found("run.sh &") == "&")
    // A shell after the syntax, or one given a script rather than a command, reads none of it.
    #expect(found("tar xzf a.tgz && bash -c 'make'") == "&&")
    #expect(found("bash run.sh > out.log") == ">")
    #expect(ShellSyntax.first(in: "\"\" && x", windows: false)?.program == "")
  }

  @Test func aShellOrALaunchedShellReadsTheLineItself() {
    #expect(found("/bin/sh -c 'a && b'") == nil)
    #expect(found("bash -c \"cd $HOME && ls\"") == nil)
    #expect(found("/usr/bin/env bash -c 'a | b'") == nil)
    #expect(found("env -i PATH=/bin sh -c 'a | b'") == nil)
    #expect(found("sudo -E sh -c 'echo $HOME > x'") == nil)
    #expect(found("sudo apt-get update && apt-get install jq") == "&&")
    #expect(found("cmd.exe /c dir > x", windows: true) == nil)
    #expect(found("powershell -Command \"ls | measure\"", windows: true) == nil)
    #expect(found("\"C:\\Program Files\\PowerShell\\7\\pwsh.exe\" -c a | b", windows: true) == nil)
  }

  /// `cmd`'s switches may come before `/c` or `/k`, in any case: `cmd /s /c "..."` is what the
  /// fix writes, and its line is a shell's.
  @Test func cmdSwitchesBeforeTheCommandStillStartAShell() {
    #expect(found("cmd /s /c \"echo %PATH%\"", windows: true) == nil)
    #expect(found("CMD.EXE /Q /D /S /C \"a && b\"", windows: true) == nil)
    #expect(found("cmd /v:on /e:on /k echo %PATH%", windows: true) == nil)
    #expect(found("C:\\Windows\\System32\\cmd.exe /s /c dir > x", windows: true) == nil)
    #expect(found("myapp.exe /s %PATH%", windows: true) == "%PATH%")
    #expect(found("cmd /s dir > x", windows: true) == ">", "no command to read")
  }

  /// The Windows fix's line is not flagged again: `--fix --unsafe-fixes` wrapped it in `cmd /s /c`
  /// once a round until its round limit.
  @Test func theWindowsFixIsNotFlaggedAgain() throws {
    let spec = """
      pool w {
        vm_size = "Standard_D2s_v3", image = "microsoftwindowsserver/windowsserver/2022-datacenter"
        node_agent = "batch.node.windows amd64", dedicated_nodes = 1
      }
      job j { pool = w, task a { command = "echo %PATH%" } }

      """
    let findings = validate(spec).result.diagnostics.filter { $0.code.rawValue == "BS5045" }
    let fix = try #require(findings.first?.fixIts.first)
    let fixed = String(decoding: FixApplication.apply(fix.edits, to: Array(spec.utf8)), as: UTF8.self)
    #expect(fixed.contains(#"command = "cmd /s /c \"echo %PATH%\"""#))
    #expect(!validate(fixed).result.diagnostics.contains { $0.code.rawValue == "BS5045" }, "\(fixed)")
  }

  /// Applied in rounds with the unsafe fixes, the Windows fix wraps the line once, and the rounds
  /// end before their limit.
  @Test func fixingInRoundsWrapsTheLineOnce() {
    let spec = """
      pool w {
        vm_size = "Standard_D2s_v3", image = "microsoftwindowsserver/windowsserver/2022-datacenter"
        node_agent = "batch.node.windows amd64", dedicated_nodes = 1
      }
      job j { pool = w, task a { command = "echo %PATH%" } }

      """
    let project = Project(path: "spec.batch", text: spec)
    let (fixed, _, pending) = FixApplication.applyFixesRepeatedly(
      Linter.lint(project).diagnostics, in: project, files: [project.files[0].id], unsafe: true
    ) { Linter.lint($0).diagnostics }
    let text = String(decoding: fixed.files[0].bytes, as: UTF8.self)
    #expect(text.contains(#"command = "cmd /s /c \"echo %PATH%\"" }"#), "\(text)")
    #expect(pending == 0)
  }

  /// Rounds that stop at their limit with fixes still to apply say how many.
  @Test func roundsStoppedAtTheirLimitCountWhatIsLeft() {
    let project = Project(path: "spec.batch", text: "x\n")
    let id = project.files[0].id
    let endless = { (_: Project) in
      [
        Diagnostic(
          .unknownAttribute, at: Location(id, TextRange(0, 0)), "again",
          fixIts: [FixIt("again", edits: [TextEdit(file: id, range: TextRange(0, 0), replacement: "y")], isSafe: true)])
      ]
    }
    let (fixed, counts, pending) = FixApplication.applyFixesRepeatedly(
      endless(project), in: project, files: [id], maximumRounds: 3, lint: endless)
    #expect(String(decoding: fixed.files[0].bytes, as: UTF8.self) == "yyyx\n")
    #expect(counts[id] == 3)
    #expect(pending == 1)
    #expect(
      FixApplication.roundLimitWarning(rounds: 3, pending: 1)
        == "stopped after 3 rounds of fixes; 1 fixable problem remains: run again or fix by hand")
  }

  @Test func windowsHasPercentVariablesAndNoSingleQuotes() {
    #expect(found("myapp.exe %AZ_BATCH_TASK_WORKING_DIR%\\out", windows: true) == "%AZ_BATCH_TASK_WORKING_DIR%")
    #expect(found("myapp.exe \"%TEMP%\"", windows: true) == "%TEMP%", "cmd expands in quotes")
    #expect(found("myapp.exe 'a | b'", windows: true) == "|", "single quotes group nothing")
    #expect(found("myapp.exe $HOME 50% 100%", windows: true) == nil)
  }

  private func shellFindings(_ command: String) -> [Diagnostic] {
    validate(linuxTask(command: command)).result.diagnostics.filter { $0.code.rawValue == "BS5045" }
  }

  /// The fix wraps the literal in `/bin/sh -c '...'` and is one to look at: a shell now reads it.
  @Test func theFixRunsTheLineInAShell() throws {
    let finding = try #require(shellFindings("\"cat x | sort\"").first)
    let fix = try #require(finding.fixIts.first)
    #expect(!fix.isSafe)
    #expect(fix.edits.map(\.replacement) == ["/bin/sh -c '", "'"])
  }

  /// No fix where single quotes would change the line, or where the text comes from a param.
  @Test func noFixWhereWrappingWouldChangeTheLine() throws {
    let quoted = try #require(shellFindings("\"run 'a b' | sort\"").first)
    #expect(quoted.fixIts.isEmpty)
    let multiline = try #require(shellFindings("\"\"\"\n    cat x | sort\n    \"\"\"").first)
    #expect(multiline.fixIts.isEmpty)
  }
}

@Suite struct ShellVariableInInterpolationTests {
  private func unknownNames(_ command: String, params: String = "") -> [Diagnostic] {
    let project = Project(path: "spec.batch", text: params + "\n" + linuxTask(command: "\"\(command)\""))
    return Checker.check(project).project.diagnostics.filter { $0.code.rawValue == "BS2009" }
  }

  /// `${HOME}` is the shell's: a fix escapes it so the task gets `${HOME}`, one to look at (in a
  /// path the name may be a param the spec forgot).
  @Test func anEnvironmentVariableIsEscapedByAFix() throws {
    let finding = try #require(unknownNames("/bin/sh -c 'cp ${AZ_BATCH_NODE_SHARED_DIR}/x .'").first)
    #expect(finding.message.contains("write `\\${AZ_BATCH_NODE_SHARED_DIR}` or `$AZ_BATCH_NODE_SHARED_DIR`"))
    #expect(!finding.message.contains("param AZ_BATCH"))
    let fix = try #require(finding.fixIts.first)
    #expect(!fix.isSafe)
    #expect(fix.edits.map(\.replacement) == ["\\"])
    #expect(fix.edits.first?.range.length == 0)
  }

  /// A lowercase name may be a misspelt param: the escape is offered, not applied by `--fix`.
  @Test func anotherNameGetsTheEscapeAsAnUnsafeFix() throws {
    let finding = try #require(unknownNames("/bin/sh -c 'echo ${home}'").first)
    #expect(finding.fixIts.first?.isSafe == false)
  }

  /// A param spelt much like the name is the likelier meaning, unless the name is Batch's.
  @Test func aCloseParamWinsOverTheShell() throws {
    let params = "param NODE_COUNT: int = 2\nparam AZ_BATCH_TAG: string = \"x\""
    let typo = try #require(unknownNames("run ${NODE_COUNTS}", params: params).first)
    #expect(typo.message.contains("did you mean `NODE_COUNT`?"))
    let batch = try #require(unknownNames("/bin/sh -c 'ls ${AZ_BATCH_TASK}'", params: params).first)
    #expect(batch.message.contains("`\\${AZ_BATCH_TASK}`"))
  }
}

/// A job of one task whose `command` is written `command` (quotes included), on a Linux pool.
private func linuxTask(command: String) -> String {
  """
  pool p {
    vm_size    = "Standard_D2s_v3"
    image      = "canonical/ubuntu-24_04-lts/server"
    node_agent = "batch.node.ubuntu 24.04"
  }
  job j {
    pool = p
    task t { command = \(command) }
  }

  """
}
