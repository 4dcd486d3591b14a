// The editor features over an in-memory connection, on the two-file project of `Fixtures.swift`.

import BatchSpecCore
import Testing

import BatchSpecLSP

@Suite struct FeatureTests {
  private func client() -> TestClient {
    let client = TestClient(files: projectFiles)
    client.open(jobsFile)
    return client
  }

  private func hoverText(_ client: TestClient, _ path: String, _ line: Int, _ character: Int) -> String {
    client.result("textDocument/hover", TestClient.at(path, line, character))?["contents"]?["value"]?.stringValue ?? ""
  }

  @Test func hoverShowsSchemaDocsAndFacts() {
    let client = client()
    #expect(hoverText(client, jobsFile, 3, 3).contains("**pool**: pool reference (required)"))
    #expect(hoverText(client, jobsFile, 2, 1).contains("**job** block"))
    #expect(hoverText(client, jobsFile, 3, 12).contains("Declared in `b.batch` line 1"))
    #expect(hoverText(client, jobsFile, 4, 9).contains("Expands to 3 tasks: `frame-1` … `frame-3`"))
    #expect(hoverText(client, jobsFile, 4, 25).contains("param n: int"))
    #expect(client.result("textDocument/hover", TestClient.at(jobsFile, 1, 0)) == .null)
  }

  @Test func hoverExplainsDiagnostics() {
    let client = TestClient(files: [:])
    client.open("/w/x/x.batch", "job j {\n  pool = nowhere\n}\n")
    #expect(hoverText(client, "/w/x/x.batch", 1, 10).contains("**BS2006** `unresolved-reference`"))
  }

