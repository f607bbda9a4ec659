// support::closestName: the nearest candidate within each candidate's limit.
#include "support/closest_name.h"

#include <gtest/gtest.h>

namespace {

using flytec::support::closestName;

unsigned two(llvm::StringRef) { return 2; }

TEST(ClosestName, PicksTheNearest) {
  EXPECT_EQ(closestName("retires", {"image", "retries", "requests"}, two), "retries");
  EXPECT_EQ(closestName("reqests", {"requests", "request"}, two), "requests");
}

TEST(ClosestName, FirstOnATie) {
  EXPECT_EQ(closestName("ab", {"ax", "xb"}, two), "ax");
  EXPECT_EQ(closestName("ab", {"xb", "ax"}, two), "xb");
}

TEST(ClosestName, NoneBeyondTheLimit) {
  EXPECT_EQ(closestName("cpu", {"memory", "ephemeral_storage"}, two), "");
  EXPECT_EQ(closestName("x", {}, two), "");
}

TEST(ClosestName, TheLimitIsPerCandidate) {
  auto third = [](llvm::StringRef c) { return static_cast<unsigned>(std::max<size_t>(1, c.size() / 3)); };
  // Two edits from `squares` (a limit of 7 / 3 = 2), five from `sq` (a limit of 1).
  EXPECT_EQ(closestName("sqares_", {"sq", "squares"}, third), "squares");
  EXPECT_EQ(closestName("abc", {"xyz"}, third), "");
}

}  // namespace
