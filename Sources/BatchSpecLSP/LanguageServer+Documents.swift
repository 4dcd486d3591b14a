// Document sync (open, incremental change, close, save), disk events, and pushed and pulled
// diagnostics: after a change, the files of its project whose diagnostics changed are published,
// the edited documents first.

internal import BatchSpecCore
internal import BatchSpecIDE

extension LanguageServer {
  func didOpen(_ params: Params) throws(ResponseError) {
    let uri = try params.documentURI()
    let text = try params.string("textDocument", "text")
    let version = try params.int("textDocument", "version")
    let path = DocumentURI.path(uri)
    uris[path] = uri
    lastPublished[path] = nil  // a freshly opened document always gets its diagnostics
    lastPulled[path] = nil
    textChanged.append(path)
    dirtyProjects.insert(host.open(path: path, version: version, text: text))
    opened = true
    configurationEdited(path)
  }

  /// An open configuration file counts with its editor text: every project using it is dirty.
  private func configurationEdited(_ path: String) {
    if ProjectPaths.isConfiguration(path) { dirtyProjects.formUnion(host.filesChangedOnDisk([path])) }
  }

  func didChange(_ params: Params) throws(ResponseError) {
    let path = DocumentURI.path(try params.documentURI())
    let version = try params.int("textDocument", "version")
    var changes: [TextChange] = []
    for item in try params.array("contentChanges") {
      let change = Params(value: item)
      let text = try change.string("text")
      if change.optional("range") == nil {
        changes.append(TextChange(range: nil, text: text))
        continue
      }
      let start = LinePosition(
        line: try change.int("range", "start", "line"),
        column: ProtocolConversion.clamp(try change.int("range", "start", "character")))
      let end = LinePosition(
        line: try change.int("range", "end", "line"),
        column: ProtocolConversion.clamp(try change.int("range", "end", "character")))
      guard start.line >= 0, end.line >= 0 else {
        throw .invalidParams("negative position in a change")
      }
      changes.append(TextChange(range: (start, end), text: text))
    }
    let key: String
    switch Result(catching: { () throws(AnalysisHost.ChangeRefusal) in
      try host.change(path: path, version: version, changes: changes)
    }) {
    case .success(let changed): key = changed
    case .failure(.notOpen): throw .invalidParams("`\(path)` is not open")
    case .failure(.invalid(let problem)):
      throw .invalidParams(
        "cannot apply the change to `\(path)`: \(problem); the editor's text and the server's are out of step"
      )
    }
    lastPulled[path] = nil  // its text is another now, and the last one need not stay in memory
    textChanged.append(path)
    dirtyProjects.insert(key)
    configurationEdited(path)
  }

  func didClose(_ params: Params) throws(ResponseError) {
    let path = DocumentURI.path(try params.documentURI())
    lastPulled[path] = nil
    textChanged.append(path)
    dirtyProjects.insert(host.close(path: path))
    configurationEdited(path)
  }

  func didSave(_ params: Params) throws(ResponseError) {
    // The open text is what counts; saving changes what closed siblings would read, nothing else.
    _ = try params.documentURI()
  }

  func didChangeWatchedFiles(_ params: Params) throws(ResponseError) {
    var paths: [String] = []
    for change in try params.array("changes") {
      guard let uri = change["uri"]?.stringValue else { throw .invalidParams("a file event needs a `uri`") }
      let path = DocumentURI.path(uri)
      if path.hasSuffix(".batch") || ProjectPaths.isConfiguration(path) { paths.append(path) }
    }
    textChanged += paths
    for path in paths { lastPulled[path] = nil }
    dirtyProjects.formUnion(host.filesChangedOnDisk(paths))
  }

  /// Publishes the diagnostics of every file of every dirty project, and clears files that left.
  func publishDiagnostics() {
    let analysis = host.analysis()
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    var configurationsDone: Set<String> = []
    for key in dirtyProjects.sorted() {
      // The configuration file's own problems go on it; one it no longer uses is cleared.
      let configuration = analysis.configurationPath(ofProject: key)
      if let old = publishedConfigurations[key], old != configuration, analysis.configuration(old) == nil {
        publish(old, [], analysis: analysis, conversion: conversion)
      }
      publishedConfigurations[key] = configuration
      if let configuration, configurationsDone.insert(configuration).inserted {
        publish(
          configuration, analysis.diagnostics(configuration), analysis: analysis, conversion: conversion,
          textChanged: textChanged.contains(configuration))
      }
      // The edited documents first: their diagnostics are what the user is waiting for.
      let edited = Set(textChanged)
      let all = analysis.paths(ofProject: key)
      let paths = all.filter { edited.contains($0) } + all.filter { !edited.contains($0) }
      var nonEmpty: Set<String> = []
      for path in paths {
        let diagnostics = analysis.diagnostics(path)
        if !diagnostics.isEmpty { nonEmpty.insert(path) }
        publish(path, diagnostics, analysis: analysis, conversion: conversion, textChanged: edited.contains(path))
      }
      for path in (published[key] ?? []).subtracting(all) {
        publish(path, [], analysis: analysis, conversion: conversion, textChanged: true)
      }
      published[key] = nonEmpty
    }
    dirtyProjects.removeAll()
    textChanged.removeAll()
    showParamProblems(analysis)
  }

