// LiteralType: spelling (str), equality, copies, and the round trip through
// flyteidl core.LiteralType, including every type in the snacks-core
// reference package when it is present. Assignability is tested elsewhere.
#include "idl/literal_type.h"
#include "idl/package_reader.h"
#include "idl/type_conversion.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>

using namespace flytec::idl;
using LT = LiteralType;

namespace {

llvm::json::Object pointSchema() {
  return llvm::json::Object{{"title", "Point"}, {"type", "object"}, {"required", llvm::json::Array{"x", "y"}},
                            {"properties", llvm::json::Object{{"x", llvm::json::Object{{"type", "number"}}},
                                                              {"y", llvm::json::Object{{"type", "number"}}}}}};
}

TEST(LiteralType, Spelling) {
  EXPECT_EQ(LT::integer().str(), "int");
  EXPECT_EQ(LT::floating().str(), "float");
  EXPECT_EQ(LT::string().str(), "str");
  EXPECT_EQ(LT::boolean().str(), "bool");
  EXPECT_EQ(LT::datetime().str(), "datetime");
  EXPECT_EQ(LT::duration().str(), "duration");
  EXPECT_EQ(LT::none().str(), "none");
  EXPECT_EQ(LT::file().str(), "file");
  EXPECT_EQ(LT::dir().str(), "dir");
  EXPECT_EQ(LT::file("csv").str(), "file(csv)");
  EXPECT_EQ(LT::list(LT::integer()).str(), "list[int]");
  EXPECT_EQ(LT::dict(LT::list(LT::string())).str(), "dict[str, list[str]]");
  EXPECT_EQ(LT::unionOf({LT::integer(), LT::string()}).str(), "union[int, str]");
  EXPECT_EQ(LT::optional(LT::integer()).str(), "int?");
  EXPECT_EQ(LT::unionOf({LT::none(), LT::file()}).str(), "file?");
  EXPECT_EQ(LT::unionOf({LT::integer(), LT::string(), LT::none()}).str(), "union[int, str, none]");
  EXPECT_EQ(LT::enumOf("Color", {"red"}).str(), "Color");
  EXPECT_EQ(LT::enumOf("", {"red", "green"}).str(), "enum{red, green}");
  EXPECT_EQ(LT::structOf("Point", pointSchema()).str(), "Point");
  EXPECT_EQ(LT::structOf("", std::nullopt).str(), "struct");
  EXPECT_EQ(LT::structuredDataset({}, "parquet").str(), "structured_dataset(parquet)");
  EXPECT_EQ(LT().str(), "<unset>");
}

TEST(LiteralType, EqualityAndCopies) {
  const LT a = LT::list(LT::optional(LT::structOf("Point", pointSchema())));
  const LT b = a;  // shares the tree
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, LT::list(LT::optional(LT::structOf("Point", pointSchema()))));
  EXPECT_NE(a, LT::list(LT::optional(LT::structOf("Other", pointSchema()))));
  EXPECT_NE(LT::file(), LT::dir());
  EXPECT_NE(LT::integer(), LT::integer().withMetadata(llvm::json::Object{}));
  EXPECT_NE(LT::enumOf("C", {"a", "b"}), LT::enumOf("C", {"b", "a"}));
  EXPECT_EQ(LT(), LT());
  EXPECT_TRUE(LT::none().isNone());
  EXPECT_FALSE(LT().isNone());
  EXPECT_EQ(LT::integer().elementType(), LT());
  EXPECT_EQ(a.elementType().variants().size(), 2u);
}

TEST(LiteralType, RoundTripThroughProto) {
  const std::vector<LT> types = {
      LT(),
      LT::integer(),
      LT::none(),
      LT::simple(SimpleType::Binary),
      LT::simple(SimpleType::Error),
      LT::simple(static_cast<SimpleType>(42)),  // unknown wire value kept
      LT::file("csv"),
      LT::dir(),
      LT::list(LT::list(LT::floating())),
      LT::dict(LT::optional(LT::string())),
      LT::unionOf({}),
      LT::enumOf("", {"a", "b"}),
      LT::structOf("Point", pointSchema()),  // name comes back from the schema's title
      LT::structOf("", std::nullopt),
      LT::schema({{"a", SchemaColumnType::Integer}, {"b", SchemaColumnType::Duration}}),
      LT::structuredDataset({{"x", LT::integer()}, {"y", LT::list(LT::string())}}, "parquet", "arrow", "\x01\x02"),
      LT::integer().withAnnotation(llvm::json::Object{{"cache", true}}),
      LT::structOf("", std::nullopt)
          .withStructure(TypeStructure{"Tag", {{"a", LT::integer()}, {"b", LT::list(LT::file())}}}),
      LT::list(LT::integer()).withMetadata(llvm::json::Object{{"n", 1.5}, {"l", llvm::json::Array{nullptr, "s"}}}),
  };
  for (const LT& t : types) {
    const flyteidl::core::LiteralType p = toProto(t);
    EXPECT_EQ(fromProto(p), t) << t.str() << "\n" << p.DebugString();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(toProto(fromProto(p)), p)) << p.DebugString();
  }
}

TEST(LiteralType, NamesAreNotWritten) {
  // flyteidl has no slot for an enum's name: it does not survive the trip.
  const LT e = LT::enumOf("Color", {"red"});
  EXPECT_EQ(fromProto(toProto(e)), LT::enumOf("", {"red"}));
  flyteidl::core::LiteralType p;
  p.set_simple(flyteidl::core::STRUCT);
  EXPECT_EQ(fromProto(p), LT::structOf("", std::nullopt));
}

// Every variable type in the reference package survives proto -> C++ -> proto.
TEST(LiteralType, RoundTripSnacksCore) {
  const std::string dir = std::string(FLYTEC_SOURCE_DIR) + "/../shared/flyte-reference/snacks-core";
  if (!std::filesystem::is_directory(dir))
    GTEST_SKIP() << dir << " is absent";
  const PackageReadResult r = readPackage(dir);
  ASSERT_FALSE(r.hasErrors());
  int checked = 0;
  auto check = [&](const flyteidl::core::TypedInterface& iface) {
    for (const auto* vm : {&iface.inputs(), &iface.outputs()})
      for (const auto& [name, var] : vm->variables()) {
        const LT t = fromProto(var.type());
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(toProto(t), var.type()))
            << name << ": " << var.type().DebugString();
        EXPECT_NE(t.str(), "<unset>");
        ++checked;
      }
  };
  for (const auto& e : r.package.entries) {
    if (const auto* t = e.task())
      check(t->template_().interface());
    if (const auto* w = e.workflow())
      check(w->template_().interface());
  }
  EXPECT_GT(checked, 50);
}

} // namespace
