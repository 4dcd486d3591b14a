// What each syntax code (BS1xxx) flags, why, an example and its fix, with the headings of a
// rule's documentation, so `explain`, hover and SARIF render them as they render rules.

extension DiagnosticCode {
  /// The documentation of the syntax codes, by code.
  static let syntaxDocumentation: [DiagnosticCode: String] = [
    unexpectedCharacter: #"""
    ## What it does
    Reports a character that starts no token: a single quote, `#`, a `-` that begins no name or
    number, or any other character outside names, numbers, strings and punctuation.

    ## Why is this bad?
    The line cannot be read. The parser skips the character and goes on, so what follows may be
    read differently from what was meant.

    ## Example
    ```
    pool render-pool { vm_size = 'Standard_D2s_v3' }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    unterminatedString: #"""
    ## What it does
    Reports a string with no closing `"` before the end of its line. Strings do not span lines:
    write `\n` for a line break.

    ## Why is this bad?
    Everything to the end of the line becomes part of the string, including the `}` or `,` that
    was meant to follow it.

    ## Example
    ```
    job nightly { display_name = "nightly render }
    ```

    ## Use instead
    ```
    job nightly { display_name = "nightly render" }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    unterminatedBlockComment: #"""
    ## What it does
    Reports a `/*` comment with no `*/` after it.

    ## Why is this bad?
    The rest of the file is a comment: every block after it silently disappears.

    ## Example
    ```
    /* the render pool
    pool render-pool { vm_size = "Standard_D2s_v3" }
    ```

    ## Use instead
    ```
    /* the render pool */
    pool render-pool { vm_size = "Standard_D2s_v3" }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    invalidEscape: #"""
    ## What it does
    Reports a backslash in a string that starts no escape the language defines. Strings allow
    `\n`, `\t`, `\r`, `\"`, `\\`, `\$` and `\u{...}` (1 to 6 hex digits).

    ## Why is this bad?
    A Windows path or a regular expression written with single backslashes does not mean what it
    shows: the reader cannot tell which backslashes are escapes.

    ## Example
    ```
    job j { display_name = "C:\data\in" }
    ```

    ## Use instead
    ```
    job j { display_name = "C:\\data\\in" }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    invalidNumber: #"""
    ## What it does
    Reports a number or duration that is malformed (`12abc`, units out of order such as `30m1h`)
    or too large for a 64-bit integer.

    ## Why is this bad?
    The value cannot be read, so the attribute is left unset.

    ## Example
    ```
    job j { max_wall_clock = 30m1h }
    ```

    ## Use instead
    ```
    job j { max_wall_clock = 1h30m }
    ```

    ## Azure limit
    None: this is the language's syntax. Durations become ISO 8601 durations in the payloads.
    """#,
    invalidUTF8: #"""
    ## What it does
    Reports a byte that is not part of a well-formed UTF-8 character, anywhere in a file: in a
    string, a comment or between tokens. Each line is reported once, at its first such byte. A
    byte order mark at the start of a file is UTF-8, and is read as nothing. A file that is not
    text at all (a NUL byte, or more than a quarter control characters or non-UTF-8 bytes in its
    first 4 KB: an executable or an image named `.batch`) is reported once and not parsed.

    ## Why is this bad?
    Specs are UTF-8. A file saved in another encoding (Latin-1 or Windows-1252, most often) has
    its accented letters read as U+FFFD, the replacement character: a display name, a path or a
    command line would reach Azure Batch with other characters than the ones you see.

    ## Example
    A file saved as Windows-1252, where `é` is the single byte 0xE9 (an editor that reads the file
    as UTF-8 shows it as `�`):
    ```
    job j { display_name = "r�sum�" }
    ```

    ## Use instead
    The same file saved as UTF-8, where `é` is the two bytes 0xC3 0xA9. Most editors can save a
    file with another encoding; `iconv -f WINDOWS-1252 -t UTF-8` converts one.
    ```
    job j { display_name = "résumé" }
    ```

    ## Azure limit
    None: this is the language's syntax. Azure Batch's REST API takes JSON, which is Unicode.
    """#,
    expectedClosingBrace: #"""
    ## What it does
    Reports a block whose `{` is never closed. When a later block header starts a line as far left
    as the open block's own header, the block is taken to end there, and the error is reported
    once, where the `}` is missing.

    ## Why is this bad?
    Without the `}`, the blocks that follow would be read as children of the open one.

    ## Example
    ```
    pool render-pool {
      vm_size = "Standard_D2s_v3"

    job render { pool = render-pool }
    ```

    ## Use instead
    ```
    pool render-pool {
      vm_size = "Standard_D2s_v3"
    }

    job render { pool = render-pool }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    expectedEquals: #"""
    ## What it does
    Reports an attribute name followed by a value with no `=` between them, a name alone on its
    line that is neither an attribute nor a block, or a `:` where the `=` goes (`name: value`, as
    YAML and JSON write it, in a block or a map). A `:` is read as the `=`, and the fix writes it.

    ## Why is this bad?
    The file does not check. The value is still read as the attribute's (so it is checked, and a
    required attribute is not also reported missing), but a missing `=` is easy to miss when
    reading, and a name alone on its line sets nothing.

