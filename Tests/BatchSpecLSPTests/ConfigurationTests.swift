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

  @Test func initializationOptionsOverrideTheFile() {
    let client = TestClient(
      files: [spec: specText, nearConfig: "rules { BS5002 = off }\n"],
      options: .object([("rules", .object([("invalid-resource-id", .string("info"))]))]))
    let finding = diagnostics(client.open(spec), spec)?.first
    #expect(finding?["code"] == .string("BS5002"))
    #expect(finding?["severity"] == .integer(3))
  }

  @Test func initializationOptionsSetWhatTheFileSets() {
    // A linter code (`unused-suppression`), as in `rules { }` and `--rule`.
    let text = "account acct { location = \"westeurope\" } // batchspec-ignore BS3001: none here\n"
    #expect(diagnostics(TestClient(files: [spec: text]).open(spec), spec)?.first?["code"] == .string("BS9001"))
    let client = TestClient(
      files: [spec: text], options: .object([("rules", .object([("unused-suppression", .string("off"))]))]))
    #expect(diagnostics(client.open(spec), spec)?.isEmpty == true)
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
