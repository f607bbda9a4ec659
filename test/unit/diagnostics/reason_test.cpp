// The catalogue's reasons: worded from their rows, by constant or by name
// (as the Dask bridge sends them), and refused by name with another number
// of values than their wording takes.
#include <gtest/gtest.h>

#include <set>

#include "diagnostics/diagnostic_reason.h"

namespace flytec {
namespace {

TEST(Reasons, WordedFromTheirRows) {
  EXPECT_EQ(reasonText(reason::expected_but_found, "an integer", "x"), "expected an integer, found `x`");
  EXPECT_EQ(reasonText(reason::at_element, 2, reasonText(reason::at_key, "k", reasonText(reason::path_empty))),
            "element 2: key `k`: expected a path, found an empty string");
}

TEST(Reasons, ByNameAsAnotherProcessSendsThem) {
  EXPECT_EQ(reasonTextByName("dask_could_not_run", {"KilledWorker", "it died"}),
            "Dask could not run it: KilledWorker: it died");
  EXPECT_EQ(reasonTextByName("dask_result_lost", {}), "Dask lost its result");
  EXPECT_FALSE(reasonTextByName("dask_result_lost", {"extra"}));
  EXPECT_FALSE(reasonTextByName("dask_could_not_run", {"only one"}));
  EXPECT_FALSE(reasonTextByName("no_such_reason", {}));
  // A value is never read as a format: braces in it stay as they are.
  EXPECT_EQ(reasonTextByName("staged_unwritable", {"{} {0}"}), "cannot write what the worker sent back: {} {0}");
}

TEST(Reasons, NamesAreUniqueAndWordingsFollowTheMessageRules) {
  std::set<std::string_view> names;
  for (const ReasonInfo& r : allReasons()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    ASSERT_FALSE(r.format.empty()) << r.name;
    EXPECT_NE(r.format.back(), '.') << r.name << ": no trailing period";
  }
  EXPECT_EQ(names.size(), allReasons().size());
}

}  // namespace
}  // namespace flytec
