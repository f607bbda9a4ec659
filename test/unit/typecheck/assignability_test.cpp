// Table-driven tests of flytec's source assignability (typecheck/assignability.h)
// against Flyte's own (idl::flyteCanAssign): each row is a case Flyte's
// validators/typing.go decides, with flytec's verdict. Whatever flytec
// accepts, Flyte must accept too (flytec may only be stricter).
#include <gtest/gtest.h>

#include "idl/assignability.h"
#include "typecheck/assignability.h"

namespace flytec::tc {
namespace {

using idl::LiteralType;
using T = LiteralType;

struct Row {
  const char* name;
  LiteralType from, to;
  Assign flytec;
  bool flyte;
};

llvm::json::Object schema(const char* title) {
  return llvm::json::Object{{"title", title}, {"type", "object"}, {"properties", llvm::json::Object{{"v", llvm::json::Object{{"type", "integer"}}}}}};
}

std::vector<Row> rows() {
  T color = T::enumOf("Color", {"red", "green"});
  T a = T::structOf("A", schema("A")), b = T::structOf("B", schema("B"));
  return {
      {"identical int", T::integer(), T::integer(), Assign::Ok, true},
      {"int to float (Flyte does not convert)", T::integer(), T::floating(), Assign::IntToFloat, false},
      {"float to int", T::floating(), T::integer(), Assign::Mismatch, false},
      {"T to T?", T::integer(), T::optional(T::integer()), Assign::Ok, true},
      {"none to T?", T::none(), T::optional(T::integer()), Assign::Ok, true},
      {"T? to T", T::optional(T::integer()), T::integer(), Assign::Mismatch, false},
      {"str to union[int, str]", T::string(), T::unionOf({T::integer(), T::string()}), Assign::Ok, true},
      {"bool to union[int, str]", T::boolean(), T::unionOf({T::integer(), T::string()}), Assign::Mismatch, false},
      {"none to union[int?, str?] (ambiguous)", T::none(),
       T::unionOf({T::optional(T::integer()), T::optional(T::string())}), Assign::AmbiguousUnion, false},
      {"union to wider union", T::unionOf({T::integer(), T::string()}),
       T::unionOf({T::string(), T::integer(), T::none()}), Assign::Ok, true},
      {"union to narrower union", T::unionOf({T::integer(), T::string()}), T::unionOf({T::integer(), T::none()}),
       Assign::Mismatch, false},
      {"enum to str", color, T::string(), Assign::Ok, true},
      {"str to enum (run-time check)", T::string(), color, Assign::StrToEnum, true},
      {"enum to other enum", color, T::enumOf("Shade", {"dark"}), Assign::Mismatch, false},
      {"list[int] to list[int]", T::list(T::integer()), T::list(T::integer()), Assign::Ok, true},
      {"list[int] to list[int?]", T::list(T::integer()), T::list(T::optional(T::integer())), Assign::Ok, true},
      {"list[int?] to list[int]", T::list(T::optional(T::integer())), T::list(T::integer()), Assign::Mismatch, false},
      {"list[int] to list[float]", T::list(T::integer()), T::list(T::floating()), Assign::IntToFloat, false},
      {"dict[str,int] to dict[str,int]", T::dict(T::integer()), T::dict(T::integer()), Assign::Ok, true},
      {"dict to list", T::dict(T::integer()), T::list(T::integer()), Assign::Mismatch, false},
      {"file to file", T::file(), T::file(), Assign::Ok, true},
      {"file to dir (stricter than Flyte)", T::file(), T::dir(), Assign::Mismatch, true},
      {"file csv to file", T::file("csv"), T::file(), Assign::Ok, true},
      {"same struct", a, a, Assign::Ok, true},
      {"struct A to struct B (nominal)", a, b, Assign::Mismatch, false},
      {"int to str", T::integer(), T::string(), Assign::Mismatch, false},
      {"datetime to duration", T::datetime(), T::duration(), Assign::Mismatch, false},
  };
}

TEST(SourceAssignability, TableAgainstFlyte) {
  for (const Row& r : rows()) {
    SCOPED_TRACE(r.name);
    EXPECT_EQ(sourceAssign(r.from, r.to), r.flytec);
    EXPECT_EQ(idl::flyteCanAssign(r.from, r.to), r.flyte);
    // flytec is never looser than Flyte.
    if (r.flytec == Assign::Ok || r.flytec == Assign::StrToEnum) EXPECT_TRUE(idl::flyteCanAssign(r.from, r.to));
  }
}

}  // namespace
}  // namespace flytec::tc
