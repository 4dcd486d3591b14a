// JSON-RPC and LSP error codes, and the error a handler throws to answer with one.

internal import BatchSpecCore

/// An error answered to a request: a JSON-RPC or LSP error code and a message.
package struct ResponseError: Error, Sendable, Equatable {
  /// The code.
  package var code: Int
  /// What went wrong.
  package var message: String

  /// Creates an error.
  package init(_ code: Int, _ message: String) {
    self.code = code
    self.message = message
  }

  /// -32700: the body is not JSON.
  package static func parseError(_ message: String) -> ResponseError { ResponseError(-32700, message) }
  /// -32600: JSON that is not a valid request.
  package static func invalidRequest(_ message: String) -> ResponseError { ResponseError(-32600, message) }
  /// -32601: no such method.
  package static func methodNotFound(_ method: String) -> ResponseError {
    ResponseError(-32601, "unknown method `\(method)`")
  }
  /// -32602: the parameters do not fit the method.
  package static func invalidParams(_ message: String) -> ResponseError { ResponseError(-32602, message) }
  /// -32603: the server failed.
  package static func internalError(_ message: String) -> ResponseError { ResponseError(-32603, message) }
  /// -32002: a request before `initialize`.
  package static let serverNotInitialized = ResponseError(-32002, "the server is not initialized")
  /// -32800: the client cancelled the request.
  package static let requestCancelled = ResponseError(-32800, "the request was cancelled")
  /// -32803: the request failed for a reason the user should see (rename refused).
  package static func requestFailed(_ message: String) -> ResponseError { ResponseError(-32803, message) }

  /// Not sent: the request is answered with its method's empty result (a request on a
  /// configuration file no loaded project uses).
  package static let nothingToAnswer = ResponseError(0, "nothing to answer")

  /// The `error` member of a response.
  var json: JSON { .object([("code", .integer(code)), ("message", .string(message))]) }
}
