// The SAS tokens of one storage account's URLs. batchspec reaches a storage account one way: by
// its managed identity if it has one, else with its one token (its `sas_token`). So a URL that
// carried a token is reached with the identity other URLs named, and URLs that carried different
// tokens need one that covers them all: both are reported.

/// One URL of a storage account that carried a SAS token.
struct SASUse {
  /// The URL's query: the token, or its `{{VARIABLE}}` placeholder.
  var query: String
  var container: String
  /// The blob, for a blob's URL.
  var blob: String?
  /// Where the URL is.
  var file: String
  var path: String

  /// What messages call the use: `blob \`inputs/x.txt\` (tasks.json at $.value[0]...)`.
  var described: String {
    (blob.map { "blob `\(container)/\($0)`" } ?? "container `\(container)`") + " (\(file) at \(path))"
  }
}

extension ImportState {
  /// Warns of a storage account whose URLs carried SAS tokens that it will not be reached with as
  /// they were: with an identity other URLs named, or with one token where they carried several.
  func warnOfSASTokens(_ name: String, _ entry: ImportedStorage) {
    guard let first = entry.sasUses.first else { return }
    if let identity = entry.identity {
      // At the first URL that carried a token, naming every one and where the identity was given.
      let uses = entry.sasUses.map(\.described).joined(separator: ", ")
      log.warn(
        first.file, first.path,
        "storage `\(name)` is reached with managed identity `\(identity)` (\(entry.identityUse ?? "given")), and batchspec reaches a storage account one way: the URLs that carried a SAS token are reached with that identity instead, and $\(entry.sasVariable ?? name.uppercased() + "_SAS"), which their warnings name, is not used; the pools that run them must hold the identity, with a role on the account that allows what they do. To keep a SAS token, remove `identity` from `storage \(name)`, and all its URLs use the token. The URLs with a token: \(uses)"
      )
      return
    }
    guard let other = entry.sasUses.first(where: { $0.query != first.query }) else { return }
    var tokens: [String] = []
    var uses: [String: [String]] = [:]
    for use in entry.sasUses {
      if uses[use.query] == nil { tokens.append(use.query) }
      uses[use.query, default: []].append(use.described)
    }
    let described = tokens.map { "\(Self.sasScope($0)) for \(uses[$0, default: []].joined(separator: ", "))" }
    let permissions = Set(tokens.flatMap { Self.sasParameter("sp", of: $0) ?? "" }).sorted().map(String.init)
    let containers = Set(entry.sasUses.map(\.container)).sorted()
    let covering =
      containers.count == 1
      ? "a container SAS (`sr=c`) of container `\(first.container)`"
      : "an account SAS (`ss=b`, `srt=co`, as they span containers "
        + containers.map { "`\($0)`" }.joined(separator: ", ") + ")"
    let rights = permissions.isEmpty ? "" : " with permissions " + permissions.map { "`\($0)`" }.joined(separator: ", ")
    log.warn(
      other.file, other.path,
      "the URLs of storage `\(name)` carry \(tokens.count) different SAS tokens, and batchspec reads one for them all, from $\(entry.sasVariable ?? name.uppercased() + "_SAS"): it must be a token that covers every use, \(covering)\(rights); a token like any one of them fails the URLs of the others. The tokens were: \(described.joined(separator: "; "))"
    )
  }

  /// What a SAS token says of its scope and rights (`sr=b&sp=r`), or the variable of a placeholder.
  static func sasScope(_ query: String) -> String {
    if let variable = placeholder(query) { return "$\(variable)" }
    let shown = ["ss", "srt", "sr", "sp", "se"].compactMap { key in
      sasParameter(key, of: query).map { "\(key)=\($0)" }
    }
    return shown.isEmpty ? "one that names no scope" : "`" + shown.joined(separator: "&") + "`"
  }

  /// The value of parameter `key` of a URL's query.
  static func sasParameter(_ key: String, of query: String) -> String? {
    query.split(separator: "&").first { $0.lowercased().hasPrefix(key + "=") }.map {
      String($0.dropFirst(key.count + 1))
    }
  }
}
