// `file://` URIs <-> file-system paths (RFC 3986 percent-encoding, as
// editors send them). Only the `file` scheme is supported: other URIs map to
// themselves so that untitled buffers still get a stable key.
#pragma once

#include <string>
#include <string_view>

namespace flytec::lsp {

/// `file:///a/b%20c.flyte` -> `/a/b c.flyte`; a non-file URI is returned as is.
std::string uriToPath(std::string_view uri);

/// `/a/b c.flyte` -> `file:///a/b%20c.flyte`.
std::string pathToUri(std::string_view path);

}  // namespace flytec::lsp
