# Imported targets for the Debian packages flytec builds against.

# LLVM 14 (ADT/Support): the static libLLVMSupport, not the shared libLLVM-14.
# The shared library costs ~42 MB of resident memory and ~40 ms per process
# before main() (relocating and initialising all of LLVM); flytec uses only
# Support, which links in well under 1 MB (bench/README.md, parse section).
# We do not take llvm-config's -std=c++14 -fno-exceptions flags.
find_program(LLVM_CONFIG llvm-config-14 REQUIRED)
execute_process(COMMAND ${LLVM_CONFIG} --includedir OUTPUT_VARIABLE LLVM_INCLUDE_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --libdir OUTPUT_VARIABLE LLVM_LIB_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --bindir OUTPUT_VARIABLE LLVM_TOOLS_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
add_library(flytec::llvm INTERFACE IMPORTED)
target_include_directories(flytec::llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIR})
# Support's own system dependencies, as `llvm-config-14 --link-static
# --system-libs support` lists them (z3 and xml2 are only needed by parts
# flytec does not pull in).
target_link_libraries(flytec::llvm INTERFACE ${LLVM_LIB_DIR}/libLLVMSupport.a
                      ${LLVM_LIB_DIR}/libLLVMDemangle.a z tinfo Threads::Threads ${CMAKE_DL_LIBS})

# ANTLR 4 runtime (4.9) and tool (4.7.2).
find_program(ANTLR4 antlr4 REQUIRED)
add_library(flytec::antlr4 INTERFACE IMPORTED)
target_include_directories(flytec::antlr4 SYSTEM INTERFACE /usr/include/antlr4-runtime)
target_link_libraries(flytec::antlr4 INTERFACE antlr4-runtime)
# clang-14 cannot compile Debian's antlr4-runtime.h (machine-facts.md: the
# user-provided `InterpreterData() {}` needs the deleted default constructor of
# dfa::Vocabulary). For clang builds (the libFuzzer target) use a copy made at
# configure time with that constructor deleted; g++ keeps the system headers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(antlr_copy ${CMAKE_BINARY_DIR}/antlr4-runtime-clang)
  set(antlr_bad "InterpreterData() {};")
  file(READ /usr/include/antlr4-runtime/misc/InterpreterDataReader.h antlr_reader)
  string(FIND "${antlr_reader}" "${antlr_bad}" antlr_at)
  if(antlr_at EQUAL -1)
    message(FATAL_ERROR "antlr4-runtime changed: `${antlr_bad}` not found; revisit the clang workaround")
  endif()
  # Copies only what changed, so a re-configure does not rebuild everything.
  file(COPY /usr/include/antlr4-runtime/ DESTINATION ${antlr_copy}
       PATTERN InterpreterDataReader.h EXCLUDE)
  string(REPLACE "${antlr_bad}" "InterpreterData() = delete;" antlr_reader "${antlr_reader}")
  file(WRITE ${CMAKE_BINARY_DIR}/InterpreterDataReader.h.new "${antlr_reader}")
  configure_file(${CMAKE_BINARY_DIR}/InterpreterDataReader.h.new
                 ${antlr_copy}/misc/InterpreterDataReader.h COPYONLY)
  set_target_properties(flytec::antlr4 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${antlr_copy}
                        INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${antlr_copy})
  # clang-14 instantiates libstdc++ 12's C++20 constexpr std::vector members
  # as soon as an inline function uses them, so llvm/Support/JSON.h's
  # json::Array (inline members over a vector of the still incomplete
  # json::Value) does not compile. A patched copy defines those members after
  # json::Value, as LLVM 15 does; only declarations move, the layout is the same.
  set(llvm_copy ${CMAKE_BINARY_DIR}/llvm-clang-include)
  execute_process(COMMAND python3 ${CMAKE_SOURCE_DIR}/cmake/patch_llvm_json.py
                          ${LLVM_INCLUDE_DIR}/llvm/Support/JSON.h ${llvm_copy}/llvm/Support/JSON.h
                  RESULT_VARIABLE patch_rc)
  if(NOT patch_rc EQUAL 0)
    message(FATAL_ERROR "cmake/patch_llvm_json.py failed on ${LLVM_INCLUDE_DIR}/llvm/Support/JSON.h")
  endif()
  set_target_properties(flytec::llvm PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${llvm_copy};${LLVM_INCLUDE_DIR}"
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${llvm_copy};${LLVM_INCLUDE_DIR}")
endif()

find_package(Protobuf REQUIRED)
find_package(fmt REQUIRED)
find_package(GTest REQUIRED)
find_package(LibArchive REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
add_library(flytec::cli11 INTERFACE IMPORTED)   # header-only
