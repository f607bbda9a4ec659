// Struct values against their JSON schema (see struct_schema.h).
#include "runtime/struct_schema.h"

#include <cmath>

#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {

namespace json = llvm::json;

namespace {

std::string shown(const json::Value& v) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << v;
  os.flush();
  if (s.size() > 80) s = s.substr(0, 80) + "...";
  return s;
}

/// `why` at `where`, the path to the value inside the struct ("field `a`",
/// "field `a`.`b`: element 2"); `why` alone at the top.
std::string prefixed(const std::string& where, const std::string& why) {
  return where.empty() ? why : reasonText(reason::at_path, where, why);
}

/// Whether `v` is of JSON schema type `type`.
bool hasType(const json::Value& v, llvm::StringRef type) {
  if (type == "integer") {
    auto d = v.getAsNumber();
    return d && std::trunc(*d) == *d;
  }
  if (type == "number") return v.getAsNumber().hasValue();
  if (type == "string") return v.getAsString().hasValue();
  if (type == "boolean") return v.getAsBoolean().hasValue();
  if (type == "null") return v.kind() == json::Value::Null;
  if (type == "array") return v.getAsArray() != nullptr;
  if (type == "object") return v.getAsObject() != nullptr;
  return true;  // a type this checker does not know
}

std::string article(llvm::StringRef type) {
  if (type == "integer") return "an integer";
  if (type == "array") return "a list";
  if (type == "object") return "an object";
  if (type == "null") return "null";
  return "a " + type.str();
}

std::optional<std::string> check(const json::Value& v, const json::Object& schema, const std::string& where);

std::optional<std::string> checkObject(const json::Object& o, const json::Object& schema, const std::string& where) {
  const json::Object* props = schema.getObject("properties");
  if (const json::Array* required = schema.getArray("required"))
    for (const json::Value& r : *required)
      if (auto name = r.getAsString(); name && !o.get(*name))
        return prefixed(where, reasonText(reason::missing_field, name->str()));
  const json::Value* extra = schema.get("additionalProperties");
  for (const auto& [key, value] : o) {
    std::string at = where.empty() ? "field `" + key.str() + "`" : where + ".`" + key.str() + "`";
    if (const json::Object* p = props ? props->getObject(key) : nullptr) {
      if (auto bad = check(value, *p, at)) return bad;
    } else if (extra && extra->getAsBoolean() == false) {
      return prefixed(where, reasonText(reason::unknown_field, key.str()));
    } else if (const json::Object* each = extra ? extra->getAsObject() : nullptr) {
      if (auto bad = check(value, *each, at)) return bad;
    }
  }
  return std::nullopt;
}

std::optional<std::string> check(const json::Value& v, const json::Object& schema, const std::string& where) {
  if (const json::Array* any = schema.getArray("anyOf")) {
    std::optional<std::string> first;
    for (const json::Value& alt : *any) {
      const json::Object* s = alt.getAsObject();
      if (!s) return std::nullopt;
      auto bad = check(v, *s, where);
      if (!bad) return std::nullopt;
      if (!first) first = bad;
    }
    if (first) return first;
  }
  if (auto type = schema.getString("type"); type && !hasType(v, *type))
    return prefixed(where, reasonText(reason::expected_but_found, article(*type), shown(v)));
  if (const json::Array* members = schema.getArray("enum")) {
    bool found = false;
    for (const json::Value& m : *members) found = found || m == v;
    if (!found) return prefixed(where, reasonText(reason::not_an_enum_member, shown(v)));
  }
  if (const json::Array* arr = v.getAsArray())
    if (const json::Object* items = schema.getObject("items"))
      for (size_t i = 0; i < arr->size(); ++i)
        if (auto bad = check((*arr)[i], *items, prefixed(where, "element " + std::to_string(i)))) return bad;
  if (const json::Object* o = v.getAsObject()) return checkObject(*o, schema, where);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> schemaMismatch(const json::Value& value, const json::Object& schema) {
  return check(value, schema, "");
}

}  // namespace flytec::rt
