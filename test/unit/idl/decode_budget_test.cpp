// The decoding budget (idl/decode_budget.h) and printableName: the estimate
// is an upper bound of what protobuf really allocates (compared with
// SpaceUsedLong of the decoded message), it grows with empty nested
// messages as they amplify, it stops early, and malformed or deeply nested
// wire bytes end the walk instead of the process.
#include "idl/decode_budget.h"
#include "idl/package_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "flyteidl/admin/workflow.pb.h"

using namespace flytec::idl;

namespace {

// A function, not a global: a global would register the descriptors at
// start-up, which lazy_descriptors_test.cpp checks does not happen.
const google::protobuf::Descriptor& workflowSpec() { return *flyteidl::admin::WorkflowSpec::descriptor(); }

// A WorkflowSpec whose template holds `n` empty nodes, as wire bytes.
std::string emptyNodes(size_t n) {
  flyteidl::admin::WorkflowSpec spec;
  for (size_t i = 0; i < n; ++i) spec.mutable_template_()->add_nodes();
  return spec.SerializeAsString();
}

TEST(DecodeBudget, IsAnUpperBoundOfWhatProtobufAllocates) {
  flyteidl::admin::WorkflowSpec spec;
  auto* t = spec.mutable_template_();
  t->mutable_id()->set_name(std::string(100, 'w'));
  for (int i = 0; i < 50; ++i) {
    auto* n = t->add_nodes();
    n->set_id("node-" + std::to_string(i));
    n->add_upstream_node_ids("a");
    n->mutable_task_node()->mutable_reference_id()->set_name("task");
  }
  const std::string wire = spec.SerializeAsString();
  flyteidl::admin::WorkflowSpec decoded;
  ASSERT_TRUE(decoded.ParseFromString(wire));
  const auto estimate = estimateDecodedBytes(workflowSpec(), wire, UINT64_MAX);
  EXPECT_GE(estimate, decoded.SpaceUsedLong());
  EXPECT_LE(estimate, 4 * decoded.SpaceUsedLong());  // and not wildly above it
}

TEST(DecodeBudget, EmptyNestedMessagesAmplify) {
  const std::string wire = emptyNodes(100000);
  EXPECT_LT(wire.size(), 300000u);
  flyteidl::core::Node node;
  EXPECT_GE(estimateDecodedBytes(workflowSpec(), wire, UINT64_MAX), 100000 * node.SpaceUsedLong());
}

TEST(DecodeBudget, StopsAboveTheBudget) {
  const auto estimate = estimateDecodedBytes(workflowSpec(), emptyNodes(100000), 4096);
  EXPECT_GT(estimate, 4096u);
  EXPECT_LT(estimate, 8192u);
}

TEST(DecodeBudget, MalformedAndDeepWireEndTheWalk) {
  EXPECT_GT(estimateDecodedBytes(workflowSpec(), std::string("\x0a\xff\xff\xff\xff\x0f", 6), UINT64_MAX), 0u);
  // 10000 levels of length-delimited field 1 inside field 1 ...: protobuf
  // stops at its recursion limit (100), so does the walk.
  std::string deep;
  for (int i = 0; i < 10000; ++i) {
    std::string len;
    for (size_t n = deep.size(); ; n >>= 7) {
      len += static_cast<char>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      if (n < 0x80) break;
    }
    deep = "\x0a" + len + deep;
  }
  (void)estimateDecodedBytes(workflowSpec(), deep, UINT64_MAX);
  // An unknown group that never ends.
  (void)estimateDecodedBytes(workflowSpec(), std::string(50000, '\x0b'), UINT64_MAX);
}

TEST(DecodeBudget, DecodePackageEntryRefusesAnEntryOverTheBudget) {
  PackageEntry entry;
  std::vector<PackageProblem> problems;
  std::uint64_t cost = 0;
  EXPECT_FALSE(decodePackageEntry("001_wf_2.pb", emptyNodes(10000), entry, problems, 64 << 10, cost));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code(), "E0905");
  problems.clear();
  EXPECT_TRUE(decodePackageEntry("001_wf_2.pb", emptyNodes(10), entry, problems, 64 << 10, cost));
  EXPECT_TRUE(problems.empty());
  EXPECT_GT(cost, 0u);
}

TEST(PrintableName, EscapesControlsKeepsTheRest) {
  EXPECT_EQ(printableName("001_wf_2.pb"), "001_wf_2.pb");
  EXPECT_EQ(printableName("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(printableName("\x1b[31mred\x7f"), "\\x1b[31mred\\x7f");
  EXPECT_EQ(printableName("back\\slash"), "back\\\\slash");
  EXPECT_EQ(printableName("caf\xc3\xa9 \xe2\x9c\x93"), "caf\xc3\xa9 \xe2\x9c\x93");
  EXPECT_EQ(printableName("bad\xff\xc3"), "bad\\xff\\xc3");
  EXPECT_EQ(printableName("\xe2\x80\xae" "evil"), "\\u{202e}evil");  // right-to-left override
  EXPECT_EQ(printableName("\xc2\x9b" "1m"), "\\u{009b}1m");          // C1 CSI
}

}  // namespace
