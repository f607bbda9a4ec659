# Imported targets for the Debian packages flytec builds against.

# Start-up: with every C++ library shared, the dynamic loader (symbol lookups
# for every vtable and typeinfo relocation) was a large part of a short
# command's time (bench/README.md). FLYTEC_STATIC_DEPS links libstdc++,
# libgcc, ANTLR, protobuf, libarchive, zlib and tinfo from their Debian
# static archives and uses fmt and toml++ header-only, leaving libc and libm
# (and mimalloc, below) shared.
# Sanitizer and fuzzer builds keep the shared libraries: the sanitizers must
# interpose operator new/delete, which a static libstdc++ would define first.
set(flytec_static_default ON)
if(FLYTEC_SANITIZE OR FLYTEC_FUZZ)
  set(flytec_static_default OFF)
endif()
option(FLYTEC_STATIC_DEPS "Link the C++ dependencies statically (faster start-up)" ${flytec_static_default})
# mimalloc (Debian's libmimalloc-dev; shared: Debian ships no .a) replaces
# malloc and operator new. ANTLR allocates every parse-tree context, token
# leaf and child vector separately and frees each item's tree after
# building its AST, which glibc's malloc makes a large share of a check's
# work (bench/README.md).
option(FLYTEC_MIMALLOC "Use mimalloc as the allocator" ${flytec_static_default})
add_library(flytec::allocator INTERFACE IMPORTED)
if(FLYTEC_MIMALLOC)
  find_package(mimalloc REQUIRED CONFIG)
  target_link_libraries(flytec::allocator INTERFACE mimalloc)
  target_compile_definitions(flytec::allocator INTERFACE FLYTEC_MIMALLOC=1)
endif()
set(FLYTEC_LIBDIR /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE})
if(FLYTEC_STATIC_DEPS)
  # --gc-sections: libarchive's format table (archive_write_set_format.o)
  # references every writer; only ustar is reachable, and dropping the rest
  # drops their bzip2, lzma, xml2 and nettle references with them.
  # -no-pie: a position-independent flytec has relative relocations for the
  # loader to apply at every start (vtables, typeinfo, protobuf and ANTLR
  # tables); without PIE almost none (bench/README.md). The shared libraries
  # keep their address randomisation; only flytec's own image is fixed.
  # The objects stay -fPIE (Debian's default); only executables' links change.
  add_link_options(-static-libstdc++ -static-libgcc -Wl,--gc-sections)
  set(CMAKE_POSITION_INDEPENDENT_CODE OFF)
  add_link_options($<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-no-pie>)
  set(flytec_z ${FLYTEC_LIBDIR}/libz.a)
  set(flytec_tinfo ${FLYTEC_LIBDIR}/libtinfo.a)
else()
  set(flytec_z z)
  set(flytec_tinfo tinfo)
endif()

# LLVM 14 (ADT/Support): the static libLLVMSupport, not the shared libLLVM-14.
# The shared library relocates and initialises all of LLVM in every process
# before main(); flytec uses only Support, which is small (bench/README.md).
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
                      ${LLVM_LIB_DIR}/libLLVMDemangle.a ${flytec_z} ${flytec_tinfo} Threads::Threads ${CMAKE_DL_LIBS})

# ANTLR 4 runtime (4.9) and tool (4.7.2).
find_program(ANTLR4 antlr4 REQUIRED)
add_library(flytec::antlr4 INTERFACE IMPORTED)
target_include_directories(flytec::antlr4 SYSTEM INTERFACE /usr/include/antlr4-runtime)
if(FLYTEC_STATIC_DEPS)
  target_link_libraries(flytec::antlr4 INTERFACE ${FLYTEC_LIBDIR}/libantlr4-runtime.a)
else()
  target_link_libraries(flytec::antlr4 INTERFACE antlr4-runtime)
endif()
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

# fmt, toml++ and libarchive through flytec:: targets, static or shared as
# FLYTEC_STATIC_DEPS says.
add_library(flytec::fmt INTERFACE IMPORTED)
add_library(flytec::toml INTERFACE IMPORTED)
add_library(flytec::archive INTERFACE IMPORTED)
add_library(flytec::protobuf INTERFACE IMPORTED)
if(FLYTEC_STATIC_DEPS)
  target_include_directories(flytec::protobuf SYSTEM INTERFACE ${Protobuf_INCLUDE_DIRS})
  target_link_libraries(flytec::protobuf INTERFACE ${FLYTEC_LIBDIR}/libprotobuf.a ${flytec_z} Threads::Threads)
  target_link_libraries(flytec::fmt INTERFACE fmt::fmt-header-only)
  target_include_directories(flytec::toml SYSTEM INTERFACE ${TOMLPP_INCLUDE_DIRS})
  target_compile_definitions(flytec::toml INTERFACE TOML_HEADER_ONLY=1)
  # Only the ustar/gzip reader and writer are used, which need zlib alone;
  # the archive's other filters and formats are not pulled in.
  target_include_directories(flytec::archive SYSTEM INTERFACE ${LibArchive_INCLUDE_DIRS})
  target_link_libraries(flytec::archive INTERFACE ${FLYTEC_LIBDIR}/libarchive.a ${flytec_z})
else()
  target_link_libraries(flytec::fmt INTERFACE fmt::fmt)
  target_link_libraries(flytec::protobuf INTERFACE protobuf::libprotobuf)
  target_link_libraries(flytec::toml INTERFACE PkgConfig::TOMLPP)
  target_link_libraries(flytec::archive INTERFACE LibArchive::LibArchive)
endif()
add_library(flytec::cli11 INTERFACE IMPORTED)   # header-only
