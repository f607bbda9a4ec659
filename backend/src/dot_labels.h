// Label text for the DOT writer, private to the backend: what a node's label
// lines say (resources, literal inputs, the mapped task) and how long a line
// may get. DOT quoting itself is public (backend/dot_writer.h: dotQuote).
#pragma once

#include <string>
#include <vector>

#include "flyteidl/core/literals.pb.h"
#include "flyteidl/core/tasks.pb.h"

namespace flytec::tc {
struct ClusterProfile;
}

namespace flytec::backend {

/// Longest label line, in bytes, before it is cut or left out.
inline constexpr size_t kMaxLineBytes = 40;

/// `s` cut to at most kMaxLineBytes, at a UTF-8 boundary, with `...` when cut.
std::string shorten(std::string s);

/// Appends `req cpu=.. mem=..` and `lim ...` lines, each only when it fits.
void appendResources(const flyteidl::core::Resources& r, std::vector<std::string>& lines);

/// Appends `eff cpu=r/l ...` (the effective requests/limits on `profile` of a
/// container task with `task` resources and the node's `override`, or null),
/// cut to a line's length.
void appendEffective(const flyteidl::core::Resources& task, const flyteidl::core::Resources* override,
                     const tc::ClusterProfile& profile, std::vector<std::string>& lines);

/// A literal binding as short text (strings quoted and escaped as in the
/// source), or empty when the binding reads a node output.
std::string literalText(const flyteidl::core::BindingData& b);

/// `lines` joined with newlines.
std::string joinLines(const std::vector<std::string>& lines);

/// The source task of a map variant: `{prefix.}map_{task}_{h}-arraynode`
/// (spec §10) gives `{prefix.}{task}`; any other name is returned as is.
std::string mappedTaskName(const std::string& variant);

}  // namespace flytec::backend
