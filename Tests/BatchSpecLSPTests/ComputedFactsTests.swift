// Facts that need more than the schema: params as symbols, VM sizes (from an injected table, as
// the validator's will be), cores per pool and account, and suppression code actions.

import BatchSpecCore
import BatchSpecIDE
import Testing

import BatchSpecLSP

@Suite struct ComputedFactsTests {
  private let d4 = VMSizeTable.Entry(
    name: "Standard_D4s_v3", vCPUs: 4, memoryMiB: 16 * 1024, family: "standardDSv3Family")

  @Test func paramsHaveDefinitionReferencesAndRename() {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    // `n` in `1..n` goes to `param n`.
    let definition = client.result("textDocument/definition", TestClient.at(jobsFile, 4, 25))
    #expect(definition?.arrayValue?.first?["range"] == TestClient.range(0, 6, 0, 7))
    let references = client.result("textDocument/references", TestClient.at(jobsFile, 0, 6))
    #expect(references?.arrayValue?.count == 2)
    let edit = client.result("textDocument/rename", TestClient.at(jobsFile, 0, 6, [("newName", .string("count"))]))
    #expect(edit?["changes"]?["file://" + jobsFile]?.arrayValue?.count == 2)
    // The sweep variable `i` is not a param: nothing to rename.
    #expect(client.request("textDocument/prepareRename", TestClient.at(jobsFile, 5, 24))["error"] != nil)
  }

