// The wording of the runtime's diagnostics whose producers return reasons
// and values (DaskProblem: E1011, E1004; Executor::Failure: E1012, E1022;
// BindingProblem, ElementCountProblem: E1007): each reason, reported, reads
// exactly as the sentence its producer composed before the catalogue held
// the words. Most of these cases need a broken host or package to reach.
#include <gtest/gtest.h>

#include "engine_reports.h"
#include "runtime/dask_executor.h"
#include "runtime/dask_problem.h"

using namespace flytec;
using namespace flytec::rt;

namespace {

/// The message `report` reports (exactly one diagnostic).
template <typename Report>
std::string messageOf(Report report) {
  DiagnosticEngine diags;
  report(diags);
  EXPECT_EQ(diags.diagnostics().size(), 1u);
  return diags.diagnostics().empty() ? "" : diags.diagnostics()[0].message;
}

std::string daskMessage(const DaskProblem& p) {
  return messageOf([&](DiagnosticEngine& d) { reportDaskUnavailable(d, "wf.flyte", p); });
}

DaskProblem waiting(DaskProblem::Reason reason, bool local, std::string value = "", std::string detail = "") {
  DaskProblem p{reason, std::move(value), std::move(detail)};
  p.local = local;
  p.target = local ? "2" : "tcp://h:1";
  return p;
}

using R = DaskProblem::Reason;

TEST(RuntimeWordings, DaskTarget) {
  std::string scheduler;
  unsigned workers = 0;
  DaskProblem p;
  ASSERT_FALSE(parseDaskTarget("local:0", scheduler, workers, p));
  EXPECT_EQ(daskMessage(p), "cannot use Dask: `--dask local:0`: expected `local:N` with N >= 1 workers");
  ASSERT_FALSE(parseDaskTarget("host", scheduler, workers, p));
  EXPECT_EQ(daskMessage(p),
            "cannot use Dask: `--dask host`: expected a scheduler address `tcp://HOST:PORT` or `local:N`");
}

TEST(RuntimeWordings, DaskToolchain) {
  EXPECT_EQ(daskMessage({R::PythonCannotImport, "/bin/false"}),
            "cannot use Dask: `/bin/false` (from --dask-python) cannot import `distributed`");
  EXPECT_EQ(daskMessage({R::NoPythonFound}),
            "cannot use Dask: no Python that can import `distributed` was found; install python3-distributed or "
            "pass --dask-python PATH");
  EXPECT_EQ(daskMessage({R::NoPythonFoundTried, "/usr/bin/python3 /bin/python"}),
            "cannot use Dask: no Python that can import `distributed` was found (tried /usr/bin/python3 "
            "/bin/python); install python3-distributed or pass --dask-python PATH");
  EXPECT_EQ(daskMessage({R::ScriptsDirUncreatable, "/s/dask", "Permission denied"}),
            "cannot use Dask: cannot create /s/dask: Permission denied");
  EXPECT_EQ(daskMessage({R::ScriptUnwritable, "/s/dask/b.py", "No space left on device"}),
            "cannot use Dask: cannot write /s/dask/b.py: No space left on device");
  auto task = [](const DaskProblem& p) {
    return messageOf([&](DiagnosticEngine& d) { reportDaskTaskProblem(d, "wf.flyte", "t", p); });
  };
  const std::string t = "task `t` cannot run locally: it is a Dask task and ";
  EXPECT_EQ(task({R::PythonCannotImport, "py"}), t + "`py` (from --dask-python) cannot import `distributed`");
  EXPECT_EQ(task({R::NoPythonFound}),
            t + "no Python that can import `distributed` was found; install python3-distributed or pass "
                "--dask-python PATH");
  EXPECT_EQ(task({R::NoPythonFoundTried, "/bin/python"}),
            t + "no Python that can import `distributed` was found (tried /bin/python); install "
                "python3-distributed or pass --dask-python PATH");
  EXPECT_EQ(task({R::ScriptsDirUncreatable, "/s", "Read-only file system"}),
            t + "cannot create /s: Read-only file system");
  EXPECT_EQ(task({R::ScriptUnwritable, "/s/b.py", "Disk quota exceeded"}),
            t + "cannot write /s/b.py: Disk quota exceeded");
}

TEST(RuntimeWordings, DaskBridgeStart) {
  EXPECT_EQ(daskMessage({R::PipeFailed, "", "Too many open files"}),
            "cannot use Dask: cannot create the bridge's pipe: Too many open files");
  EXPECT_EQ(daskMessage({R::BridgeSpawnFailed, "py", "No such file or directory"}),
            "cannot use Dask: cannot start the Dask bridge with `py`: No such file or directory");
  const std::string remote = "cannot use Dask: cannot connect to the Dask scheduler at tcp://h:1";
  const std::string local = "cannot use Dask: cannot connect to a local Dask cluster (local:2)";
  for (bool isLocal : {false, true}) {
    const std::string& what = isLocal ? local : remote;
    EXPECT_EQ(daskMessage(waiting(R::BridgeDidNotStart, isLocal, "py", "60")),
              what + ": the Dask bridge (`py` with distributed) did not start within 60s");
    EXPECT_EQ(daskMessage(waiting(R::CodeInstallTimedOut, isLocal, "", "10")),
              what + ": the workers did not take flytec's code within 10s");
    EXPECT_EQ(daskMessage(waiting(R::ConnectTimedOut, isLocal, "", "10")), what + " within 10s");
    EXPECT_EQ(daskMessage(waiting(R::BridgeExited, isLocal)), what + ": the Dask bridge exited");
    EXPECT_EQ(daskMessage(waiting(R::BridgeExitedSaying, isLocal, "", "ImportError: x")),
              what + ": the Dask bridge exited: ImportError: x");
    EXPECT_EQ(daskMessage(waiting(R::UnexpectedReply, isLocal, "", "junk")),
              what + ": unexpected reply from the bridge: junk");
  }
}

TEST(RuntimeWordings, DaskBridgeRefusals) {
  EXPECT_EQ(daskMessage({R::SchedulerUnreachable, "tcp://127.0.0.1:1", "3", "Timed out trying to connect"}),
            "cannot use Dask: cannot connect to the Dask scheduler at tcp://127.0.0.1:1 within 3s: Timed out "
            "trying to connect");
  EXPECT_EQ(daskMessage({R::CodeInstallFailed, "tcp://h:1", "OSError", "boom"}),
            "cannot use Dask: cannot install flytec's worker code on the Dask cluster at tcp://h:1: OSError: boom");
  EXPECT_EQ(daskMessage({R::StageNeverNoWorkers, "tcp://h:1"}),
            "cannot use Dask: --dask-stage never, but the Dask cluster at tcp://h:1 has no workers");
  EXPECT_EQ(daskMessage({R::StageNeverNotShared, "/d", "tcp://w:1 (reads another file at /d/p)"}),
            "cannot use Dask: --dask-stage never, but not every Dask worker reads and writes /d (the shared mode "
            "needs it): tcp://w:1 (reads another file at /d/p)");
}

std::string failureMessage(const Executor::Failure& f) {
  return messageOf([&](DiagnosticEngine& d) { reportExecutorFailure(d, "wf.flyte", f); });
}

TEST(RuntimeWordings, BridgeDied) {
  using Ending = Executor::Failure::Ending;
  Executor::Failure f;
  f.pid = 42;
  f.python = "py";
  f.inFlight = 3;
  f.log = "/l/bridge.log";
  const std::string head = "the Dask bridge died mid-run: pid 42 (`py`) ";
  const std::string tail = " with 3 executions in flight (log: /l/bridge.log)";
  f.ending = Ending::Signal;
  f.status = 9;
  f.signalName = "Killed";
  EXPECT_EQ(failureMessage(f), head + "was killed by signal 9 (Killed)" + tail + "; the run stops");
  f.ending = Ending::ExitStatus;
  f.status = 1;
  EXPECT_EQ(failureMessage(f), head + "exited with status 1" + tail + "; the run stops");
  f.lastWords = "ValueError: x";
  EXPECT_EQ(failureMessage(f), head + "exited with status 1" + tail + ": ValueError: x; the run stops");
  f.lastWords.clear();
  f.ending = Ending::Exited;
  EXPECT_EQ(failureMessage(f), head + "exited" + tail + "; the run stops");
  f.ending = Ending::ClosedPipe;
  EXPECT_EQ(failureMessage(f), head + "closed its pipe" + tail + "; the run stops");
}

TEST(RuntimeWordings, SchedulerLost) {
  Executor::Failure f;
  f.kind = Executor::Failure::Kind::SchedulerLost;
  f.address = "tcp://h:1";
  f.inFlight = 4;
  f.clientStatus = "connecting";
  f.log = "/l/bridge.log";
  EXPECT_EQ(failureMessage(f),
            "lost the Dask scheduler mid-run: the scheduler at tcp://h:1 dropped 4 executions in flight (Dask "
            "cancelled it unasked (the client is connecting: its connection to the scheduler was lost); log: "
            "/l/bridge.log); their processes on the workers are cancelled; the run stops");
}

using BR = BindingProblem::Reason;

/// `p` for binding `x` as a node input and as a workflow output.
std::pair<std::string, std::string> bindingMessages(BindingProblem p) {
  p.var = "x";
  return {messageOf([&](DiagnosticEngine& d) { reportNodeInputUnresolved(d, "wf.flyte", "n", p); }),
          messageOf([&](DiagnosticEngine& d) { reportWorkflowOutputUnresolved(d, "wf.flyte", "w", p); })};
}

TEST(RuntimeWordings, BindingProblems) {
  const std::pair<BindingProblem, std::string> cases[] = {
      {{BR::NoWorkflowInput, "a"}, "workflow input `a` has no value"},
      {{BR::NoNodeOutput, "m", "o"}, "node `m` has no output `o`"},
      {{BR::IndexNotList, "2"}, "index [2] applied to a value that is not a list"},
      {{BR::IndexOutOfRange, "5", "3"}, "index [5] is out of range for a list of 3"},
      {{BR::KeyNotInDict, "k"}, "key \"k\" is not in the dict"},
      {{BR::FieldNotInStruct, "f"}, "field `f` is not in the struct"},
      {{BR::KeyOnScalar, "k"}, "key or field `k` applied to a value that is neither a dict nor a struct"},
      {{BR::UnsupportedKind}, "unsupported binding kind"},
  };
  for (const auto& [problem, words] : cases) {
    auto [input, output] = bindingMessages(problem);
    EXPECT_EQ(input, "node `n` failed on attempt 0: input `x`: " + words);
    EXPECT_EQ(output, "node `w` failed on attempt 0: workflow output input `x`: " + words);
  }
}

TEST(RuntimeWordings, AttrPathProblemsFromValues) {
  flyteidl::core::Literal list;
  list.mutable_collection()->add_literals()->mutable_scalar()->mutable_primitive()->set_integer(1);
  google::protobuf::RepeatedPtrField<flyteidl::core::PromiseAttribute> path;
  path.Add()->set_int_value(3);
  BindingProblem p;
  ASSERT_FALSE(applyAttrPath(list, path, p).has_value());
  EXPECT_EQ(bindingMessages(p).first, "node `n` failed on attempt 0: input `x`: index [3] is out of range for a list of 1");
  path.Clear();
  path.Add()->set_string_value("k");
  ASSERT_FALSE(applyAttrPath(list, path, p).has_value());
  EXPECT_EQ(bindingMessages(p).first, "node `n` failed on attempt 0: input `x`: key or field `k` applied to a value "
                                      "that is neither a dict nor a struct");
}

TEST(RuntimeWordings, ElementCount) {
  flyteidl::core::LiteralMap inputs;
  auto& a = (*inputs.mutable_literals())["a"];
  for (int i = 0; i < 3; ++i) a.mutable_collection()->add_literals();
  auto& b = (*inputs.mutable_literals())["b"];
  for (int i = 0; i < 2; ++i) b.mutable_collection()->add_literals();
  auto count = [&](const std::set<std::string>& mapped) {
    ElementCountProblem p;
    EXPECT_FALSE(elementCount(inputs, mapped, p).has_value());
    return messageOf([&](DiagnosticEngine& d) { reportElementCountProblem(d, "wf.flyte", "n", p); });
  };
  EXPECT_EQ(count({"a", "b"}), "node `n` failed on attempt 0: mapped inputs have different lengths: `a` has 3, `b` has 2");
  EXPECT_EQ(count({}), "node `n` failed on attempt 0: no input is a list to map over");
}

}  // namespace
