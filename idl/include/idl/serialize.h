// Deterministic protobuf serialization: identical messages give identical
// bytes (map fields sorted by key), as flytec's `.pb` entries must be.
// It does not parse; use the messages' own ParseFromString / package_reader.h.
#pragma once

#include <google/protobuf/message_lite.h>

#include <string>

namespace flytec::idl {

/// The wire bytes of `m`, with SetSerializationDeterministic(true).
/// An empty string for an empty message.
std::string serializeDeterministic(const google::protobuf::MessageLite& m);

} // namespace flytec::idl
