// pathToUri (diagnostics/sarif_renderer.h): SARIF artifact URIs relative to
// the base directory when below it, absolute file URIs otherwise, always
// percent-encoded. The whole log is validated in test/driver/format-sarif.test.
#include <gtest/gtest.h>

#include "diagnostics/sarif_renderer.h"

namespace flytec {
namespace {

TEST(SarifUri, RelativeBelowTheBase) {
  bool relative = false;
  EXPECT_EQ(pathToUri("/repo/wf/a.flyte", "/repo", &relative), "wf/a.flyte");
  EXPECT_TRUE(relative);
  EXPECT_EQ(pathToUri("/repo/wf/../b.flyte", "/repo/", &relative), "b.flyte");
  EXPECT_TRUE(relative);
}

TEST(SarifUri, AbsoluteOutsideTheBase) {
  bool relative = true;
  EXPECT_EQ(pathToUri("/repository/a.flyte", "/repo", &relative), "file:///repository/a.flyte");
  EXPECT_FALSE(relative);
}

TEST(SarifUri, PercentEncoded) {
  bool relative = false;
  EXPECT_EQ(pathToUri("/repo/my flows/é#1.flyte", "/repo", &relative), "my%20flows/%C3%A9%231.flyte");
}

}  // namespace
}  // namespace flytec
