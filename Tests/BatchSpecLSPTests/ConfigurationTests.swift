// The server finds `batchspec.config` as the CLI does: the nearest file walking up from each
// project's directory, its own problems published on it, re-read when it changes on disk or in
// the editor, with `initializationOptions` on top.

import BatchSpecCore
import Foundation
import Testing

import BatchSpecLSP

@Suite struct ConfigurationTests {
  private let spec = "/w/p/a.batch"
  private let specText = "account RenderFarm { location = \"westeurope\" }\n"
  private let rootConfig = "/w/batchspec.config"
  private let nearConfig = "/w/p/batchspec.config"

  private func event(_ path: String, _ type: Int) -> JSON {
    .object([("changes", .array([.object([("uri", .string("file://" + path)), ("type", .integer(type))])]))])
  }

  private func diagnostics(_ sent: [JSON], _ path: String) -> [JSON]? {
    sent.first {
      $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["uri"] == .string("file://" + path)
    }?[
      "params"]?["diagnostics"]?.arrayValue
  }

  @Test func theNearestConfigurationFileAppliesAndFollowsTheDisk() {
    let client = TestClient(files: [spec: specText, rootConfig: "rules { invalid-resource-id = off }\n"])
    // The file in a parent directory turns the rule off.
    var sent = client.open(spec)
    #expect(diagnostics(sent, spec)?.isEmpty == true)
    #expect(diagnostics(sent, rootConfig)?.isEmpty == true)
    // A nearer file wins (files are not merged), and its mistake is published on it.
    client.disk[nearConfig] = "rules { BS5002 = warning, bogus-rule = off }\n"
    sent = client.notify("workspace/didChangeWatchedFiles", event(nearConfig, 1))
    let finding = diagnostics(sent, spec)?.first
    #expect(finding?["code"] == .string("BS5002"))
    #expect(finding?["severity"] == .integer(2))
    let problem = diagnostics(sent, nearConfig)?.first
    #expect(problem?["code"] == .string("BS9002"))
    #expect(problem?["range"] == TestClient.range(0, 26, 0, 36))
    // They can be pulled too.
    let pulled = client.result("textDocument/diagnostic", TestClient.document(nearConfig))
    #expect(pulled?["items"]?.arrayValue?.first?["code"] == .string("BS9002"))
    // Deleting it brings the parent's back, and clears the deleted file's diagnostics.
    client.disk[nearConfig] = nil
    sent = client.notify("workspace/didChangeWatchedFiles", event(nearConfig, 3))
    #expect(diagnostics(sent, spec)?.isEmpty == true)
    #expect(diagnostics(sent, nearConfig)?.isEmpty == true)
  }

  @Test func anOpenConfigurationFileIsServed() {
    let text = "rules {\n  \"insecure-url\" = off\n  BS6003 = \n}\n"
    let client = TestClient(files: [spec: specText, nearConfig: text])
    _ = client.open(spec)
    _ = client.open(nearConfig, text)
    // Hover on a rule's code shows its reference page; completion offers the levels.
    let hover = client.request("textDocument/hover", TestClient.at(nearConfig, 2, 3))
    #expect(hover["error"] == nil)
    #expect(hover["result"]?["contents"]?["value"]?.stringValue?.contains("insecure-url") == true)
    let levels = client.result("textDocument/completion", TestClient.at(nearConfig, 2, 11))?["items"]?.arrayValue
    #expect(levels?.compactMap { $0["label"]?.stringValue } == ["off", "hint", "info", "warning", "error"])
    // The quoted name's fix is offered as a quick fix; navigation finds nothing, without an error.
    let only = ("context", JSON.object([("diagnostics", .array([])), ("only", .array([.string("quickfix")]))]))
    let actions = client.request(
      "textDocument/codeAction",
      TestClient.document(nearConfig, [("range", TestClient.range(1, 2, 1, 2)), only]))
    #expect(actions["result"]?.arrayValue?.isEmpty == false)
    for method in [
      "textDocument/definition", "textDocument/references", "textDocument/documentHighlight",
      "textDocument/prepareRename", "textDocument/rename",
    ] {
      let answer = client.request(
        method, TestClient.at(nearConfig, 1, 4, [("context", .object([])), ("newName", .string("x"))]))
      #expect(answer["error"] == nil, "\(method)")
    }
    // A configuration file no loaded project uses answers empty results, not errors.
    let lone = "/elsewhere/batchspec.config"
    let loneClient = TestClient(files: [lone: "rules { }\n"])
    _ = loneClient.open(lone)
    for method in [
      "textDocument/hover", "textDocument/completion", "textDocument/codeAction", "textDocument/diagnostic",
    ] {
      let answer = loneClient.request(
        method, TestClient.at(lone, 0, 8, [("range", TestClient.range(0, 0, 0, 1)), ("context", .object([]))]))
      #expect(answer["error"] == nil && answer["result"] != nil, "\(method)")
    }
  }

