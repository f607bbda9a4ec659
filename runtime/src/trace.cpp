// Chrome trace output (see trace.h). Format:
// https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
#include "runtime/trace.h"

#include <algorithm>

#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include "runtime/input_layout.h"

namespace flytec::rt {

void TraceRecorder::record(TraceRecord r) {
  std::lock_guard<std::mutex> lock(mu_);
  records_.push_back(std::move(r));
}

std::string TraceRecorder::toJson() const {
  std::vector<TraceRecord> recs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    recs = records_;
  }
  std::sort(recs.begin(), recs.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  auto us = [&](Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t - origin_).count();
  };
  std::vector<int64_t> laneEnd;  // per lane, when it is free again
  llvm::json::Array events;
  for (const auto& r : recs) {
    llvm::json::Object args{{"node", r.node}, {"attempt", r.attempt}, {"status", r.status}};
    if (r.index) args["index"] = static_cast<int64_t>(*r.index);
    if (r.exitCode) args["exit"] = *r.exitCode;
    if (!r.worker.empty()) args["worker"] = r.worker;
    std::string name = r.node + (r.index ? "[" + std::to_string(*r.index) + "]" : "");
    if (r.cached) {
      events.push_back(llvm::json::Object{{"name", name + " (cached)"}, {"cat", "cache"}, {"ph", "i"},
                                          {"s", "t"}, {"ts", us(r.start)}, {"pid", 1}, {"tid", 0},
                                          {"args", std::move(args)}});
      continue;
    }
    int64_t s = us(r.start), e = std::max(us(r.end), s);
    size_t lane = 0;
    while (lane < laneEnd.size() && laneEnd[lane] > s) ++lane;
    if (lane == laneEnd.size()) laneEnd.push_back(0);
    laneEnd[lane] = e;
    events.push_back(llvm::json::Object{{"name", name + " #" + std::to_string(r.attempt)},
                                        {"cat", "task"},
                                        {"ph", "X"},
                                        {"ts", s},
                                        {"dur", e - s},
                                        {"pid", 1},
                                        {"tid", static_cast<int64_t>(lane + 1)},
                                        {"args", std::move(args)}});
  }
  llvm::json::Object root{{"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}};
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::json::Value(std::move(root));
  os.flush();
  return out + "\n";
}

bool TraceRecorder::write(const std::filesystem::path& path, std::string& error) const {
  return writeFileAtomically(path, toJson(), error);
}

}  // namespace flytec::rt
