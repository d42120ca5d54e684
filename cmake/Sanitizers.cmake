# SPDX-License-Identifier: MIT
# Sanitizer and fuzzing instrumentation for EVERY target in the build:
# libraries, executables, test programs and plugins (MODULE libraries).
#
#   -DPANELSSO_SANITIZE=address,undefined   AddressSanitizer (+LeakSanitizer)
#                                           and UndefinedBehaviorSanitizer
#   -DPANELSSO_SANITIZE=thread              ThreadSanitizer
#   -DPANELSSO_FUZZ=ON (clang)              also instruments every target for
#                                           libFuzzer's coverage feedback
#
# The flags go through add_compile_options/add_link_options, so this file
# must be included before the first add_subdirectory.  The link flag
# matters for plugins: they link with -Wl,-z,defs (every symbol resolved at
# link time), so the sanitizer runtime must be on their link line too.
#
# Every report is fatal (-fno-sanitize-recover=all): a UBSan finding stops
# the process with a non-zero status instead of printing and carrying on.
# scripts/ci-sanitizers.sh sets the matching ASAN/UBSAN/TSAN_OPTIONS.

set(PANELSSO_SANITIZE "" CACHE STRING
  "Sanitizers for every target, comma-separated: address,undefined or thread (empty: none)")

if(PANELSSO_SANITIZE)
  string(REPLACE "," ";" _panelsso_san "${PANELSSO_SANITIZE}")
  foreach(s IN LISTS _panelsso_san)
    if(NOT s MATCHES "^(address|undefined|thread|leak)$")
      message(FATAL_ERROR "PANELSSO_SANITIZE: unknown sanitizer \"${s}\"; "
        "use address,undefined or thread")
    endif()
  endforeach()
  if("thread" IN_LIST _panelsso_san AND
     ("address" IN_LIST _panelsso_san OR "leak" IN_LIST _panelsso_san))
    message(FATAL_ERROR "PANELSSO_SANITIZE: thread cannot be combined with "
      "address or leak; configure a separate build directory for each")
  endif()
  list(JOIN _panelsso_san "," _panelsso_san_flag)
  # Frame pointers and debug info make every report's stack readable.
  add_compile_options(-fsanitize=${_panelsso_san_flag} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${_panelsso_san_flag})
  if(CMAKE_C_COMPILER_ID STREQUAL "Clang" AND NOT "thread" IN_LIST _panelsso_san)
    # clang links its runtime statically into executables and not at all
    # into shared objects, which -z defs refuses; the shared runtime links
    # into both.  The runtime's directory is not on the loader's default
    # path, so the build tree's programs get it as an rpath.
    add_link_options(-shared-libsan)
    execute_process(
      COMMAND "${CMAKE_C_COMPILER}" -print-file-name=libclang_rt.asan-x86_64.so
      OUTPUT_VARIABLE _panelsso_rt OUTPUT_STRIP_TRAILING_WHITESPACE)
    get_filename_component(_panelsso_rt_dir "${_panelsso_rt}" DIRECTORY)
    list(APPEND CMAKE_BUILD_RPATH "${_panelsso_rt_dir}")
  endif()
  message(STATUS "Sanitizers for every target: ${_panelsso_san_flag}")
endif()

option(PANELSSO_FUZZ "Build the libFuzzer harnesses (clang)" OFF)
if(PANELSSO_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PANELSSO_FUZZ needs clang: configure with -DCMAKE_C_COMPILER=clang")
  endif()
  # Coverage instrumentation everywhere (without libFuzzer's main), so the
  # fuzzer is guided by the code under test and not only by its harness.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
