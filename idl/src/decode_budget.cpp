// See decode_budget.h. The costs below are upper bounds for protobuf 3.21's
// generated parsers on 64-bit Linux (malloc rounding included):
//   nested message   sizeof(the class) + 32: the object, its slot in a
//                    RepeatedPtrField (which doubles when it grows), rounding
//   string or bytes  48 + length: a heap std::string and its buffer
//   packed scalars   16 per payload byte: at most one element per byte, 8
//                    bytes per element, doubled by the array's growth
//   repeated scalar  16 per element
//   unknown field    32 for its record, plus 48 + length for a payload
//   map entry        64 for the map's node, plus its key and value
// A singular scalar lives inside its message's object and costs nothing more.
#include "idl/decode_budget.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/message.h>

#include <mutex>
#include <unordered_map>
#include <vector>

namespace flytec::idl {

namespace pb = google::protobuf;

namespace {

constexpr std::uint64_t kMessageOverhead = 32;
constexpr std::uint64_t kStringOverhead = 48;
constexpr std::uint64_t kPackedBytesFactor = 16;
constexpr std::uint64_t kRepeatedScalar = 16;
constexpr std::uint64_t kUnknownField = 32;

enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kStartGroup = 3, kEndGroup = 4, kFixed32 = 5 };

/// What a map entry costs beyond its key and value (walked as its fields):
/// the map's node and bucket slot.
constexpr std::uint64_t kMapNode = 64;

/// sizeof of each message class, from its default instance. A map entry's
/// default instance cannot report its size (SpaceUsedLong dereferences its
/// absent value); its cost is the map node's.
std::uint64_t objectSize(const pb::Descriptor* type) {
  if (type->options().map_entry()) return kMapNode;
  static std::mutex mu;
  static std::unordered_map<const pb::Descriptor*, std::uint64_t> sizes;
  std::lock_guard<std::mutex> lock(mu);
  auto [it, inserted] = sizes.try_emplace(type, 0);
  if (inserted) {
    const pb::Message* proto = pb::MessageFactory::generated_factory()->GetPrototype(type);
    it->second = proto ? proto->SpaceUsedLong() : 256;
  }
  return it->second;
}

/// One message being walked: its type (null inside an unknown group) and
/// where it ends (a byte offset, or the END_GROUP tag of `groupField`).
struct Frame {
  const pb::Descriptor* type;
  std::size_t end;
  std::uint32_t groupField;  // 0 when the frame is length-delimited
};

class Walker {
 public:
  Walker(std::string_view wire, std::uint64_t stopAbove) : w_(wire), stop_(stopAbove) {}

  std::uint64_t run(const pb::Descriptor& type) {
    stack_.push_back({&type, w_.size(), 0});
    while (!stack_.empty() && total_ <= stop_) {
      Frame& f = stack_.back();
      if (pos_ == f.end && f.groupField == 0) {
        stack_.pop_back();
        continue;
      }
      if (pos_ >= f.end || !field(f)) break;  // malformed: the parser stops here too
    }
    return total_;
  }

 private:
  bool varint(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 64 && pos_ < w_.size(); shift += 7) {
      const auto b = static_cast<unsigned char>(w_[pos_++]);
      out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }

  bool skip(std::size_t n, std::size_t end) {
    if (n > end - pos_) return false;
    pos_ += n;
    return true;
  }

  // Reads one field of the innermost frame, counting what it costs and
  // pushing a frame for a nested message or group. False when malformed.
  bool field(const Frame& f) {
    const std::size_t end = f.end;
    std::uint64_t tag;
    if (!varint(tag) || pos_ > end) return false;
    const auto number = static_cast<std::uint32_t>(tag >> 3);
    const int wireType = static_cast<int>(tag & 7);
    if (number == 0) return false;
    if (wireType == kEndGroup) {
      if (f.groupField != number) return false;
      stack_.pop_back();
      return true;
    }
    const pb::FieldDescriptor* fd = f.type ? f.type->FindFieldByNumber(static_cast<int>(number)) : nullptr;
    switch (wireType) {
      case kVarint: {
        std::uint64_t ignored;
        if (!varint(ignored) || pos_ > end) return false;
        return scalar(fd);
      }
      case kFixed64: return skip(8, end) && scalar(fd);
      case kFixed32: return skip(4, end) && scalar(fd);
      case kStartGroup:
        total_ += kUnknownField + kMessageOverhead;  // an unknown group: a nested field set
        return deeper({nullptr, end, number});
      case kLengthDelimited: {
        std::uint64_t len;
        if (!varint(len) || pos_ > end || len > end - pos_) return false;
        return lengthDelimited(fd, static_cast<std::size_t>(len));
      }
      default: return false;
    }
  }

  bool scalar(const pb::FieldDescriptor* fd) {
    if (!fd || fd->type() == pb::FieldDescriptor::TYPE_MESSAGE || fd->type() == pb::FieldDescriptor::TYPE_GROUP ||
        fd->type() == pb::FieldDescriptor::TYPE_STRING || fd->type() == pb::FieldDescriptor::TYPE_BYTES)
      total_ += kUnknownField;  // unknown, or a wire type its field does not have
    else if (fd->is_repeated())
      total_ += kRepeatedScalar;
    return true;
  }

  // objectSize behind a one-entry cache: repeated elements are one type.
  std::uint64_t sizeOf(const pb::Descriptor* type) {
    if (type != lastType_) {
      lastType_ = type;
      lastSize_ = objectSize(type);
    }
    return lastSize_;
  }

  bool lengthDelimited(const pb::FieldDescriptor* fd, std::size_t len) {
    if (fd && fd->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      total_ += sizeOf(fd->message_type()) + kMessageOverhead;
      return deeper({fd->message_type(), pos_ + len, 0});
    }
    if (fd && fd->is_packable() && fd->is_repeated())
      total_ += kPackedBytesFactor * len;
    else if (fd && (fd->type() == pb::FieldDescriptor::TYPE_STRING || fd->type() == pb::FieldDescriptor::TYPE_BYTES))
      total_ += kStringOverhead + len;
    else
      total_ += kUnknownField + kStringOverhead + len;
    pos_ += len;
    return true;
  }

  // Protobuf refuses messages nested deeper than its recursion limit; so
  // does the walk, which keeps the stack small.
  bool deeper(Frame f) {
    if (stack_.size() > static_cast<std::size_t>(pb::io::CodedInputStream::GetDefaultRecursionLimit())) return false;
    stack_.push_back(f);
    return true;
  }

  std::string_view w_;
  std::uint64_t stop_;
  std::size_t pos_ = 0;
  std::uint64_t total_ = 0;
  std::vector<Frame> stack_;
  const pb::Descriptor* lastType_ = nullptr;
  std::uint64_t lastSize_ = 0;
};

}  // namespace

std::uint64_t estimateDecodedBytes(const pb::Descriptor& type, std::string_view wire, std::uint64_t stopAbove) {
  return Walker(wire, stopAbove).run(type) + objectSize(&type);
}

}  // namespace flytec::idl
