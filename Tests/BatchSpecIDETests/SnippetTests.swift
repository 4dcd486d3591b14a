// Every snippet completion offers, accepted as offered (each placeholder keeping its default
// text, as a client inserts it when the user presses Tab through it), gives a project that parses
// and type-checks without errors.

import BatchSpecCore
import BatchSpecIDE
import Testing

@Suite struct SnippetTests {
  /// `snippet` as a client inserts it: each placeholder's default (a choice's first word),
  /// escapes resolved; `$0` becomes the fixture cursor `$0`. Fails on text a client would read
  /// as a variable (an unescaped `$name`).
  static func expand(_ snippet: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    var out = ""
    var rest = Substring(snippet)
    // Reads up to the `}` closing a placeholder, resolving escapes.
    func defaultText(stoppingAt stops: Set<Character>) -> String {
      var text = ""
      while let character = rest.popFirst() {
        if character == "\\", let escaped = rest.popFirst() {
          text.append(escaped)
        } else if stops.contains(character) {
          return text
        } else {
          #expect(character != "$", "an unescaped `$` in a placeholder of \(snippet)", sourceLocation: sourceLocation)
          text.append(character)
        }
      }
      Issue.record("an unclosed placeholder in \(snippet)", sourceLocation: sourceLocation)
      return text
    }
    while let character = rest.popFirst() {
      if character == "\\", let escaped = rest.popFirst() {
        out.append(escaped)
        continue
      }
      guard character == "$" else {
        out.append(character)
        continue
      }
      if rest.first == "{" {
        rest.removeFirst()
        let number = rest.prefix { $0.isNumber }
        #expect(!number.isEmpty, "a variable, not a placeholder, in \(snippet)", sourceLocation: sourceLocation)
        rest = rest.dropFirst(number.count)
        switch rest.popFirst() {
        case ":": out += defaultText(stoppingAt: ["}"])
        case "|":
          out += defaultText(stoppingAt: [",", "|"])
          _ = defaultText(stoppingAt: ["}"])
        case "}": break
        default: Issue.record("a malformed placeholder in \(snippet)", sourceLocation: sourceLocation)
        }
      } else {
        let number = rest.prefix { $0.isNumber }
        #expect(!number.isEmpty, "a variable, not a tabstop, in \(snippet)", sourceLocation: sourceLocation)
        rest = rest.dropFirst(number.count)
        if number == "0" { out += "$0" }
      }
    }
    return out
  }

  /// The block and keyword snippets offered at the cursor of `text` (attribute entries insert
  /// `name = ` and wait for the user's value, so they are not snippets of a whole statement).
  private func offered(_ text: String) -> [CompletionEntry] {
    let (analysis, position) = fixture(text)
    return analysis.completions(at: position).filter { $0.isSnippet && $0.kind != .attribute }
  }

  /// Errors a snippet cannot avoid, because they ask for a choice elsewhere in the project that
  /// only the user can make; each is about another block than the one inserted.
  private static let needsTheUser: Set<String> = [
    "BS4003",  // a storage used by an input or output: link it, or give it a SAS or an identity
    "BS5015",  // a multi-instance task: its pool must allow inter-node communication
    "BS5034",  // a task in a container: its pool needs a `containers` block with the image
  ]

  /// The errors of `text` (its cursor removed), but those in `needsTheUser`.
  private func errors(_ text: String) -> [String] {
    let fixture = Fixture(text.replacingFirst("$0", with: ""))
    return fixture.analysis.diagnostics(Fixture.defaultPath).filter {
      $0.severity == .error && !Self.needsTheUser.contains($0.code.rawValue)
    }.map { "\($0.code.rawValue) \($0.message)" }
  }

  @Test func everyTopLevelSnippetAcceptedAsOfferedChecks() {
    let top = offered("$0").map { Self.expand($0.insertText) }
    #expect(top.count == Schema.topLevelKinds.count + 1)
    let project = top.map { $0.replacingFirst("$0", with: "") }.joined(separator: "\n")
    #expect(errors(project) == [], "\(project)")
  }

  @Test func everyNestedSnippetAcceptedAsOfferedChecks() {
    // The schedule is left out: once its job holds a task, the job needs a manager to run it
    // (BS5033), which is the user's design. The schedule's own snippet is checked above.
    let top = offered("$0").filter { $0.label != "schedule" }.map { Self.expand($0.insertText) }
    // Each top-level block in turn holds the cursor; the others stay as offered.
    var pending: [(path: [String], text: String)] = top.indices.map { index in
      let text = top.enumerated().map { $0.offset == index ? $0.element : $0.element.replacingFirst("$0", with: "") }
      return ([String(top[index].prefix { $0 != " " })], text.joined(separator: "\n"))
    }
    var visited: Set<[String]> = []
    var checked = 0
    while let (path, text) = pending.popLast() {
      for entry in offered(text) where entry.kind == .block {
        // Each block kind under each parent kind once: deeper repeats add nothing.
        guard visited.insert([path.last ?? "", entry.label]).inserted else { continue }
        let nested = text.replacingFirst("$0", with: Self.expand(entry.insertText))
        #expect(errors(nested) == [], "\((path + [entry.label]).joined(separator: " > ")):\n\(nested)")
        pending.append((path + [entry.label], nested))
        checked += 1
      }
    }
    #expect(checked >= Schema.allBlocks.count - Schema.topLevelKinds.count)
  }

  @Test func placeholdersEscapeDollarSigns() {
    let (analysis, position) = fixture("pool p {\n  $0\n}")
    let mount = analysis.completion("blobfuse_mount", at: position)?.insertText ?? ""
    let autoscale = analysis.completion("autoscale", at: position)?.insertText ?? ""
    #expect(!mount.contains("`"))
    #expect(autoscale.contains("\\$TargetDedicatedNodes"))
  }
}
