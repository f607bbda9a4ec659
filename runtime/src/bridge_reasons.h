// The Dask bridge's failures arrive as data: each is the chain of catalogue
// reasons that words it (diagnostics/diagnostic_reason.h), outermost first,
// as JSON `[[name, value...], ...]`; every frame but the last takes the text
// of the frame after it as its last value. This turns them into text, so the
// Python side names reasons and never writes a sentence. Not a public
// header.
#pragma once

#include <llvm/Support/JSON.h>

#include <string>

namespace flytec::rt {

/// The text of a chain of reasons the bridge sent (a job's `why`, a note's);
/// a chain flytec does not know (another version's bridge) is worded as such,
/// with the JSON it got.
std::string bridgeReasonText(const llvm::json::Value* chain);

/// The workers the shared-mode probe found unable to share the run
/// directory (the bridge's `not_shared` error: `[[worker, name, value...],
/// ...]`), each with what it saw.
std::string bridgeProbeFailures(const llvm::json::Value* workers);

}  // namespace flytec::rt
