// Clang-style spellings CLI11 refuses ("Invalid one char name"): rewritten
// before parsing (machine-facts.md). `-verify` -> `--verify`, `-Werror` ->
// `--werror`, `-Werror=C` -> `--werror-code=C`, `-Wno-C` -> `--wno=C`,
// `-j4` stays CLI11's. Everything after `--` is left alone.
#pragma once

#include <string>
#include <vector>

namespace flytec::driver {
std::vector<std::string> normalizeArgv(int argc, char** argv);
}
