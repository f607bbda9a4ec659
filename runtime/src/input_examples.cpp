// Example values for input messages (see input_examples.h).
#include "runtime/input_examples.h"

#include <map>

#include "runtime/literal_parse.h"

namespace flytec::rt {

using flyteidl::core::LiteralType;

namespace {

std::string simpleExample(flyteidl::core::SimpleType simple) {
  switch (simple) {
    case flyteidl::core::INTEGER: return "1";
    case flyteidl::core::FLOAT: return "1.5";
    case flyteidl::core::STRING: return "\"a\"";
    case flyteidl::core::BOOLEAN: return "true";
    case flyteidl::core::DATETIME: return "\"2024-01-31T12:00:00Z\"";
    case flyteidl::core::DURATION: return "\"1h30m\"";
    case flyteidl::core::NONE: return "null";
    default: return "{}";
  }
}

std::string structExample(const LiteralType& type) {
  // Fields in name order, as the JSON schema and dataclass_type list them.
  std::map<std::string, const LiteralType*> fields;
  for (const auto& [name, field] : type.structure().dataclass_type()) fields[name] = &field;
  std::string out = "{";
  for (const auto& [name, field] : fields) out += (out.size() > 1 ? ", \"" : "\"") + name + "\": " + exampleJson(*field);
  return out + "}";
}

}  // namespace

std::string exampleJson(const LiteralType& type) {
  switch (type.type_case()) {
    case LiteralType::kSimple:
      return type.simple() == flyteidl::core::STRUCT ? structExample(type) : simpleExample(type.simple());
    case LiteralType::kBlob:
      return type.blob().dimensionality() == flyteidl::core::BlobType::MULTIPART ? "\"data/\"" : "\"data.txt\"";
    case LiteralType::kCollectionType: {
      std::string e = exampleJson(type.collection_type());
      return "[" + e + ", " + e + "]";
    }
    case LiteralType::kMapValueType: return "{\"a\": " + exampleJson(type.map_value_type()) + "}";
    case LiteralType::kEnumType:
      return type.enum_type().values().empty() ? "\"\"" : "\"" + type.enum_type().values(0) + "\"";
    case LiteralType::kUnionType:
      for (const LiteralType& v : type.union_type().variants())
        if (!acceptsNone(v)) return exampleJson(v);
      return "null";
    default: return "{}";
  }
}

std::string exampleInput(const LiteralType& type) {
  std::string json = exampleJson(type);
  // Scalars, enums and paths are given as bare text; the rest as JSON.
  if (json.size() >= 2 && json.front() == '"' && json.back() == '"') return json.substr(1, json.size() - 2);
  return json;
}

}  // namespace flytec::rt
