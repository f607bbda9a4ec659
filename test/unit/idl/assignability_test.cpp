// Table-driven tests of flyteCanAssign against the decisions of Flyte's
// validators/typing.go (v1.16.5): each row is upstream, downstream, Flyte's
// answer. Spelling and conversion of types are tested in literal_type_test.cpp.
#include "idl/assignability.h"

#include <gtest/gtest.h>

using namespace flytec::idl;
using LT = LiteralType;

namespace {

llvm::json::Object schemaA() {
  return llvm::json::Object{{"title", "A"}, {"type", "object"},
                            {"properties", llvm::json::Object{{"x", llvm::json::Object{{"type", "integer"}}}}}};
}
llvm::json::Object schemaB() {
  return llvm::json::Object{{"title", "B"}, {"type", "object"},
                            {"properties", llvm::json::Object{{"y", llvm::json::Object{{"type", "string"}}}}}};
}

LT tagged(LT t, std::string tag) { return t.withStructure(TypeStructure{std::move(tag), {}}); }
LT color() { return LT::enumOf("Color", {"red", "green", "blue"}); }
LT sd(std::string format, std::vector<DatasetColumn> cols = {}) {
  return LT::structuredDataset(std::move(cols), std::move(format));
}

struct Case {
  const char* what;
  LT up;
  LT down;
  bool flyte;
};

std::vector<Case> cases() {
  const LT i = LT::integer(), f = LT::floating(), s = LT::string(), b = LT::boolean(), n = LT::none();
  return {
      // Simple types: identical only; no numeric conversion.
      {"int to int", i, i, true},
      {"int to float", i, f, false},
      {"float to int", f, i, false},
      {"bool to int", b, i, false},
      {"datetime to datetime", LT::datetime(), LT::datetime(), true},
      {"duration to datetime", LT::duration(), LT::datetime(), false},
      {"metadata ignored on simple types", i.withMetadata(llvm::json::Object{{"k", 1}}), i, true},
      // None.
      {"none to none", n, n, true},
      {"int to none", i, n, false},
      {"none to int", n, i, false},
      {"unset to none", LT(), n, false},
      {"unset to unset", LT(), LT(), true},
      {"unset to int", LT(), i, false},
      {"int to unset", i, LT(), false},
      // Enums and strings are interchangeable.
      {"enum to str", color(), s, true},
      {"str to enum", s, color(), true},
      {"enum to same enum", color(), color(), true},
      {"enum to same values, other name", color(), LT::enumOf("Other", {"red", "green", "blue"}), true},
      {"enum to other values", color(), LT::enumOf("C2", {"red", "green"}), false},
      {"enum values order matters", color(), LT::enumOf("C3", {"blue", "green", "red"}), false},
      {"int to enum", i, color(), false},
      {"enum to int", color(), i, false},
      {"list[enum] to list[str]", LT::list(color()), LT::list(s), true},
      // Collections: recursion, and empty collections match any.
      {"list[int] to list[int]", LT::list(i), LT::list(i), true},
      {"list[int] to list[float]", LT::list(i), LT::list(f), false},
      {"list[none] (empty list) to list[int]", LT::list(n), LT::list(i), true},
      {"list[list[none]] to list[list[int]]", LT::list(LT::list(n)), LT::list(LT::list(i)), true},
      {"list[list[int]] to list[list[str]]", LT::list(LT::list(i)), LT::list(LT::list(s)), false},
      {"list[int] to int", LT::list(i), i, false},
      {"int to list[int]", i, LT::list(i), false},
      {"list[int] to dict[str, int]", LT::list(i), LT::dict(i), false},
      {"list[int] to list[int?]", LT::list(i), LT::list(LT::optional(i)), true},
      {"list[union[int]] to list[int] (no unwrapping inside)", LT::list(LT::unionOf({i})), LT::list(i), false},
      // Maps.
      {"dict[int] to dict[int]", LT::dict(i), LT::dict(i), true},
      {"dict[none] (empty dict) to dict[str]", LT::dict(n), LT::dict(s), true},
      {"dict[int] to dict[str]", LT::dict(i), LT::dict(s), false},
      {"dict[list[int]] to dict[list[int]]", LT::dict(LT::list(i)), LT::dict(LT::list(i)), true},
      {"dict[int] to list[int]", LT::dict(i), LT::list(i), false},
      // Unions.
      {"int to int?", i, LT::optional(i), true},
      {"none to int?", n, LT::optional(i), true},
      {"str to int?", s, LT::optional(i), false},
      {"int? to int?", LT::optional(i), LT::optional(i), true},
      {"int? to int", LT::optional(i), i, false},
      {"int? to union[int, none, str]", LT::optional(i), LT::unionOf({i, n, s}), true},
      {"union[int, str] to int?", LT::unionOf({i, s}), LT::optional(i), false},
      {"union[int, str] to union[str, int]", LT::unionOf({i, s}), LT::unionOf({s, i}), true},
      {"int to union[int, int] (ambiguous)", i, LT::unionOf({i, i}), false},
      {"int to union[float, str]", i, LT::unionOf({f, s}), false},
      {"union[int] to int (single variant)", LT::unionOf({i}), i, true},
      {"union[int] to str", LT::unionOf({i}), s, false},
      {"union[] to int? (no variant to check)", LT::unionOf({}), LT::optional(i), true},
      {"enum to union[str, int]", color(), LT::unionOf({s, i}), true},
      {"str to union[Color, str] (ambiguous)", s, LT::unionOf({color(), s}), false},
      {"enum to union[Color, str] (ambiguous)", color(), LT::unionOf({color(), s}), false},
      {"list[int] to list[int]?", LT::list(i), LT::optional(LT::list(i)), true},
      {"list[none] to union[list[int], list[str]] (ambiguous)", LT::list(n),
       LT::unionOf({LT::list(i), LT::list(s)}), false},
      {"union[int, str] to union[int]", LT::unionOf({i, s}), LT::unionOf({i}), false},
      // Blobs: formats, not dimensionality.
      {"file to file", LT::file(), LT::file(), true},
      {"file(csv) to file(csv)", LT::file("csv"), LT::file("csv"), true},
      {"file(csv) to file(json)", LT::file("csv"), LT::file("json"), false},
      {"file(csv) to file(CSV) (case matters)", LT::file("csv"), LT::file("CSV"), false},
      {"file to file(csv)", LT::file(), LT::file("csv"), true},
      {"file(csv) to file", LT::file("csv"), LT::file(), true},
      {"file to dir (Flyte ignores dimensionality)", LT::file(), LT::dir(), true},
      {"dir(zip) to file(csv)", LT::dir("zip"), LT::file("csv"), false},
      {"str to file", s, LT::file(), false},
      {"file to str", LT::file(), s, false},
      // Structs: JSON schemas compared when both have one.
      {"struct without schema to struct with schema", LT::structOf("A", std::nullopt),
       LT::structOf("B", schemaB()), true},
      {"struct with schema to struct without", LT::structOf("A", schemaA()), LT::structOf("B", std::nullopt),
       true},
      {"same schema", LT::structOf("A", schemaA()), LT::structOf("A2", schemaA()), true},
      {"different schemas", LT::structOf("A", schemaA()), LT::structOf("B", schemaB()), false},
      {"empty schema to a schema", LT::structOf("E", llvm::json::Object{}), LT::structOf("A", schemaA()), false},
      {"struct to str", LT::structOf("A", schemaA()), s, false},
      {"str to struct", s, LT::structOf("A", schemaA()), false},
      {"list[A] to list[A]", LT::list(LT::structOf("A", schemaA())), LT::list(LT::structOf("A", schemaA())),
       true},
      // Structure tags.
      {"tag to same tag", tagged(i, "t"), tagged(i, "t"), true},
      {"tag to other tag", tagged(i, "t"), tagged(i, "u"), false},
      {"tag to no tag", tagged(i, "t"), i, false},
      {"no tag to tag", i, tagged(i, "t"), true},
      {"tagged struct to other tag", tagged(LT::structOf("A", std::nullopt), "a"),
       tagged(LT::structOf("A", std::nullopt), "b"), false},
      {"tagged enum to str (enum rule first)", tagged(color(), "c"), s, true},
      {"tag ignored for collections", LT::list(i), tagged(LT::list(i), "t"), true},
      // Structured datasets and legacy schemas.
      {"sd(parquet) to sd(parquet)", sd("parquet"), sd("parquet"), true},
      {"sd(PARQUET) to sd(parquet)", sd("PARQUET"), sd("parquet"), true},
      {"sd(parquet) to sd(csv)", sd("parquet"), sd("csv"), false},
      {"sd() to sd(csv)", sd(""), sd("csv"), true},
      {"none to sd", n, sd("parquet"), true},
      {"int to sd", i, sd("parquet"), false},
      {"sd columns subset", sd("", {{"a", i}, {"b", s}}), sd("", {{"a", i}}), true},
      {"sd missing column", sd("", {{"a", i}}), sd("", {{"b", i}}), false},
      {"sd column type differs", sd("", {{"a", i}}), sd("", {{"a", s}}), false},
      {"sd without columns to sd with", sd(""), sd("", {{"a", i}}), true},
      {"schema to schema subset", LT::schema({{"a", SchemaColumnType::Integer}, {"b", SchemaColumnType::String}}),
       LT::schema({{"b", SchemaColumnType::String}}), true},
      {"schema column type differs", LT::schema({{"a", SchemaColumnType::Integer}}),
       LT::schema({{"a", SchemaColumnType::Float}}), false},
      {"schema to sd(parquet)", LT::schema({{"a", SchemaColumnType::Integer}}), sd("parquet", {{"a", i}}), true},
      {"schema to sd(csv)", LT::schema({}), sd("csv"), false},
      {"sd(parquet) to schema", sd("parquet", {{"a", f}}), LT::schema({{"a", SchemaColumnType::Float}}), true},
      {"sd(csv) to schema", sd("csv"), LT::schema({}), false},
      {"none to schema", n, LT::schema({}), false},
  };
}

TEST(Assignability, FlyteTable) {
  for (const Case& c : cases())
    EXPECT_EQ(flyteCanAssign(c.up, c.down), c.flyte)
        << c.what << ": " << c.up.str() << " -> " << c.down.str();
}

TEST(Assignability, GoEqualFold) {
  EXPECT_TRUE(goEqualFold("Parquet", "pARQUET"));
  EXPECT_TRUE(goEqualFold("", ""));
  EXPECT_FALSE(goEqualFold("a", "ab"));
  EXPECT_FALSE(goEqualFold("ab", "a"));
  EXPECT_TRUE(goEqualFold("k", "\u212A"));        // KELVIN SIGN folds to k
  EXPECT_TRUE(goEqualFold("S", "\u017F"));        // LATIN SMALL LETTER LONG S
  EXPECT_TRUE(goEqualFold("\u00C9t\u00E9", "\u00E9T\u00C9"));
  EXPECT_FALSE(goEqualFold("e", "\u00E9"));
  EXPECT_TRUE(goEqualFold("\xff", "\xfe"));       // both decode as U+FFFD, as in Go
}

} // namespace