  @Test func completionOffersMissingAttributesBlocksAndValues() {
    let client = TestClient(files: [:])
    let path = "/w/c/c.batch"
    client.open(path, "pool p {\n  vm_size = \"x\"\n  \n}\njob j {\n  pool = \n  on_task_failure = \n}\n")
    func labels(_ line: Int, _ character: Int) -> [String] {
      let result = client.result("textDocument/completion", TestClient.at(path, line, character))
      return result?["items"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
    }
    let attributes = labels(2, 2)
    #expect(attributes.contains("image") && attributes.contains("node_agent") && attributes.contains("start_task"))
    #expect(!attributes.contains("vm_size"))
    #expect(labels(5, 9) == ["p"])
    #expect(labels(6, 20).contains("no_action"))
    let topLevel = labels(8, 0)
    #expect(topLevel.contains("pool") && topLevel.contains("param"))
  }

  @Test func definitionAndReferencesCrossFiles() {
    let client = client()
    let definition = client.result("textDocument/definition", TestClient.at(jobsFile, 3, 12))
    #expect(definition?.arrayValue?.first?["uri"] == .string("file://" + poolsFile))
    #expect(definition?.arrayValue?.first?["range"] == TestClient.range(0, 5, 0, 16))
    let context = JSON.object([("includeDeclaration", .bool(true))])
    let references = client.result("textDocument/references", TestClient.at(poolsFile, 0, 7, [("context", context)]))
    #expect(references?.arrayValue?.count == 2)
    // A sweep's label is referenced by `depends_on`.
    let sweep = client.result("textDocument/definition", TestClient.at(jobsFile, 9, 20))
    #expect(sweep?.arrayValue?.first?["range"] == TestClient.range(4, 7, 4, 12))
    let highlights = client.result("textDocument/documentHighlight", TestClient.at(jobsFile, 4, 8))
    #expect(highlights?.arrayValue?.count == 2)
  }

  @Test func renameAcrossFilesAndRefuseInvalidIDs() {
    let client = client()
    let prepared = client.result("textDocument/prepareRename", TestClient.at(jobsFile, 3, 12))
    #expect(prepared?["placeholder"] == .string("render-pool"))
    let edit = client.result("textDocument/rename", TestClient.at(jobsFile, 3, 12, [("newName", .string("gpu-pool"))]))
    #expect(edit?["changes"]?["file://" + poolsFile]?.arrayValue?.count == 1)
    #expect(edit?["changes"]?["file://" + jobsFile]?.arrayValue?.first?["newText"] == .string("gpu-pool"))
    let refused = client.request("textDocument/rename", TestClient.at(jobsFile, 3, 12, [("newName", .string("9 bad"))]))
    #expect(refused["error"]?["code"] == .integer(-32803))
    // Azure compares IDs without regard to case: `Encode` would duplicate the task `encode`.
    let clash = client.request("textDocument/rename", TestClient.at(jobsFile, 4, 8, [("newName", .string("Encode"))]))
    #expect(clash["error"]?["message"] == .string("task `encode` already exists: IDs must stay unique"))
    let notASymbol = client.request("textDocument/prepareRename", TestClient.at(jobsFile, 3, 3))
    #expect(notASymbol["error"] != nil)
  }

  @Test func documentAndWorkspaceSymbols() {
    let client = client()
    let symbols = client.result("textDocument/documentSymbol", TestClient.document(jobsFile))?.arrayValue ?? []
    #expect(symbols.map { $0["name"] } == [.string("n"), .string("render")])
    #expect(symbols.last?["children"]?.arrayValue?.map { $0["name"] } == [.string("frame"), .string("encode")])
    let found = client.result("workspace/symbol", .object([("query", .string("rndpool"))]))?.arrayValue ?? []
    #expect(found.first?["name"] == .string("render-pool"))
  }

  @Test func foldingSelectionTokensAndHints() {
    let client = client()
    let folds = client.result("textDocument/foldingRange", TestClient.document(jobsFile))?.arrayValue ?? []
    #expect(folds.first?["startLine"] == .integer(2) && folds.first?["endLine"] == .integer(10))
    let positions = JSON.array([TestClient.position(5, 8)])
    let selection = client.result(
      "textDocument/selectionRange", TestClient.document(jobsFile, [("positions", positions)]))
    #expect(selection?.arrayValue?.first?["range"] == TestClient.range(5, 4, 5, 11))
    #expect(selection?.arrayValue?.first?["parent"]?["range"] == TestClient.range(5, 4, 5, 25))
    let tokens = client.result("textDocument/semanticTokens/full", TestClient.document(jobsFile))
    let data = tokens?["data"]?.arrayValue?.compactMap(\.intValue) ?? []
    #expect(data.count % 5 == 0 && Array(data.prefix(5)) == [0, 0, 5, 0, 0])  // `param` keyword
    let hints = client.result(
      "textDocument/inlayHint", TestClient.document(jobsFile, [("range", TestClient.range(0, 0, 12, 0))]))
    #expect(hints?.arrayValue?.first?["label"] == .string(" 3 tasks"))
  }

  @Test func codeActionsOfferTheFixIts() {
    let client = TestClient(files: projectFiles)
    let path = "/w/p/c.batch"
    client.open(path, "job j {\n  pool = \"render-pool\"\n}\n")
    let context = JSON.object([("diagnostics", .array([]))])
    let actions = client.result(
      "textDocument/codeAction",
      TestClient.document(path, [("range", TestClient.range(1, 10, 1, 10)), ("context", context)]))
    let action = actions?.arrayValue?.first
    #expect(action?["title"] == .string("remove the quotes"))
    #expect(action?["isPreferred"] == .bool(true))
    #expect(action?["edit"]?["changes"]?["file://" + path]?.arrayValue?.first?["newText"] == .string("render-pool"))
  }

  @Test func formattingIsTheCanonicalLayout() {
    let client = client()
    let edits = client.result("textDocument/formatting", TestClient.document(jobsFile))?.arrayValue
    #expect(edits?.count == 1)
    let formatted = edits?.first?["newText"]?.stringValue ?? ""
    #expect(formatted.contains("    command    = \"ffmpeg\"\n    depends_on = [frame]"))
    // Formatted text formats to no edits; a file with syntax errors is left alone (null).
    client.change(jobsFile, version: 2, nil, formatted)
    #expect(client.result("textDocument/formatting", TestClient.document(jobsFile)) == .array([]))
    client.change(jobsFile, version: 3, nil, "job j {\n")
    #expect(client.request("textDocument/formatting", TestClient.document(jobsFile))["result"] == .null)
  }

  @Test func hoverShowsVMSizesAndRuleDocumentation() {
    let client = TestClient(files: projectFiles)
    client.open(poolsFile)
    #expect(hoverText(client, poolsFile, 1, 20).contains("4 vCPUs, 16 GiB, quota family `standardDSv3Family`"))
    client.change(poolsFile, version: 2, (1, 16, 1, 31), "Standard_D4s_v9")
    let text = hoverText(client, poolsFile, 1, 20)
    #expect(text.contains("## What it does"))
  }

  @Test func snippetsArePlainTextForClientsWithoutSnippets() {
    #expect(
      LanguageServer.plainText(ofSnippet: "pool ${1:my-pool} {\n\tvm_size = ${2:}\n\t$0\n}")
        == "pool my-pool {\n\tvm_size = \n\t\n}")
    #expect(LanguageServer.plainText(ofSnippet: "param ${1:name}: ${2|int,string|} = $0") == "param name: int = ")
  }

  @Test func completionWhileTyping() {
    let client = TestClient(files: [:])
    let path = "/w/t/t.batch"
    let text = """
      storage data { containers = ["scenes", "frames"] }
      pool p {
        ima
        start_task {
          com
        }
      }
      job j {
        pool = p
        task a { command = "x" }
        task b {
          command = "y"
          depends_on = [a, 
          input "x" { blob = data. }
        }
      }

      """
    client.open(path, text)
    func labels(_ line: Int, _ character: Int) -> [String] {
      let result = client.result("textDocument/completion", TestClient.at(path, line, character))
      return result?["items"]?.arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
    }
    #expect(labels(2, 5).contains("image"))
    #expect(labels(4, 7).contains("command") && !labels(4, 7).contains("image"))
    #expect(labels(12, 21) == ["a", "b"])
    #expect(labels(13, 28) == ["scenes", "frames"])
    let item = client.result("textDocument/completion", TestClient.at(path, 2, 5))?["items"]?.arrayValue?.first {
      $0["label"] == .string("image")
    }
    #expect(item?["textEdit"]?["range"] == TestClient.range(2, 2, 2, 5))
  }
}
