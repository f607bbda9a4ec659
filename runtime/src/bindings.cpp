// Binding resolution (see bindings.h). Struct fields reached by attr_path
// become literals by their JSON kind (an integral number becomes an int, as
// Flyte's resolver produces for a dataclass int field).
#include "runtime/bindings.h"

#include <cmath>

#include "idl/struct_json.h"

namespace flytec::rt {

using flyteidl::core::BindingData;
using flyteidl::core::Literal;
using flyteidl::core::LiteralMap;

namespace {

Literal fromStructValue(const google::protobuf::Value& v) {
  Literal l;
  switch (v.kind_case()) {
    case google::protobuf::Value::kNumberValue: {
      double d = v.number_value();
      if (std::trunc(d) == d && std::fabs(d) < 9e15)
        l.mutable_scalar()->mutable_primitive()->set_integer(static_cast<int64_t>(d));
      else
        l.mutable_scalar()->mutable_primitive()->set_float_value(d);
      break;
    }
    case google::protobuf::Value::kStringValue:
      l.mutable_scalar()->mutable_primitive()->set_string_value(v.string_value());
      break;
    case google::protobuf::Value::kBoolValue:
      l.mutable_scalar()->mutable_primitive()->set_boolean(v.bool_value());
      break;
    case google::protobuf::Value::kStructValue: *l.mutable_scalar()->mutable_generic() = v.struct_value(); break;
    case google::protobuf::Value::kListValue:
      for (const auto& e : v.list_value().values()) *l.mutable_collection()->add_literals() = fromStructValue(e);
      break;
    default: l.mutable_scalar()->mutable_none_type(); break;
  }
  return l;
}

}  // namespace

std::string promiseNode(const flyteidl::core::OutputReference& ref) {
  return ref.node_id() == "start-node" ? std::string() : ref.node_id();
}

std::optional<Literal> applyAttrPath(const Literal& value,
                                     const google::protobuf::RepeatedPtrField<flyteidl::core::PromiseAttribute>& path,
                                     BindingProblem& problem) {
  using Reason = BindingProblem::Reason;
  Literal cur = value;
  for (const auto& attr : path) {
    // Unions are transparent to indexing.
    while (cur.has_scalar() && cur.scalar().has_union_()) cur = Literal(cur.scalar().union_().value());
    if (attr.value_case() == flyteidl::core::PromiseAttribute::kIntValue) {
      int idx = attr.int_value();
      if (!cur.has_collection()) return problem = {Reason::IndexNotList, std::to_string(idx)}, std::nullopt;
      if (idx < 0 || idx >= cur.collection().literals_size())
        return problem = {Reason::IndexOutOfRange, std::to_string(idx),
                          std::to_string(cur.collection().literals_size())},
               std::nullopt;
      cur = Literal(cur.collection().literals(idx));
      continue;
    }
    const std::string& key = attr.string_value();
    if (cur.has_map()) {
      auto it = cur.map().literals().find(key);
      if (it == cur.map().literals().end()) return problem = {Reason::KeyNotInDict, key}, std::nullopt;
      cur = Literal(it->second);
    } else if (cur.has_scalar() && cur.scalar().has_generic()) {
      const auto& fields = cur.scalar().generic().fields();
      auto it = fields.find(key);
      if (it == fields.end()) return problem = {Reason::FieldNotInStruct, key}, std::nullopt;
      cur = fromStructValue(it->second);
    } else {
      return problem = {Reason::KeyOnScalar, key}, std::nullopt;
    }
  }
  return cur;
}

std::optional<Literal> resolveBinding(const BindingData& b, const OutputLookup& lookup, BindingProblem& problem) {
  using Reason = BindingProblem::Reason;
  switch (b.value_case()) {
    case BindingData::kScalar: {
      Literal l;
      *l.mutable_scalar() = b.scalar();
      return l;
    }
    case BindingData::kCollection: {
      Literal l;
      auto* coll = l.mutable_collection();
      for (const auto& e : b.collection().bindings()) {
        auto v = resolveBinding(e, lookup, problem);
        if (!v) return std::nullopt;
        *coll->add_literals() = std::move(*v);
      }
      return l;
    }
    case BindingData::kMap: {
      Literal l;
      auto* map = l.mutable_map()->mutable_literals();
      for (const auto& [k, e] : b.map().bindings()) {
        auto v = resolveBinding(e, lookup, problem);
        if (!v) return std::nullopt;
        (*map)[k] = std::move(*v);
      }
      return l;
    }
    case BindingData::kPromise: {
      const auto& p = b.promise();
      const Literal* v = lookup(promiseNode(p), p.var());
      if (!v) {
        problem = promiseNode(p).empty() ? BindingProblem{Reason::NoWorkflowInput, p.var()}
                                         : BindingProblem{Reason::NoNodeOutput, p.node_id(), p.var()};
        return std::nullopt;
      }
      if (p.attr_path_size() == 0) return *v;
      return applyAttrPath(*v, p.attr_path(), problem);
    }
    default:
      problem = {Reason::UnsupportedKind};
      return std::nullopt;
  }
}

bool resolveBindings(const google::protobuf::RepeatedPtrField<flyteidl::core::Binding>& bindings,
                     const OutputLookup& lookup, LiteralMap& out, BindingProblem& problem) {
  for (const auto& b : bindings) {
    auto v = resolveBinding(b.binding(), lookup, problem);
    if (!v) {
      problem.var = b.var();
      return false;
    }
    (*out.mutable_literals())[b.var()] = std::move(*v);
  }
  return true;
}

}  // namespace flytec::rt
