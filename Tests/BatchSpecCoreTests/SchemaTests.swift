// The schema table checked as a whole: every kind, key and closed set, walked rather than listed.

import Testing

@testable import BatchSpecCore

@Suite struct SchemaTests {
  /// Every kind's children exist, no two attributes of a kind share a name, and every required
  /// attribute has no default.
  @Test func everyKindIsWellFormed() {
    for kind in Schema.allKinds {
      let schema = kind.schema
      #expect(Schema.block(schema.kind) === schema, "`\(schema.kind)` is not found by its name")
      for child in schema.children { #expect(Schema.block(child) != nil, "`\(schema.kind)` holds unknown `\(child)`") }
      let names = schema.attributes.map(\.name)
      #expect(Set(names).count == names.count, "`\(schema.kind)` declares an attribute twice")
      for attribute in schema.attributes {
        #expect(
          !(attribute.isRequired && attribute.defaultValue != nil), "`\(attribute.name)` is required and defaulted")
        #expect(!attribute.restProperty.isEmpty && !attribute.documentation.isEmpty)
        #expect((attribute.defaultText == nil) == (attribute.defaultValue == nil))
      }
    }
  }

  /// A member of a block's REST object, written with Azure's name, leads to the attribute or block
  /// that writes it, wherever that name is the last of one member's path only: the hint that
  /// `targetDedicatedNodes` is `dedicated_nodes` here.
  @Test func everyRESTNameLeadsToWhatWritesIt() {
    var count = 0
    for kind in Schema.allKinds {
      let schema = kind.schema
      var owners: [String: [(name: String, isBlock: Bool)]] = [:]
      // `resourceFiles[]` is named `resourceFiles`.
      func add(_ path: [String], _ name: String, isBlock: Bool) {
        guard let last = path.last else { return }
        owners[(last.hasSuffix("[]") ? String(last.dropLast(2)) : last).lowercased(), default: []].append(
          (name, isBlock))
      }
      for attribute in schema.attributes {
        for path in attribute.rest.namedPaths { add(path, attribute.name, isBlock: false) }
      }
      for child in schema.children {
        for path in schema.childRest[child]?.namedPaths ?? [] { add(path, child, isBlock: true) }
      }
      for (restName, members) in owners where members.count == 1 {
        let found = schema.member(restName: restName)
        #expect(found?.name == members[0].name && found?.isBlock == members[0].isBlock, "`\(schema.kind)`: \(restName)")
        count += 1
      }
    }
    #expect(count > 150)
    // By their JSON spellings; a component that several members share names none of them.
    #expect(Schema.Pool.schema.member(restName: "targetDedicatedNodes")?.name == "dedicated_nodes")
    // A plain property's last member is the attribute as written; one found another way is not.
    #expect(Schema.Pool.schema.member(restName: "targetDedicatedNodes")?.isExact == true)
    #expect(Schema.Job.schema.member(restName: "poolInfo")?.isExact == false)
    #expect(Schema.Task.schema.member(restName: "maxTaskRetryCount")?.isExact == false)
    // A member written by code of its own is named by its mapping, each of several.
    #expect(Schema.ExitCondition.schema.member(restName: "fileUploadError")?.name == "error")
    #expect(Schema.InboundNAT.schema.member(restName: "frontendPortRangeEnd")?.name == "frontend_ports")
    #expect(Schema.Job.schema.member(restName: "taskIdRanges") == nil)
    #expect(Schema.Pool.schema.member(restName: "startTask")?.isBlock == true)
    #expect(Schema.Job.schema.member(restName: "poolInfo")?.name == "pool")
    #expect(Schema.Task.schema.member(restName: "maxTaskRetryCount")?.name == "retries")
    #expect(Schema.Task.schema.member(restName: "resourceFiles")?.name == "input")
    #expect(Schema.Task.schema.member(restName: "constraints") == nil)
    #expect(Schema.Job.schema.member(restName: "the") == nil)
  }

  /// A default, written as hover and the documentation show it, checks as the value it stands for.
  @Test func everyDefaultIsAValidLiteral() throws {
    for kind in Schema.allKinds {
      for attribute in kind.schema.attributes {
        guard let text = attribute.defaultText, let value = attribute.defaultValue else { continue }
        let source = "param p: \(paramType(attribute.type) ?? "string") = \(text)\n"
        guard paramType(attribute.type) != nil else {
          // Enum words are not param values: the word itself is the literal.
          #expect(value == .word(text), "`\(attribute.name)` default `\(text)`")
          continue
        }
        let checked = Checker.check(Project(path: "d.batch", text: source)).project
        #expect(checked.diagnostics.isEmpty, "`\(attribute.name)` default `\(text)`: \(checked.diagnostics)")
        #expect(checked.params["p"] == value, "`\(attribute.name)` default `\(text)` reads back as \(value)")
      }
    }
  }

