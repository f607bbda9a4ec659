// The generated flyteidl classes register their file descriptors with
// protobuf's generated pool on first use, not at start-up
// (cmake/lazy_descriptors.cmake): a fresh process has none of them until a
// message uses reflection, which then brings its file and every file it
// imports. Each check runs in a re-executed process of its own (death-test
// style "threadsafe"), so that other tests' reflection does not count.
#include <gtest/gtest.h>

#include <cstdlib>

#include "flyteidl/admin/task.pb.h"
#include "flyteidl/core/literals.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"

namespace {

const google::protobuf::Descriptor* find(const char* name) {
  return google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(name);
}

TEST(LazyDescriptors, RegisteredOnFirstReflection) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        bool before = find("flyteidl.core.Literal") || find("flyteidl.core.LiteralType");
        const auto* literal = flyteidl::core::Literal::descriptor();
        // types.proto, which literals.proto imports, comes with it.
        bool after = find("flyteidl.core.Literal") == literal && find("flyteidl.core.LiteralType");
        std::exit(!before && after ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(LazyDescriptors, JsonWorksFromAFreshProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        flyteidl::admin::TaskSpec spec;
        spec.mutable_template_()->mutable_id()->set_name("t");
        spec.mutable_template_()->mutable_interface()->mutable_inputs();
        std::string json;
        bool ok = google::protobuf::util::MessageToJsonString(spec, &json).ok();
        flyteidl::admin::TaskSpec back;
        ok = ok && google::protobuf::util::JsonStringToMessage(json, &back).ok();
        std::exit(ok && back.template_().id().name() == "t" ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
