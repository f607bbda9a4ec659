// See phase_timer.h. CPU time and peak RSS come from getrusage (the whole
// process, every thread), the current RSS from /proc/self/statm.
#include "compilation/phase_timer.h"

#include <malloc.h>
#ifdef FLYTEC_MIMALLOC
#include <mimalloc.h>
#endif
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "llvm/Support/raw_ostream.h"

namespace flytec::compilation {

namespace {

double cpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

double peakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double currentRssMb() {
  unsigned long size = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

#ifdef FLYTEC_MIMALLOC
/// Bytes mimalloc has committed (pages holding live blocks, plus free
/// blocks in those pages; mimalloc keeps no cheap count of live bytes).
double heapInUseMb() {
  size_t elapsed, user, system, rss, peakRss, commit = 0, peakCommit, faults;
  mi_process_info(&elapsed, &user, &system, &rss, &peakRss, &commit, &peakCommit, &faults);
  return double(commit) / (1024.0 * 1024.0);
}
#else
/// Bytes malloc has handed out and not got back (excludes memory freed but
/// kept by the allocator, which RSS includes).
double heapInUseMb() {
  struct mallinfo2 mi = mallinfo2();
  return double(mi.uordblks + mi.hblkhd) / (1024.0 * 1024.0);
}
#endif

}  // namespace

PhaseTimer::PhaseTimer(llvm::raw_ostream* os) : os_(os) {
  if (!os_) return;
  start_ = last_ = std::chrono::steady_clock::now();
  cpuStart_ = cpuLast_ = cpuSeconds();
}

void PhaseTimer::mark(std::string_view phase) {
  if (!os_) return;
  auto now = std::chrono::steady_clock::now();
  double cpu = cpuSeconds();
  *os_ << fmt::format(
      "flytec: time: {:<14} wall {:7.3f} s, cpu {:7.3f} s, rss {:6.1f} MB, peak {:6.1f} MB, heap {:6.1f} MB\n",
      phase, std::chrono::duration<double>(now - last_).count(), cpu - cpuLast_, currentRssMb(), peakRssMb(),
      heapInUseMb());
  os_->flush();
  last_ = now;
  cpuLast_ = cpu;
}

void PhaseTimer::total() {
  if (!os_) return;
  auto now = std::chrono::steady_clock::now();
  *os_ << fmt::format("flytec: time: {:<14} wall {:7.3f} s, cpu {:7.3f} s, rss {:6.1f} MB, peak {:6.1f} MB\n",
                      "total", std::chrono::duration<double>(now - start_).count(),
                      cpuSeconds() - cpuStart_, currentRssMb(), peakRssMb());
  os_->flush();
}

}  // namespace flytec::compilation
