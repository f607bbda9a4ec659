// Deterministic serialization of a protobuf message to a string (serialize.h).
#include "idl/serialize.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

namespace flytec::idl {

std::string serializeDeterministic(const google::protobuf::MessageLite& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream sink(&out);
    google::protobuf::io::CodedOutputStream coded(&sink);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
  }  // CodedOutputStream flushes into `out` when destroyed
  return out;
}

} // namespace flytec::idl
