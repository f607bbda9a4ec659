// The examples that `--input` errors show: each one is accepted by
// `--input` for its own type (so no message can suggest a value that fails).
#include <gtest/gtest.h>

#include "runtime/input_examples.h"
#include "runtime/literal_parse.h"

using namespace flytec::rt;
using flyteidl::core::LiteralType;

namespace {

LiteralType simple(flyteidl::core::SimpleType t) {
  LiteralType l;
  l.set_simple(t);
  return l;
}

LiteralType listOf(const LiteralType& e) {
  LiteralType l;
  *l.mutable_collection_type() = e;
  return l;
}

LiteralType sampleStruct() {
  LiteralType s = simple(flyteidl::core::STRUCT);
  auto& fields = *s.mutable_structure()->mutable_dataclass_type();
  fields["name"] = simple(flyteidl::core::STRING);
  fields["reads"] = listOf(simple(flyteidl::core::INTEGER));
  return s;
}

void expectAccepted(const LiteralType& type) {
  std::string error;
  ParseContext ctx{{}, false, {}};
  EXPECT_TRUE(literalFromText(exampleInput(type), type, ctx, error).has_value())
      << typeName(type) << ": `" << exampleInput(type) << "`: " << error;
}

TEST(InputExamples, ScalarsAreBareText) {
  EXPECT_EQ(exampleInput(simple(flyteidl::core::STRING)), "a");
  EXPECT_EQ(exampleInput(simple(flyteidl::core::DATETIME)), "2024-01-31T12:00:00Z");
  for (auto t : {flyteidl::core::INTEGER, flyteidl::core::FLOAT, flyteidl::core::STRING, flyteidl::core::BOOLEAN,
                 flyteidl::core::DATETIME, flyteidl::core::DURATION})
    expectAccepted(simple(t));
}

TEST(InputExamples, ContainersAreJson) {
  EXPECT_EQ(exampleInput(listOf(simple(flyteidl::core::STRING))), "[\"a\", \"a\"]");
  LiteralType dict;
  *dict.mutable_map_value_type() = simple(flyteidl::core::FLOAT);
  EXPECT_EQ(exampleInput(dict), "{\"a\": 1.5}");
  expectAccepted(listOf(simple(flyteidl::core::INTEGER)));
  expectAccepted(dict);
}

TEST(InputExamples, StructsListTheirFields) {
  EXPECT_EQ(exampleInput(sampleStruct()), "{\"name\": \"a\", \"reads\": [1, 1]}");
  expectAccepted(sampleStruct());
}

TEST(InputExamples, EnumsNameTheirFirstValue) {
  LiteralType e;
  e.mutable_enum_type()->add_values("red");
  e.mutable_enum_type()->add_values("green");
  EXPECT_EQ(exampleInput(e), "red");
  expectAccepted(e);
}

}  // namespace