  /// Shows what is wrong with the `params` initialization option, each problem once: the errors
  /// the CLI refuses as `--param` errors (`ParamOverrideError.reported`); here the default is
  /// used, and the user told why.
  private func showParamProblems(_ analysis: Analysis) {
    let errors = ParamOverrideError.reported(
      analysis.projects.keys.sorted().compactMap { analysis.projects[$0]?.overrideErrors })
    for problem in errors.map({ $0.message(from: "the `params` setting") })
    where shownSettingProblems.insert(problem).inserted {
      showSettingProblem(problem)
    }
  }

  /// Tells the user (`window/showMessage`, a warning) and the log about a setting that was ignored.
  func showSettingProblem(_ problem: String) {
    log("ignored \(problem)")
    notify(
      "window/showMessage", .object([("type", .integer(2)), ("message", .string("batchspec ignored \(problem)"))]))
  }

  /// Publishes `path`'s diagnostics, unless they, its version and its text are what was last
  /// published.
  private func publish(
    _ path: String, _ diagnostics: [Diagnostic], analysis: Analysis, conversion: ProtocolConversion,
    textChanged: Bool = true
  ) {
    let version = analysis.versions[path]
    if !textChanged, let last = lastPublished[path], last.version == version, last.diagnostics == diagnostics {
      return
    }
    lastPublished[path] = (diagnostics, version)
    var members: [(String, JSON)] = [("uri", .string(conversion.uri(path)))]
    if let version { members.append(("version", .integer(version))) }
    members.append(("diagnostics", .array(conversion.diagnostics(diagnostics, path: path))))
    notify("textDocument/publishDiagnostics", .object(members))
  }

  func pullDiagnostics(_ params: Params) throws(ResponseError) -> JSON {
    let (analysis, path) = try document(params)
    let conversion = ProtocolConversion(analysis: analysis, uris: uris)
    let diagnostics = analysis.diagnostics(path)
    let previous = params.optional("previousResultId")?.stringValue
    // A client that pulls every open file after each edit (`interFileDependencies`) asks again for
    // files the edit did not change: when the file's diagnostics (the analysis's same array, so
    // comparing them costs nothing), text and URI are those of the last pull, so is the answer.
    let text = analysis.source(path)?.bytes
    let uri = conversion.uri(path)
    if let previous, let text, let last = lastPulled[path], last.resultID == previous, last.uri == uri,
      last.diagnostics == diagnostics, last.text == text
    {
      return .object([("kind", .string("unchanged")), ("resultId", .string(previous))])
    }
    let items = JSON.array(conversion.diagnostics(diagnostics, path: path))
    // The result ID is a hash of the report: a client that has it already gets `unchanged`.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in items.serialized().utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
    let resultID = String(hash, radix: 36)
    // Kept only when every place is in the file: a note's position in another file moves with
    // that file's text.
    let local = diagnostics.allSatisfy { diagnostic in
      diagnostic.notes.allSatisfy { $0.location.map { $0.file == diagnostic.file } ?? true }
    }
    lastPulled[path] = text.flatMap { local ? (diagnostics, $0, uri, resultID) : nil }
    if previous == resultID {
      return .object([("kind", .string("unchanged")), ("resultId", .string(resultID))])
    }
    return .object([("kind", .string("full")), ("resultId", .string(resultID)), ("items", items)])
  }

  /// The analysis and the path of the request's document, loading its project when needed; a
  /// configuration file is one too, when a loaded project uses it.
  func document(_ params: Params) throws(ResponseError) -> (Analysis, String) {
    let uri = try params.documentURI()
    let path = DocumentURI.path(uri)
    if uris[path] == nil { uris[path] = uri }
    host.load(path: path)
    let analysis = host.analysis()
    if ProjectPaths.isConfiguration(path) {
      // One a loaded project uses is served; another has nothing to say, which is no error.
      guard analysis.configuration(path) != nil else { throw .nothingToAnswer }
      return (analysis, path)
    }
    guard analysis.source(path) != nil else { throw .invalidParams("unknown document `\(uri)`: open it first") }
    return (analysis, path)
  }
}