  /// Every closed set's Azure spelling is distinct and reads back to its case, whatever its case.
  @Test func everyEnumSpellingReadsBothWays() {
    func check<Word: SchemaEnum>(_ type: Word.Type) {
      let words = Word.allCases.map { $0.restWord.lowercased() }
      #expect(Set(words).count == words.count, "\(Word.self) spells two cases alike")
      for word in Word.allCases {
        #expect(Word(restWord: word.restWord) == word)
        #expect(Word(restWord: word.restWord.uppercased()) == word)
        #expect(Word(schemaValue: word.schemaValue) == word)
        #expect(word is any RestValue, "\(Word.self) has no REST form")
        // What messages read: the word of an attribute's closed set that Azure spells so.
        #expect(Schema.word(restWord: word.restWord, of: Word.allCases.map(\.rawValue)) == word.rawValue)
        // Spelt with underscores between its words, as batchspec spells its own.
        let snakeCase = word.restWord.reduce(into: "") { text, character in
          if character.isUppercase && !text.isEmpty && !text.hasSuffix("_") { text += "_" }
          text.append(character)
        }
        #expect(Schema.word(restWord: snakeCase, of: Word.allCases.map(\.rawValue)) == word.rawValue, "\(snakeCase)")
      }
      if case .enumeration(let names) = Word.schemaType { #expect(names == Word.allCases.map(\.rawValue)) }
    }
    for type in Schema.allEnums { check(type) }
  }

  /// Every enumeration attribute of the schema is read through one of the registered enums: no
  /// closed set is a bare list of strings.
  @Test func everyEnumerationAttributeIsAnEnum() {
    func words<Word: SchemaEnum>(of type: Word.Type) -> [String] { Word.allCases.map(\.rawValue) }
    let known = Schema.allEnums.map { words(of: $0) }
    for kind in Schema.allKinds {
      for attribute in kind.schema.attributes {
        var type = attribute.type
        if case .list(let element) = type { type = element }
        guard case .enumeration(let names) = type else { continue }
        #expect(
          known.contains(names), "`\(kind.schema.kind).\(attribute.name)` takes words no registered enum declares")
      }
    }
  }

  /// A typed read of a written value and of a default, through `Checked`.
  /// A reference naming no member is the unboxed case, one naming a member (an application
  /// version) the boxed one; both read back through `referenced` and the typed `Reference`.
  @Test func referencesWithAndWithoutAMember() {
    let pool = Value.reference(.pool, "render", member: nil)
    let version = Value.reference(.application, "blender", member: "4.0")
    #expect(pool == .reference("render", .pool))
    #expect(version == .memberReference(.application, "blender", member: "4.0"))
    #expect(pool.description == "render" && version.description == "blender[4.0]")
    #expect(pool.referenced?.kind == .pool && pool.referenced?.id == "render" && pool.referenced?.member == nil)
    #expect(version.referenced?.member == "4.0" && Value.string("render").referenced == nil)
    for value in [pool, version] { #expect(Reference(schemaValue: value)?.schemaValue == value) }
    #expect(MemoryLayout<Value>.stride == 24, "a reference inline must not make every value larger")
  }

  @Test func typedReadsGiveWrittenValuesAndDefaults() throws {
    let text = """
      pool p {
        vm_size = "Standard_D2s_v3", image = "a/b/c", node_agent = "batch.node.ubuntu 22.04"
        node_fill = pack
        start_task { command = "x", max_wall_clock_typo = 1 }
      }
      """
    let checked = Checker.check(Project(path: "p.batch", text: text)).project
    let pool = try #require(checked.pools.first)
    #expect(pool[\.vmSize] == "Standard_D2s_v3")
    #expect(pool[\.nodeFill] == .pack)
    #expect(pool[\.taskSlotsPerNode] == 1)
    #expect(pool.written(\.taskSlotsPerNode) == nil)
    #expect(pool[\.resizeTimeout] == .minutes(15))
    #expect(pool.has(\.image) && !pool.has(\.customImage))
    let start = try #require(pool.child(\.startTask))
    #expect(start[\.command] == "x")
    #expect(start[\.waitForSuccess] == true)
    #expect(start[\.scope] == .pool)
  }

  private func paramType(_ type: ValueType) -> String? {
    switch type {
    case .integer: "int"
    case .boolean: "bool"
    case .duration: "duration"
    case .string: "string"
    default: nil
    }
  }

}
