// Effective resources against the cases of Flyte v1.16.5's own arithmetic
// (flyteplugins/go/tasks/pluginmachinery/flytek8s/container_helper.go
// AdjustOrDefaultResource / ApplyResourceOverrides, flyteadmin's
// setCompiledTaskDefaults): defaults fill a missing request, the limit
// follows the request, platform limits clamp, an override merges key by key.
#include <gtest/gtest.h>

#include "typecheck/effective_resources.h"

namespace flytec::tc {
namespace {

idl::Quantity q(const char* text) { return *idl::parseQuantity(text); }

std::string text(const std::optional<idl::Quantity>& v) { return v ? v->text() : "unset"; }

TEST(EffectiveResources, NothingDeclaredGetsTheDefaultsWithTheLimitFollowingTheRequest) {
  EffectiveResources e = effectiveResources({}, nullptr, ClusterProfile::flyteDefaults());
  EXPECT_EQ(text(e.requests[ResourceKind::Cpu]), "2");
  EXPECT_EQ(text(e.limits[ResourceKind::Cpu]), "2");
  EXPECT_EQ(text(e.requests[ResourceKind::Memory]), "200Mi");
  EXPECT_EQ(text(e.limits[ResourceKind::Memory]), "200Mi");  // not the 1Gi platform limit
  EXPECT_FALSE(e.requests[ResourceKind::Gpu]);                // gpu only when asked for
  EXPECT_FALSE(e.requests[ResourceKind::EphemeralStorage]);
}

TEST(EffectiveResources, ALimitAloneIsAlsoTheRequest) {
  DeclaredResources d;
  d.limits[ResourceKind::Memory] = q("512Mi");
  EffectiveResources e = effectiveResources(d, nullptr, ClusterProfile::flyteDefaults());
  EXPECT_EQ(text(e.requests[ResourceKind::Memory]), "512Mi");
  EXPECT_EQ(text(e.limits[ResourceKind::Memory]), "512Mi");
}

TEST(EffectiveResources, PlatformLimitsClampRequestAndLimit) {
  DeclaredResources d;
  d.requests[ResourceKind::Cpu] = q("3");
  d.limits[ResourceKind::Cpu] = q("4");
  EffectiveResources e = effectiveResources(d, nullptr, ClusterProfile::flyteDefaults());
  EXPECT_EQ(text(e.requests[ResourceKind::Cpu]), "2");
  EXPECT_EQ(text(e.limits[ResourceKind::Cpu]), "2");
}

TEST(EffectiveResources, AnOverrideRequestIsClampedByTheLimitKeptFromTheTask) {
  ClusterProfile p = ClusterProfile::flyteDefaults();
  p.limits[ResourceKind::Cpu] = q("16");
  DeclaredResources task;
  task.requests[ResourceKind::Cpu] = q("1");
  DeclaredResources override;
  override.requests[ResourceKind::Cpu] = q("4");
  EffectiveResources e = effectiveResources(task, &override, p);
  EXPECT_EQ(text(e.requests[ResourceKind::Cpu]), "1");
  override.limits[ResourceKind::Cpu] = q("4");
  e = effectiveResources(task, &override, p);
  EXPECT_EQ(text(e.requests[ResourceKind::Cpu]), "4");
  EXPECT_EQ(text(e.limits[ResourceKind::Cpu]), "4");
}

TEST(EffectiveResources, GpuLimitsApplyOnlyUnderTheNvidiaResourceName) {
  ClusterProfile p = ClusterProfile::flyteDefaults();  // gpu limit 1
  DeclaredResources d;
  d.requests[ResourceKind::Gpu] = q("2");
  d.limits[ResourceKind::Gpu] = q("2");
  EXPECT_EQ(text(effectiveResources(d, nullptr, p).limits[ResourceKind::Gpu]), "1");
  p.gpuResourceName = "amd.com/gpu";
  // flyteadmin still clamps the task template; propeller no longer does.
  EXPECT_EQ(text(applyAdminDefaults(d, p).limits[ResourceKind::Gpu]), "1");
  DeclaredResources o;
  o.requests[ResourceKind::Gpu] = q("2");
  o.limits[ResourceKind::Gpu] = q("2");
  EXPECT_EQ(text(effectiveResources(d, &o, p).limits[ResourceKind::Gpu]), "2");
}

TEST(EffectiveResources, EphemeralStorageOnlyWhenDeclaredOrDefaulted) {
  ClusterProfile p = ClusterProfile::flyteDefaults();
  EXPECT_FALSE(effectiveResources({}, nullptr, p).requests[ResourceKind::EphemeralStorage]);
  p.defaults[ResourceKind::EphemeralStorage] = q("1Gi");
  EffectiveResources e = effectiveResources({}, nullptr, p);
  EXPECT_EQ(text(e.requests[ResourceKind::EphemeralStorage]), "1Gi");
  EXPECT_EQ(text(e.limits[ResourceKind::EphemeralStorage]), "1Gi");
}

TEST(EffectiveResources, ZeroMeansUnset) {
  ClusterProfile p = ClusterProfile::flyteDefaults();
  p.defaults[ResourceKind::Cpu] = q("0");
  EffectiveResources e = effectiveResources({}, nullptr, p);
  EXPECT_FALSE(e.requests[ResourceKind::Cpu]);
  EXPECT_FALSE(e.limits[ResourceKind::Cpu]);
}

}  // namespace
}  // namespace flytec::tc
