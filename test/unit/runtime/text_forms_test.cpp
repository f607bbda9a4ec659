// The three text forms of spec §6 for floats and datetimes, output trimming,
// and Flyte's float32 rounding of min_success_ratio. Covers part of issue
// 18's unit list (files/inputs.json for durations, output caps, cache keys
// are not here yet; see the lit tests in test/run/).
#include <gtest/gtest.h>

#include "runtime/array_node.h"
#include "runtime/literal_text.h"
#include "runtime/output_reader.h"

using namespace flytec::rt;

TEST(TextForms, FloatInline) {
  EXPECT_EQ(goFloatInline(2.0), "2");
  EXPECT_EQ(goFloatInline(0.5), "0.5");
  EXPECT_EQ(goFloatInline(1e6), "1e+06");
  EXPECT_EQ(goFloatInline(1.5e-5), "1.5e-05");
}

TEST(TextForms, FloatFile) {
  EXPECT_EQ(goFloatPlain(2.0), "2");
  EXPECT_EQ(goFloatPlain(0.5), "0.5");
  EXPECT_EQ(goFloatPlain(1e6), "1000000");
  EXPECT_EQ(goFloatPlain(1.5e-5), "0.000015");
}

TEST(TextForms, FloatJson) {
  EXPECT_EQ(goFloatJson(2.0), "2");
  EXPECT_EQ(goFloatJson(0.5), "0.5");
  EXPECT_EQ(goFloatJson(1e6), "1000000");
  EXPECT_EQ(goFloatJson(1.5e-5), "0.000015");
  EXPECT_EQ(goFloatJson(1e-7), "1e-7");
  EXPECT_EQ(goFloatJson(1e21), "1e+21");
}

TEST(TextForms, Datetime) {
  EXPECT_EQ(rfc3339Nano(1704164645, 0), "2024-01-02T03:04:05Z");
  EXPECT_EQ(rfc3339Nano(1704164645, 500000000), "2024-01-02T03:04:05.5Z");
}

TEST(Outputs, Trimming) {
  EXPECT_EQ(trimOutputText(" \t42\n\n"), "42");
  EXPECT_EQ(trimOutputText("\r42\r"), "\r42\r");  // only spaces, tabs, newlines
}

TEST(ArrayNode, Float32Rounding) {
  EXPECT_EQ(minSuccessesForRatio(0.1f, 10), 2u);  // ceil(float32(0.1) * 10)
  EXPECT_EQ(minSuccessesForRatio(0.5f, 10), 5u);
  EXPECT_EQ(minSuccessesForRatio(1.0f, 7), 7u);
}
