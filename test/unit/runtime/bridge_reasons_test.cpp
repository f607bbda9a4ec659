// The Dask bridge's failures as chains of catalogue reasons: worded from the
// innermost frame out, an unknown chain said as such, and every reason name
// the bridge's Python sources send is one the catalogue has.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "bridge_reasons.h"
#include "diagnostics/diagnostic_reason.h"

namespace flytec::rt {
namespace {

std::string chainText(const char* json) {
  auto v = llvm::json::parse(json);
  EXPECT_TRUE(static_cast<bool>(v));
  return bridgeReasonText(v ? &*v : nullptr);
}

TEST(BridgeReasons, ChainsAreWordedFromTheInside) {
  EXPECT_EQ(chainText(R"([["dask_result_lost"]])"), "Dask lost its result");
  EXPECT_EQ(chainText(R"([["outputs_did_not_reach_client"], ["output_fetch_failed", "o0", "file:///s/x", "gone"]])"),
            "its outputs did not reach the client: output file o0 could not be fetched from file:///s/x: gone");
  EXPECT_EQ(chainText(R"([["outputs_did_not_reach_client"],
                          ["shared_output_unseen", "tcp://w:1", "o0", "3", "/r/outputs", "/r/.flytec/dask"],
                          ["shared_mode_chosen_by_auto"]])"),
            "its outputs did not reach the client: worker tcp://w:1 wrote o0 (3 bytes) in /r/outputs, which the "
            "client does not see: the workers do not share this directory with the client, although every worker "
            "read and wrote /r/.flytec/dask (--dask-stage auto chose the shared mode); stage the files with "
            "--dask-stage always");
}

TEST(BridgeReasons, AChainFlytecDoesNotKnowIsSaidAsSuch) {
  const std::string unknown = "the Dask bridge sent a failure flytec does not know (another version's bridge?): ";
  EXPECT_EQ(chainText(R"([["no_such_reason", "x"]])"), unknown + R"([["no_such_reason","x"]])");
  EXPECT_EQ(chainText(R"([["dask_result_lost", "one too many"]])"), unknown + R"([["dask_result_lost","one too many"]])");
  EXPECT_EQ(chainText(R"([])"), unknown + "[]");
  EXPECT_EQ(chainText(R"("a sentence")"), unknown + R"("a sentence")");
  EXPECT_EQ(bridgeReasonText(nullptr), unknown + "null");
}

TEST(BridgeReasons, ProbeFailuresNameEachWorker) {
  auto v = llvm::json::parse(R"([["tcp://a:1", "probe_unreadable", "/r/p", "No such file or directory"],
                                 ["tcp://b:2", "probe_answer_not_seen", "/r/p.7-1"]])");
  ASSERT_TRUE(static_cast<bool>(v));
  EXPECT_EQ(bridgeProbeFailures(&*v),
            "tcp://a:1 (cannot read /r/p: No such file or directory); tcp://b:2 (wrote /r/p.7-1, which the client "
            "does not see)");
}

/// The string that opens each list literal of `source` (`["name", ...` or
/// `[["name"`), not a subscript such as `job["argv"]`.
std::set<std::string> listHeads(const std::string& source) {
  std::set<std::string> heads;
  for (size_t i = source.find("[\""); i != std::string::npos; i = source.find("[\"", i + 1)) {
    size_t open = i;
    while (open > 0 && source[open - 1] == '[') --open;
    char before = open > 0 ? source[open - 1] : ' ';
    if (std::isalnum(static_cast<unsigned char>(before)) || before == '_' || before == ']' || before == ')') continue;
    size_t end = source.find('"', i + 2);
    if (end == std::string::npos) break;
    std::string head = source.substr(i + 2, end - i - 2);
    if (!head.empty() && head.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos)
      heads.insert(head);
  }
  return heads;
}

TEST(BridgeReasons, EveryReasonTheBridgeSendsIsInTheCatalogue) {
  std::set<std::string> catalogue;
  for (const ReasonInfo& r : allReasons()) catalogue.insert(std::string(r.name));
  size_t sent = 0;
  for (const auto& entry : std::filesystem::directory_iterator(FLYTEC_SOURCE_DIR "/runtime/python")) {
    if (entry.path().extension() != ".py") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const std::string& head : listHeads(text.str())) {
      if (head == "ok") continue;  // the probe's answer when all is well
      EXPECT_TRUE(catalogue.count(head)) << entry.path().filename() << " sends reason `" << head
                                         << "`, which diagnostic_reasons.def does not have";
      ++sent;
    }
  }
  EXPECT_GE(sent, 20u) << "the scan no longer finds the bridge's reasons";
}

}  // namespace
}  // namespace flytec::rt
