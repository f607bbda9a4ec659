// Compilation::format (compilation.h): the source comes from the caller, the
// overlay or the disk, in that order, so `flytec fmt` and the editor format
// the same bytes the same way.
#include "compilation/compilation.h"

namespace flytec::compilation {

FormattedSource Compilation::format(const std::string& path, std::optional<std::string_view> text) {
  std::optional<std::string> fromOverlay;
  if (!text && options_.overlay) {
    fromOverlay = options_.overlay(canonicalSourcePath(path));
    if (fromOverlay) text = *fromOverlay;
  }
  FormattedSource out;
  out.loaded = text ? addSourceBuffer(sm_, path, *text, diags_) : loadSource(sm_, path, diags_);
  if (out.loaded.bufferId && out.loaded.parseable) out.result = formatBuffer(sm_, out.loaded.bufferId, diags_);
  return out;
}

}  // namespace flytec::compilation
