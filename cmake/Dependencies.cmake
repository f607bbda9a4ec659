# Imported targets for the Debian packages flytec builds against.

# LLVM 14 (ADT/Support): the shared libLLVM-14; we do not take llvm-config's
# -std=c++14 -fno-exceptions flags.
find_program(LLVM_CONFIG llvm-config-14 REQUIRED)
execute_process(COMMAND ${LLVM_CONFIG} --includedir OUTPUT_VARIABLE LLVM_INCLUDE_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --libdir OUTPUT_VARIABLE LLVM_LIB_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${LLVM_CONFIG} --bindir OUTPUT_VARIABLE LLVM_TOOLS_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
add_library(flytec::llvm INTERFACE IMPORTED)
target_include_directories(flytec::llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIR})
target_link_libraries(flytec::llvm INTERFACE ${LLVM_LIB_DIR}/libLLVM-14.so)

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
