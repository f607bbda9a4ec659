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

find_package(Protobuf REQUIRED)
find_package(fmt REQUIRED)
find_package(GTest REQUIRED)
find_package(LibArchive REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
add_library(flytec::cli11 INTERFACE IMPORTED)   # header-only