    ## Example
    ```
    pool render-pool {
      vm_size "Standard_D2s_v3"
    }
    ```

    ## Use instead
    ```
    pool render-pool {
      vm_size = "Standard_D2s_v3"
    }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    expectedValue: #"""
    ## What it does
    Reports an `=` with no value after it on its line. A value starts on its `=`'s line, so the
    next line is never taken as the value.

    ## Why is this bad?
    The attribute is not set, and its default, if it has one, applies instead.

    ## Example
    ```
    pool render-pool {
      dedicated_nodes =
    }
    ```

    ## Use instead
    ```
    pool render-pool {
      dedicated_nodes = 2
    }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    unexpectedToken: #"""
    ## What it does
    Reports a token where an attribute, a block or a value must start: a stray `)`, `=` or `}`.
    The rest of its line is skipped. An attribute whose name is in quotes (`"vm_size": "..."`, as
    JSON writes it) is the exception: it is read as the attribute, and the fix takes the quotes off
    (and turns a `:` after it into `=`). A whole file of JSON (a Batch request body saved as a
    spec) is one error, at its first `{` or `[`, that names `batchspec import`.

    ## Why is this bad?
    The line is not read as written; a stray `}` may also close a block too early.

    ## Example
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    expectedSeparator: #"""
    ## What it does
    Reports two attributes, list elements or map entries with neither a line break nor a `,`
    between them, or a second value after an attribute's value.

    ## Why is this bad?
    It is unclear where one value ends; the second one is not read.

    ## Example
    ```
    pool render-pool { vm_size = "Standard_D2s_v3" dedicated_nodes = 2 }
    ```

    ## Use instead
    ```
    pool render-pool { vm_size = "Standard_D2s_v3", dedicated_nodes = 2 }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    expectedClosingBracket: #"""
    ## What it does
    Reports a list, map, index or call whose `]`, `}` or `)` is missing.

    ## Why is this bad?
    The value ends where the parser stops, not where it was meant to: elements may be missing.

    ## Example
    ```
    storage textdata {
      containers = ["books", "counts"
    }
    ```

    ## Use instead
    ```
    storage textdata {
      containers = ["books", "counts"]
    }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    invalidBlockHeader: #"""
    ## What it does
    Reports a block header that is not `kind label { ... }` or `kind label for name in values { ... }`:
    a missing `{`, extra words, or a malformed `for` clause.

    ## Why is this bad?
    The block cannot be read as meant: a sweep without `in` expands to nothing.

    ## Example
    ```
    job render {
      task frame for i 1..3 { command = "render ${i}" }
    }
    ```

    ## Use instead
    ```
    job render {
      task frame for i in 1..3 { command = "render ${i}" }
    }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    invalidParamDeclaration: #"""
    ## What it does
    Reports a `param` declaration that is not `param name: type = default` (the type and the
    default are each optional, but `:` needs a type and `=` a value).

    ## Why is this bad?
    The param is not declared as meant, so its uses may not check.

    ## Example
    ```
    param frames: = 24
    ```

    ## Use instead
    ```
    param frames: int = 24
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    invalidInterpolation: #"""
    ## What it does
    Reports a `${...}` in a string that is empty, has no closing `}`, or holds more than one name
    or expression. Write `\${` for a literal `${`.

    ## Why is this bad?
    The string cannot be expanded, so the value sent to Batch would not be what the spec shows.

    ## Example
    ```
    job render { display_name = "render ${}" }
    ```

    ## Use instead
    ```
    param scene: string = "city"
    job render { display_name = "render ${scene}" }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
    invalidMultilineString: #"""
    ## What it does
    Reports a multi-line string with text after its opening `"""`, a closing `"""` that is not
    alone on its line, or a content line indented less than the closing `"""`.

    ## Why is this bad?
    The closing `"""`'s indentation is what is removed from every line: when the lines do not
    line up with it, what the string holds is not what the spec shows.

    ## Example
    ```
    job render {
      display_name = """nightly
        render
        """
    }
    ```

    ## Use instead
    ```
    job render {
      display_name = """
        nightly
        render
        """
    }
    ```

    ## Azure limit
    None: this is the language's syntax.
    """#,
  ]
}
