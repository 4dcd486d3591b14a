// The editor features' wiring over an in-memory connection, on the two-file project of
// `Fixtures.swift`: each request reaches the analysis and its answer comes back in the protocol's
// shape (URIs, line/character positions, kinds as numbers, Markdown, workspace edits, errors).
// What the answers say is tested at the analysis's own boundary, in BatchSpecIDETests.

import BatchSpecCore
import Testing

import BatchSpecLSP

@Suite struct FeatureTests {
  private func client(snippets: Bool = true, hierarchicalSymbols: Bool = true) -> TestClient {
    let client = TestClient(files: projectFiles, snippets: snippets, hierarchicalSymbols: hierarchicalSymbols)
    client.open(jobsFile)
    return client
  }

  private let pools = "file://" + poolsFile
  private let jobs = "file://" + jobsFile

  @Test func hoverIsMarkdownWithTheRangeItDescribes() {
    let client = client()
    let hover = client.result("textDocument/hover", TestClient.at(jobsFile, 3, 12))
    #expect(hover?["contents"]?["kind"] == .string("markdown"))
    #expect(hover?["contents"]?["value"]?.stringValue?.contains("Declared in `b.batch` line 1") == true)
    #expect(hover?["range"] == TestClient.range(3, 9, 3, 20))
    #expect(client.result("textDocument/hover", TestClient.at(jobsFile, 1, 0)) == .null)
  }

