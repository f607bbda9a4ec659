// Conversions between google.protobuf.Struct/Value/ListValue and llvm::json.
//
// Flyte keeps JSON-like data in protobuf Structs: a struct type's JSON schema
// (LiteralType.metadata), type annotations, struct values (scalar.generic),
// plugin `custom` fields. Numbers are doubles in a Struct; integers given as
// llvm::json integers are written as doubles. It does not parse JSON text;
// llvm::json::parse does that.
#pragma once

#include <google/protobuf/struct.pb.h>
#include <llvm/Support/JSON.h>

namespace flytec::idl {

/// A protobuf Value as JSON (null, bool, number, string, list, object).
/// A Value with no kind set reads as null.
llvm::json::Value jsonFromProto(const google::protobuf::Value& v);
/// A protobuf Struct as a JSON object.
llvm::json::Object jsonFromProto(const google::protobuf::Struct& s);
/// A protobuf ListValue as a JSON array.
llvm::json::Array jsonFromProto(const google::protobuf::ListValue& l);

/// JSON to a protobuf Value.
google::protobuf::Value jsonToProtoValue(const llvm::json::Value& v);
/// A JSON object to a protobuf Struct.
google::protobuf::Struct jsonToProtoStruct(const llvm::json::Object& o);

} // namespace flytec::idl