  @Test func initializationOptionsOverrideTheFile() {
    let client = TestClient(
      files: [spec: specText, nearConfig: "rules { BS5002 = off }\n"],
      options: .object([("rules", .object([("invalid-resource-id", .string("info"))]))]))
    let finding = diagnostics(client.open(spec), spec)?.first
    #expect(finding?["code"] == .string("BS5002"))
    #expect(finding?["severity"] == .integer(3))
  }

  /// A rule set by its code and again by its name to another level: the second is shown as
  /// ignored, as `batchspec.config` reports it, and the first counts. The same level twice is
  /// harmless, as on the command line.
  @Test func aRuleSetTwiceInTheInitializationOptionsIsShownAndTheFirstCounts() {
    let client = TestClient(
      files: [spec: specText],
      options: .object([
        ("rules", .object([("BS5002", .string("off")), ("invalid-resource-id", .string("info"))]))
      ]))
    let shown = client.initializationSent.filter { $0["method"] == .string("window/showMessage") }
    #expect(
      shown.compactMap { $0["params"]?["message"]?.stringValue } == [
        "batchspec ignored rule setting `invalid-resource-id`: `BS5002` and `invalid-resource-id` set rule BS5002 (`invalid-resource-id`) to different values; the first counts"
      ])
    #expect(diagnostics(client.open(spec), spec)?.isEmpty == true)
    let same = TestClient(
      files: [spec: specText],
      options: .object([
        ("rules", .object([("BS5002", .string("info")), ("invalid-resource-id", .string("info"))]))
      ]))
    #expect(!same.initializationSent.contains { $0["method"] == .string("window/showMessage") })
    #expect(diagnostics(same.open(spec), spec)?.first?["severity"] == .integer(3))
  }

  @Test func initializationOptionsSetWhatTheFileSets() {
    // A linter code (`unused-suppression`), as in `rules { }` and `--rule`.
    let text = "account acct { location = \"westeurope\" } // batchspec-ignore BS3001: none here\n"
    #expect(diagnostics(TestClient(files: [spec: text]).open(spec), spec)?.first?["code"] == .string("BS9001"))
    let client = TestClient(
      files: [spec: text], options: .object([("rules", .object([("unused-suppression", .string("off"))]))]))
    #expect(diagnostics(client.open(spec), spec)?.isEmpty == true)
  }

  /// What the CLI refuses as `--param` errors, the server shows once (`window/showMessage`) and
  /// goes on with the default.
  @Test func wrongParamsInTheInitializationOptionsAreShownOnce() {
    func shown(_ sent: [JSON]) -> [String] {
      sent.filter { $0["method"] == .string("window/showMessage") && $0["params"]?["type"] == .integer(2) }
        .compactMap { $0["params"]?["message"]?.stringValue }
    }
    let text = "param frames: int = 2\njob j {\n  pool = p\n  task t for i in 1..frames { command = \"x\" }\n}\n"
    let client = TestClient(
      files: [spec: text],
      options: .object([
        ("params", .object([("frames", .string("abc")), ("framez", .integer(1)), ("scale", .double(2.5))]))
      ]))
    #expect(
      shown(client.initializationSent) == [
        "batchspec ignored the `params` setting `scale`: 2.5 is not a string, an integer or a boolean"
      ])
    let opened = client.open(spec)
    #expect(
      shown(opened) == [
        "batchspec ignored the `params` setting frames=abc: `frames` is an int, and `abc` is not one",
        "batchspec ignored unknown param `framez` in the `params` setting (did you mean `frames`?): the project declares `frames`",
      ])
    // The file is checked meanwhile (with the default); and an edit shows nothing again.
    #expect(diagnostics(opened, spec) != nil)
    let edited = client.notify(
      "textDocument/didChange",
      .object([
        ("textDocument", .object([("uri", .string("file://" + spec)), ("version", .integer(2))])),
        ("contentChanges", .array([.object([("text", .string(text + "\n"))])])),
      ]))
    #expect(shown(edited).isEmpty)
  }

  @Test func anOpenConfigurationFileCountsWithItsEditorText() {
    let client = TestClient(files: [spec: specText])
    #expect(diagnostics(client.open(spec), spec)?.count == 1)
    var sent = client.open(nearConfig, "rules { BS5002 = off }\n")
    #expect(diagnostics(sent, spec)?.isEmpty == true)
    sent = client.notify("textDocument/didClose", TestClient.document(nearConfig))
    #expect(diagnostics(sent, spec)?.count == 1)
  }
}
