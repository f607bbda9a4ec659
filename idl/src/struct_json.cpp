// google.protobuf.Struct <-> llvm::json (see struct_json.h). Recursion depth is
// bounded by protobuf's own parse depth limit for decoded messages.
#include "idl/struct_json.h"

namespace flytec::idl {

llvm::json::Value jsonFromProto(const google::protobuf::Value& v) {
  switch (v.kind_case()) {
  case google::protobuf::Value::kNullValue:
  case google::protobuf::Value::KIND_NOT_SET:
    return nullptr;
  case google::protobuf::Value::kNumberValue:
    return v.number_value();
  case google::protobuf::Value::kStringValue:
    return v.string_value();
  case google::protobuf::Value::kBoolValue:
    return v.bool_value();
  case google::protobuf::Value::kStructValue:
    return jsonFromProto(v.struct_value());
  case google::protobuf::Value::kListValue:
    return jsonFromProto(v.list_value());
  }
  return nullptr;
}

llvm::json::Object jsonFromProto(const google::protobuf::Struct& s) {
  llvm::json::Object o;
  for (const auto& [k, v] : s.fields())
    o[k] = jsonFromProto(v);
  return o;
}

llvm::json::Array jsonFromProto(const google::protobuf::ListValue& l) {
  llvm::json::Array a;
  a.reserve(l.values_size());
  for (const auto& v : l.values())
    a.push_back(jsonFromProto(v));
  return a;
}

google::protobuf::Value jsonToProtoValue(const llvm::json::Value& v) {
  google::protobuf::Value out;
  switch (v.kind()) {
  case llvm::json::Value::Null:
    out.set_null_value(google::protobuf::NULL_VALUE);
    break;
  case llvm::json::Value::Boolean:
    out.set_bool_value(*v.getAsBoolean());
    break;
  case llvm::json::Value::Number:
    out.set_number_value(*v.getAsNumber());
    break;
  case llvm::json::Value::String:
    out.set_string_value(v.getAsString()->str());
    break;
  case llvm::json::Value::Array: {
    auto* list = out.mutable_list_value();
    for (const auto& e : *v.getAsArray())
      *list->add_values() = jsonToProtoValue(e);
    break;
  }
  case llvm::json::Value::Object:
    *out.mutable_struct_value() = jsonToProtoStruct(*v.getAsObject());
    break;
  }
  return out;
}

google::protobuf::Struct jsonToProtoStruct(const llvm::json::Object& o) {
  google::protobuf::Struct out;
  auto& fields = *out.mutable_fields();
  for (const auto& [k, v] : o)
    fields[k.str()] = jsonToProtoValue(v);
  return out;
}

} // namespace flytec::idl