  @Test func theServerReadsTheVMSizeCatalogue() throws {
    // The host's default table is the validator's catalogue: a retired size is described as such,
    // and not offered.
    let client = TestClient(files: [:])
    client.open(
      "/w/c/a.batch", "pool old {\n  vm_size = \"standard_nc6s_v3\"\n}\npool typing {\n  vm_size = \"Sta\"\n}\n")
    let retired = client.result("textDocument/hover", TestClient.at("/w/c/a.batch", 1, 16))?["contents"]?["value"]
    #expect(retired?.stringValue?.contains("`Standard_NC6s_v3`: 6 vCPUs, 112 GiB, 1 GPU") == true)
    #expect(retired?.stringValue?.contains("Retired on ") == true)
    let items = try #require(
      client.result("textDocument/completion", TestClient.at("/w/c/a.batch", 4, 16))?["items"]?.arrayValue)
    let labels = items.compactMap { $0["label"]?.stringValue }
    #expect(labels.contains("Standard_D4s_v5") && !labels.contains("Standard_NC6s_v3"))
  }

  /// The completion items at a position.
  private func items(_ client: TestClient, _ path: String, _ line: Int, _ character: Int) -> [JSON] {
    let result = client.result("textDocument/completion", TestClient.at(path, line, character))
    #expect(result?["isIncomplete"] == .bool(false))
    return result?["items"]?.arrayValue ?? []
  }

  @Test func completionItemsCarryAnEditKindsAndDocumentation() {
    let client = TestClient(files: [:])
    let path = "/w/c/c.batch"
    client.open(path, "pool p {\n  ima\n}\njob j {\n  pool = \n  on_task_failure = \n}\n\n")
    let attributes = items(client, path, 1, 5)
    let image = attributes.first { $0["label"] == .string("image") }
    #expect(image?["kind"] == .integer(10))
    #expect(image?["detail"] == .string("string"))
    #expect(image?["documentation"]?["kind"] == .string("markdown"))
    #expect(image?["insertTextFormat"] == .integer(2))
    #expect(
      image?["textEdit"] == .object([("range", TestClient.range(1, 2, 1, 5)), ("newText", .string("image = $0"))]))
    // Filtered on the label alone, or on the label and Batch's JSON name when that is another.
    #expect(attributes.first { $0["label"] == .string("vm_size") }?["filterText"] == nil)
    #expect(
      attributes.first { $0["label"] == .string("dedicated_nodes") }?["filterText"]
        == .string("dedicated_nodes targetDedicatedNodes"))
    // Items keep the analysis's order.
    #expect(attributes.first?["sortText"] == .string("0000"))
    #expect(attributes.first { $0["label"] == .string("start_task") }?["kind"] == .integer(7))
    #expect(items(client, path, 4, 9).map { $0["kind"] } == [.integer(18)])
    #expect(items(client, path, 5, 20).first?["kind"] == .integer(20))
    #expect(items(client, path, 7, 0).first { $0["label"] == .string("param") }?["kind"] == .integer(14))
  }

  @Test func theWordUnderTheCursorIsAnInsertReplaceEditForClientsThatTakeOne() {
    let path = "/w/c/c.batch"
    let text = "pool render-pool { }\njob j {\n  pool = render-pool\n  pri = 5\n}\n"
    // Inserting ends at the cursor (`rend|er-pool`); replacing runs to the end of the word.
    let replacing = TestClient(files: [:], insertReplace: true)
    replacing.open(path, text)
    let pool = items(replacing, path, 2, 13).first { $0["label"] == .string("render-pool") }
    #expect(
      pool?["textEdit"]
        == .object([
          ("newText", .string("render-pool")), ("insert", TestClient.range(2, 9, 2, 13)),
          ("replace", TestClient.range(2, 9, 2, 20)),
        ]))
    // Where nothing of the word follows the cursor, a plain edit.
    let attribute = items(replacing, path, 3, 5).first { $0["label"] == .string("priority") }
    #expect(
      attribute?["textEdit"] == .object([("range", TestClient.range(3, 2, 3, 5)), ("newText", .string("priority"))]))
    #expect(attribute?["insertTextFormat"] == .integer(1))
    // A client without `insertReplaceSupport` gets the replacing edit.
    let plain = TestClient(files: [:])
    plain.open(path, text)
    #expect(
      items(plain, path, 2, 13).first { $0["label"] == .string("render-pool") }?["textEdit"]
        == .object([("range", TestClient.range(2, 9, 2, 20)), ("newText", .string("render-pool"))]))
  }

  @Test func snippetsArePlainTextForClientsWithoutSnippets() {
    let client = TestClient(files: [:], snippets: false)
    client.open("/w/c/c.batch", "\n")
    let pool = items(client, "/w/c/c.batch", 0, 0).first { $0["label"] == .string("pool") }
    #expect(pool?["insertTextFormat"] == .integer(1))
    #expect(
      pool?["textEdit"]?["newText"]
        == .string(
          "pool mypool {\n\tvm_size = \"Standard_D4s_v3\"\n\timage = \"canonical/0001-com-ubuntu-server-jammy/22_04-lts\"\n\tnode_agent = \"batch.node.ubuntu 22.04\"\n\t\n}"
        ))
    #expect(
      LanguageServer.plainText(ofSnippet: "pool ${1:mypool} {\n\tvm_size = ${2:}\n\t$0\n}")
        == "pool mypool {\n\tvm_size = \n\t\n}")
    // Escapes are resolved, inside placeholders too.
    #expect(
      LanguageServer.plainText(ofSnippet: #"f = "${1:\$A = {\}}" \$B${2|x\,y,z|}"#) == #"f = "$A = {}" $Bx,y"#)
    #expect(LanguageServer.plainText(ofSnippet: "param ${1:name}: ${2|int,string|} = $0") == "param name: int = ")
  }

  @Test func definitionReferencesAndHighlightsAreLocations() {
    let client = client()
    let definition = client.result("textDocument/definition", TestClient.at(jobsFile, 3, 12))
    #expect(definition == .array([.object([("uri", .string(pools)), ("range", TestClient.range(0, 5, 0, 16))])]))
    func references(_ include: Bool?) -> [JSON] {
      let context = include.map { [("context", JSON.object([("includeDeclaration", .bool($0))]))] } ?? []
      return client.result("textDocument/references", TestClient.at(poolsFile, 0, 7, context))?.arrayValue ?? []
    }
    #expect(references(false).map { $0["uri"] } == [.string(jobs)])
    #expect(references(true).map { $0["uri"] } == [.string(jobs), .string(pools)])
    #expect(references(nil).count == 2)
    // The declaration is a write (3), a use a read (2).
    let highlights = client.result("textDocument/documentHighlight", TestClient.at(jobsFile, 4, 8))
    #expect(
      highlights
        == .array([
          .object([("range", TestClient.range(4, 7, 4, 12)), ("kind", .integer(3))]),
          .object([("range", TestClient.range(9, 18, 9, 23)), ("kind", .integer(2))]),
        ]))
  }

  @Test func renameIsAWorkspaceEditAndARefusalAnError() {
    let client = client()
    let prepared = client.result("textDocument/prepareRename", TestClient.at(jobsFile, 3, 12))
    #expect(prepared == .object([("range", TestClient.range(3, 9, 3, 20)), ("placeholder", .string("render-pool"))]))
    let edit = client.result("textDocument/rename", TestClient.at(jobsFile, 3, 12, [("newName", .string("gpu-pool"))]))
    #expect(
      edit?["changes"]?[pools]
        == .array([.object([("range", TestClient.range(0, 5, 0, 16)), ("newText", .string("gpu-pool"))])]))
    #expect(edit?["changes"]?[jobs]?.arrayValue?.count == 1)
    let refused = client.request("textDocument/rename", TestClient.at(jobsFile, 3, 12, [("newName", .string("9 bad"))]))
    #expect(refused["error"]?["code"] == .integer(-32803))
    #expect(refused["error"]?["message"] == .string("`9 bad` is not a valid ID: it must start with a letter"))
    let notASymbol = client.request("textDocument/prepareRename", TestClient.at(jobsFile, 3, 3))
    #expect(notASymbol["error"]?["code"] == .integer(-32803))
    let noName = client.request("textDocument/rename", TestClient.at(jobsFile, 3, 12))
    #expect(noName["error"]?["code"] == .integer(-32602))
  }

  @Test func documentSymbolsAreHierarchicalWhenTheClientSupportsIt() {
    let symbols = client().result("textDocument/documentSymbol", TestClient.document(jobsFile))?.arrayValue ?? []
    #expect(
      symbols.first
        == .object([
          ("name", .string("n")), ("detail", .string("int")), ("kind", .integer(13)),
          ("range", TestClient.range(0, 0, 0, 16)), ("selectionRange", TestClient.range(0, 6, 0, 7)),
          ("children", .array([])),
        ]))
    #expect(symbols.last?["kind"] == .integer(5))
    #expect(symbols.last?["children"]?.arrayValue?.map { $0["kind"] } == [.integer(12), .integer(12)])
    // Without support, a flat list with container names.
    let flat = client(hierarchicalSymbols: false).result("textDocument/documentSymbol", TestClient.document(jobsFile))
    #expect(
      flat?.arrayValue?.map { $0["name"] } == [.string("n"), .string("render"), .string("frame"), .string("encode")])
    #expect(flat?.arrayValue?[2]["containerName"] == .string("render"))
    #expect(flat?.arrayValue?[2]["location"]?["uri"] == .string(jobs))
  }

  @Test func workspaceSymbolsLoadTheWorkspaceAndCarryKindsAndContainers() {
    let client = TestClient(files: projectFiles)  // nothing open: the workspace root is searched
    let pool = client.result("workspace/symbol", .object([("query", .string("rndpool"))]))?.arrayValue?.first
    #expect(
      pool
        == .object([
          ("name", .string("render-pool")), ("kind", .integer(5)),
          ("location", .object([("uri", .string(pools)), ("range", TestClient.range(0, 5, 0, 16))])),
        ]))
    let tasks = client.result("workspace/symbol", .object([("query", .string("encode"))]))?.arrayValue
    #expect(tasks?.first?["kind"] == .integer(12) && tasks?.first?["containerName"] == .string("render"))
    let job = client.result("workspace/symbol", .object([("query", .string("render"))]))?.arrayValue
    #expect(job?.first { $0["name"] == .string("render") }?["kind"] == .integer(6))
  }

  @Test func foldingRangesEndBeforeTheClosingBraceButCommentsAtTheirEnd() {
    let client = TestClient(files: [:])
    let path = "/w/f/f.batch"
    client.open(path, "/* a\n   b */\njob j {\n  task t {\n    command = \"x\"\n  }\n}\n")
    let folds = client.result("textDocument/foldingRange", TestClient.document(path))
    #expect(
      folds
        == .array([
          .object([("startLine", .integer(0)), ("endLine", .integer(1)), ("kind", .string("comment"))]),
          .object([("startLine", .integer(2)), ("endLine", .integer(5))]),
          .object([("startLine", .integer(3)), ("endLine", .integer(4))]),
        ]))
  }

  @Test func selectionRangesAreChainedThroughParents() {
    let client = client()
    let positions = JSON.array([TestClient.position(5, 8), TestClient.position(0, 7)])
    let selection = client.result(
      "textDocument/selectionRange", TestClient.document(jobsFile, [("positions", positions)]))?.arrayValue
    #expect(selection?.count == 2)
    #expect(selection?.first?["range"] == TestClient.range(5, 4, 5, 11))
    #expect(selection?.first?["parent"]?["range"] == TestClient.range(5, 4, 5, 25))
    // The outermost is the whole file, with no parent.
    var outer = selection?.last
    while let parent = outer?["parent"] { outer = parent }
    #expect(outer == .object([("range", TestClient.range(0, 0, 12, 0))]))
  }

  @Test func semanticTokensAreDeltaEncodedInTheNegotiatedUnits() {
    let text = "job j { display_name = \"😀x\" }\n// c\n"
    let expected: [(encodings: [String], stringLength: Int)] = [(["utf-16"], 5), (["utf-8"], 7)]
    for (encodings, stringLength) in expected {
      let client = TestClient(files: [:], encodings: encodings)
      client.open("/w/t/t.batch", text)
      let tokens = client.result("textDocument/semanticTokens/full", TestClient.document("/w/t/t.batch"))
      #expect(
        tokens?["data"]?.arrayValue?.compactMap(\.intValue) == [
          0, 0, 3, 0, 0,  // `job`: keyword
          0, 4, 1, 1, 1,  // `j`: type, declaration
          0, 4, 12, 2, 0,  // `display_name`: property
          0, 15, stringLength, 5, 0,  // the string
          1, 0, 4, 7, 0,  // the comment, on the next line
        ], "\(encodings)")
    }
  }

  @Test func inlayHintsArePositionedLabelsWithMarkdownTooltips() {
    let client = client()
    let hints = client.result(
      "textDocument/inlayHint", TestClient.document(jobsFile, [("range", TestClient.range(0, 0, 12, 0))]))
    #expect(
      hints
        == .array([
          .object([
            ("position", TestClient.position(4, 26)), ("label", .string(" 3 tasks")), ("paddingLeft", .bool(true)),
            ("tooltip", .object([("kind", .string("markdown")), ("value", .string("`frame-1` … `frame-3`"))])),
          ])
        ]))
    let outside = client.result(
      "textDocument/inlayHint", TestClient.document(jobsFile, [("range", TestClient.range(7, 0, 12, 0))]))
    #expect(outside == .array([]))
  }

  @Test func codeActionsAreQuickFixesWithTheirDiagnosticAndEdit() {
    let client = TestClient(files: projectFiles)
    let path = "/w/p/c.batch"
    client.open(path, "job j {\n  pool = \"render-pool\"\n}\n")
    func actions(_ only: [String]?) -> [JSON] {
      var context: [(String, JSON)] = [("diagnostics", .array([]))]
      if let only { context.append(("only", .array(only.map(JSON.string)))) }
      let params = TestClient.document(
        path, [("range", TestClient.range(1, 10, 1, 10)), ("context", .object(context))])
      return client.result("textDocument/codeAction", params)?.arrayValue ?? []
    }
    let action = actions(nil).first
    #expect(action?["title"] == .string("remove the quotes"))
    #expect(action?["kind"] == .string("quickfix"))
    #expect(action?["isPreferred"] == .bool(true))
    #expect(action?["diagnostics"]?.arrayValue?.first?["range"] == TestClient.range(1, 9, 1, 22))
    #expect(
      action?["edit"]?["changes"]?["file://" + path]
        == .array([.object([("range", TestClient.range(1, 9, 1, 22)), ("newText", .string("render-pool"))])]))
    #expect(actions(["quickfix"]).count == actions(nil).count)
    #expect(actions(["refactor"]).isEmpty)
  }

  /// A spec written from Batch's JSON: four problems with safe fixes, two of them on one line.
  private let jsonHabits = """
    job j {
      "pool": "render-pool"
      max_wall_clock = "PT1H"
      priority = "5"
      task t { command = "echo é" }
    }

    """

  @Test func fixAllIsOneEditThatAppliesEverySafeFixInRounds() {
    let client = TestClient(files: projectFiles)
    let path = "/w/p/c.batch"
    client.open(path, jsonHabits)
    func actions(_ only: [String]?) -> [JSON] {
      var context: [(String, JSON)] = [("diagnostics", .array([]))]
      if let only { context.append(("only", .array(only.map(JSON.string)))) }
      let params = TestClient.document(path, [("range", TestClient.range(0, 0, 0, 0)), ("context", .object(context))])
      return client.result("textDocument/codeAction", params)?.arrayValue ?? []
    }
    // What editors ask for on save; `source` and the full kind ask for it too.
    let fixAll = actions(["source.fixAll"])
    #expect(fixAll.count == 1)
    #expect(fixAll.first?["kind"] == .string("source.fixAll.batchspec"))
    #expect(actions(["source"]).count == 1)
    #expect(actions(["source.fixAll.batchspec"]).count == 1)
    #expect(actions(["source.organizeImports"]).isEmpty)
    #expect(actions(["quickfix"]).allSatisfy { $0["kind"] == .string("quickfix") })
    // One edit, from the first changed byte to the last: the task's line, after them, is kept.
    let edits = fixAll.first?["edit"]?["changes"]?["file://" + path]?.arrayValue
    #expect(edits?.count == 1)
    #expect(edits?.first?["range"] == TestClient.range(1, 2, 3, 16))
    #expect(edits?.first?["newText"] == .string("pool = render-pool\n  max_wall_clock = 1h\n  priority = 5"))
    // A client that cannot resolve an action's edit is offered it only when it asks by kind.
    #expect(actions(nil).allSatisfy { $0["kind"] == .string("quickfix") })
  }

  @Test func fixAllBesideQuickFixesIsResolvedWhenChosen() {
    let client = TestClient(files: projectFiles, resolvesCodeActions: true)
    let path = "/w/p/c.batch"
    client.open(path, jsonHabits)
    let params = TestClient.document(
      path, [("range", TestClient.range(2, 20, 2, 20)), ("context", .object([("diagnostics", .array([]))]))])
    let offered = client.result("textDocument/codeAction", params)?.arrayValue ?? []
    let fixAll = offered.first { $0["kind"] == .string("source.fixAll.batchspec") }
    #expect(offered.first?["kind"] == .string("quickfix"))
    #expect(fixAll?["edit"] == nil)
    let resolved = client.result("codeAction/resolve", fixAll ?? .null)
    #expect(
      resolved?["edit"]?["changes"]?["file://" + path]?.arrayValue?.first?["newText"]
        == .string("pool = render-pool\n  max_wall_clock = 1h\n  priority = 5"))
    // Once the file is fixed, there is nothing to offer, and resolving an old offer changes nothing.
    client.change(path, version: 2, nil, "job j {\n  pool = render-pool\n}\n")
    #expect(
      (client.result("textDocument/codeAction", params)?.arrayValue ?? []).allSatisfy {
        $0["kind"] != .string("source.fixAll.batchspec")
      })
    #expect(client.result("codeAction/resolve", fixAll ?? .null)?["edit"] == .object([("changes", .object([]))]))
  }

  @Test func formattingIsOneEditOverTheDocumentOrNone() {
    let client = client()
    let edits = client.result("textDocument/formatting", TestClient.document(jobsFile))?.arrayValue
    #expect(edits?.count == 1)
    #expect(edits?.first?["range"] == TestClient.range(0, 0, 12, 0))
    let formatted = edits?.first?["newText"]?.stringValue ?? ""
    // Formatted text formats to no edits; a file with syntax errors is left alone (null).
    client.change(jobsFile, version: 2, nil, formatted)
    #expect(client.result("textDocument/formatting", TestClient.document(jobsFile)) == .array([]))
    client.change(jobsFile, version: 3, nil, "job j {\n")
    #expect(client.request("textDocument/formatting", TestClient.document(jobsFile))["result"] == .null)
  }
}