  @Test func vmSizesFeedHoverCompletionAndHints() {
    let client = TestClient(files: [
      "/w/v/a.batch": """
      account acct {
        location = "westeurope"
        quota { dedicated_cores = 20 }
      }

      pool big {
        vm_size         = "Standard_D4s_v3"
        image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        node_agent      = "batch.node.ubuntu 22.04"
        dedicated_nodes = 3
      }

      pool small {
        vm_size    = "Sta"
      }

      """
    ])
    client.server.host.vmSizes = VMSizeTable([d4])
    client.open("/w/v/a.batch")
    let value = client.result("textDocument/hover", TestClient.at("/w/v/a.batch", 6, 24))
    #expect(
      value?["contents"]?["value"]?.stringValue?.contains("4 vCPUs, 16 GiB, quota family `standardDSv3Family`") == true)
    let pool = client.result("textDocument/hover", TestClient.at("/w/v/a.batch", 5, 6))
    #expect(pool?["contents"]?["value"]?.stringValue?.contains("12 dedicated and 0 spot cores") == true)
    let hints = client.result(
      "textDocument/inlayHint", TestClient.document("/w/v/a.batch", [("range", TestClient.range(0, 0, 20, 0))]))
    #expect(hints?.arrayValue?.first?["label"] == .string(" 12 cores"))
    let completion = client.result("textDocument/completion", TestClient.at("/w/v/a.batch", 13, 19))
    let item = completion?["items"]?.arrayValue?.first
    #expect(item?["label"] == .string("Standard_D4s_v3"))
    #expect(item?["textEdit"]?["newText"] == .string("Standard_D4s_v3"))
    // The account has one pool of unknown size (`Sta`), so its total is not shown; drop it and it is.
    client.change("/w/v/a.batch", version: 2, (12, 0, 15, 0), "")
    let account = client.result("textDocument/hover", TestClient.at("/w/v/a.batch", 0, 9))
    #expect(
      account?["contents"]?["value"]?.stringValue?.contains("Cores in use: 12 dedicated of a quota of 20") == true)
  }

  @Test func validationFindingsOfferSuppressions() {
    let source = SourceFile(path: "/w/s.batch", text: "pool p {\n    dedicated_nodes = 900\n}\n")
    let code = DiagnosticCode("BS3001", "dedicated-core-quota-exceeded", .error, "Too many cores.")
    let diagnostic = Diagnostic(code, at: Location(FileID(0), TextRange(13, 28)), "too many cores")
    let fixes = Analysis.suppressions(of: diagnostic, path: "/w/s.batch", in: source)
    #expect(
      fixes.map(\.edits.first?.newText) == ["    // batchspec-ignore BS3001\n", "// batchspec-ignore-file BS3001\n"])
    #expect(fixes.first?.edits.first?.location.range == .empty(at: 9))
    let syntax = Diagnostic(DiagnosticCode("BS1001", "x", .error, "x"), at: diagnostic.location, "x")
    #expect(Analysis.suppressions(of: syntax, path: "/w/s.batch", in: source).isEmpty)
  }

  @Test func anAccountWithoutQuotaShowsTheAssumedOneFromTheConfiguration() {
    let text = """
      account acct { location = "westeurope" }

      pool big {
        vm_size         = "Standard_D4s_v3"
        image           = "canonical/0001-com-ubuntu-server-jammy/22_04-lts"
        node_agent      = "batch.node.ubuntu 22.04"
        dedicated_nodes = 3
      }

      """
    let client = TestClient(files: [
      "/w/v/a.batch": text, "/w/v/batchspec.config": "options { assumed_spot_cores = 7 }\n",
    ])
    client.open("/w/v/a.batch")
    let hover = client.result("textDocument/hover", TestClient.at("/w/v/a.batch", 0, 9))?["contents"]?["value"]
    #expect(
      hover?.stringValue?.contains(
        "Cores in use: 12 dedicated of 900 assumed (no `dedicated_cores` quota declared), 0 spot of 7 assumed (no `spot_cores` quota declared)."
      ) == true)
  }

  @Test func hoverAndCompletionReadTheCatalogue() throws {
    // The server's default table is the validator's catalogue.
    let client = TestClient(files: [
      "/w/c/a.batch": """
      pool old {
        vm_size = "standard_nc6s_v3"
      }

      pool next {
        vm_size = "Standard_D4s_v3"
      }

      pool typing {
        vm_size = "Sta"
      }

      """
    ])
    client.open("/w/c/a.batch")
    let retired = client.result("textDocument/hover", TestClient.at("/w/c/a.batch", 1, 16))?["contents"]?["value"]
    #expect(
      retired?.stringValue?.contains(
        "`Standard_NC6s_v3`: 6 vCPUs, 112 GiB, 1 GPU, quota family `standardNCSv3Family`.\n\nRetired on 2025-09-30: Azure no longer allocates it. Suggested successor: `Standard_NC40ads_H100_v5`."
      ) == true, "\(retired?.stringValue ?? "no hover")")
    #expect(retired?.stringValue?.contains("# BS5024 retired-vm-size") == true, "the finding's page follows")
    let retiring = client.result("textDocument/hover", TestClient.at("/w/c/a.batch", 5, 16))?["contents"]?["value"]
    #expect(retiring?.stringValue?.contains("Retires on 2029-11-15. Suggested successor: `Standard_D4s_v5`.") == true)
    let items = try #require(
      client.result("textDocument/completion", TestClient.at("/w/c/a.batch", 9, 16))?["items"]?.arrayValue)
    let labels = items.compactMap { $0["label"]?.stringValue }
    #expect(!labels.contains("Standard_NC6s_v3") && !labels.contains("Standard_A0"), "retired and refused: not offered")
    let current = try #require(labels.firstIndex(of: "Standard_D4s_v5"))
    let old = try #require(labels.firstIndex(of: "Standard_D4s_v3"))
    #expect(current < old, "available sizes come before retiring ones")
    #expect(items[old]["detail"] == .string("4 vCPUs, 16 GiB, retires 2029-11-15"))
  }

  @Test func unusedSuppressionsAreTaggedUnnecessary() {
    let client = TestClient(files: [:])
    let sent = client.open("/w/t/a.batch", "// batchspec-ignore BS6003\nstorage data { location = \"westeurope\" }\n")
    let diagnostic = sent.first { $0["method"] == .string("textDocument/publishDiagnostics") }?["params"]?[
      "diagnostics"]?.arrayValue?.first { $0["code"] == .string("BS9001") }
    #expect(diagnostic?["tags"] == .array([.integer(1)]))
    #expect(diagnostic?["codeDescription"] == nil)
  }
}
