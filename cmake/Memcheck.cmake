# SPDX-License-Identifier: MIT
# valgrind memcheck for `ctest -T memcheck` (scripts/ci-valgrind.sh runs
# the loader and plugin suites that way).  Zero errors and zero leaks:
# any memory error, and any definitely or indirectly lost block, makes
# valgrind exit 1 and so fails the test.  Only the test program itself
# runs under valgrind (--trace-children=no): the sandbox it starts is a
# separate program with its own sanitizer coverage.  The suppressions file
# holds only documented third-party noise.
find_program(MEMORYCHECK_COMMAND valgrind)
set(MEMORYCHECK_COMMAND_OPTIONS
  "--tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=1 --trace-children=no --child-silent-after-fork=no --num-callers=40 --gen-suppressions=all"
  CACHE STRING "valgrind options for ctest -T memcheck")
set(MEMORYCHECK_SUPPRESSIONS_FILE
  "${CMAKE_CURRENT_SOURCE_DIR}/scripts/suppressions/valgrind.supp"
  CACHE FILEPATH "valgrind suppressions: documented third-party noise only")
