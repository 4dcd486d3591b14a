// A small JSON Schema (2020-12) validator covering the keywords grammar/plan.schema.json uses:
// type, const, enum, required, properties, additionalProperties, items, minimum, maximum,
// minLength, pattern, uniqueItems, $ref to #/$defs, allOf and if/then.

import Foundation

struct SchemaValidator {
  let root: [String: Any]

  func validate(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
    var errors: [String] = []
    if let reference = schema["$ref"] as? String {
      let name = String(reference.dropFirst("#/$defs/".count))
      guard let definitions = root["$defs"] as? [String: Any], let target = definitions[name] as? [String: Any] else {
        return ["\(path): unknown $ref \(reference)"]
      }
      errors += validate(value, against: target, at: path)
    }
    if let type = schema["type"] as? String, !matches(value, type) { return ["\(path): not of type \(type)"] }
    if let constant = schema["const"], !equal(value, constant) { errors.append("\(path): not \(constant)") }
    if let options = schema["enum"] as? [Any], !options.contains(where: { equal(value, $0) }) {
      errors.append("\(path): \(value) is not one of \(options)")
    }
    if let object = value as? [String: Any] {
      for key in schema["required"] as? [String] ?? [] where object[key] == nil {
        errors.append("\(path): missing \(key)")
      }
      let properties = schema["properties"] as? [String: Any] ?? [:]
      for (key, member) in object {
        if let propertySchema = properties[key] as? [String: Any] {
          errors += validate(member, against: propertySchema, at: path + "." + key)
        } else if let additional = schema["additionalProperties"] as? [String: Any] {
          errors += validate(member, against: additional, at: path + "." + key)
        } else if let allowed = schema["additionalProperties"] as? Bool, !allowed {
          errors.append("\(path): unexpected property \(key)")
        }
      }
    }
    if let array = value as? [Any] {
      if let items = schema["items"] as? [String: Any] {
        for (i, item) in array.enumerated() { errors += validate(item, against: items, at: "\(path)[\(i)]") }
      }
      if schema["uniqueItems"] as? Bool == true, Set(array.map { "\($0)" }).count != array.count {
        errors.append("\(path): items are not unique")
      }
    }
    if let number = value as? NSNumber, !(value is Bool) {
      if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum {
        errors.append("\(path): < \(minimum)")
      }
      if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum {
        errors.append("\(path): > \(maximum)")
      }
    }
    if let string = value as? String {
      if let minimum = schema["minLength"] as? Int, string.count < minimum { errors.append("\(path): too short") }
      if let pattern = schema["pattern"] as? String, string.range(of: pattern, options: .regularExpression) == nil {
        errors.append("\(path): does not match \(pattern)")
      }
    }
    for part in schema["allOf"] as? [[String: Any]] ?? [] {
      if let condition = part["if"] as? [String: Any], let then = part["then"] as? [String: Any] {
        if validate(value, against: condition, at: path).isEmpty { errors += validate(value, against: then, at: path) }
      } else {
        errors += validate(value, against: part, at: path)
      }
    }
    return errors
  }

  private func matches(_ value: Any, _ type: String) -> Bool {
    switch type {
    case "object": return value is [String: Any]
    case "array": return value is [Any]
    case "string": return value is String
    case "boolean": return isBoolean(value)
    case "integer":
      guard let number = value as? NSNumber, !isBoolean(value) else { return false }
      return number.doubleValue == number.doubleValue.rounded()
    default: return true
    }
  }

  private func isBoolean(_ value: Any) -> Bool {
    guard let number = value as? NSNumber else { return false }
    return String(cString: number.objCType) == "c"
  }

  private func equal(_ a: Any, _ b: Any) -> Bool { "\(a)" == "\(b)" }
}
