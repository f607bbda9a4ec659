// How much memory protobuf would allocate to decode a message, estimated from
// its wire bytes before ParseFromArray runs. A few wire bytes can cost far
// more once decoded: an empty element of a repeated message field is 2 bytes
// on the wire and a whole C++ object (plus a pointer) in memory, so a 64 MiB
// entry of them needed gigabytes. The package reader charges each entry's
// estimate against a budget (E0905) and decodes only what fits.
//
// The walk follows the message's descriptor without recursion (an explicit
// stack, at most protobuf's recursion limit deep) and counts, per field,
// an upper bound of what protobuf's parser allocates for it: the object of a
// nested message, the std::string of a string/bytes field, the slots of a
// repeated scalar, an unknown field's record. It does not decode or validate
// anything (ParseFromArray still decides); for wire bytes that are malformed
// it returns what was counted up to that point, which is what the parser
// would have allocated before failing.
#pragma once

#include <cstdint>
#include <string_view>

namespace google::protobuf {
class Descriptor;
}

namespace flytec::idl {

/// Estimated heap bytes protobuf allocates to parse `wire` as `type`. The
/// walk stops as soon as the estimate exceeds `stopAbove` (and returns a
/// value above it), so an oversized entry costs only the bytes read so far.
std::uint64_t estimateDecodedBytes(const google::protobuf::Descriptor& type, std::string_view wire,
                                   std::uint64_t stopAbove);

}  // namespace flytec::idl
