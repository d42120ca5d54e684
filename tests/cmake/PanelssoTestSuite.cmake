# SPDX-License-Identifier: MIT
# How a test suite registers itself the common way.  Included by each
# tests/*/CMakeLists.txt (and the examples' .cmake files) that uses it.
include_guard(GLOBAL)

# panelsso_test_program(<target> SOURCES <src>... [LIBRARIES <lib>...]
#                       [DEFINITIONS <def>...] [DEPENDS <target>...])
# A CUnit program linking tests/support (testsupport) with the project's
# warnings; DEPENDS are what it runs (plugins, programs) but does not link.
function(panelsso_test_program target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LIBRARIES;DEFINITIONS;DEPENDS")
  add_executable(${target} ${arg_SOURCES})
  target_link_libraries(${target} PRIVATE testsupport ${arg_LIBRARIES})
  if(arg_DEFINITIONS)
    target_compile_definitions(${target} PRIVATE ${arg_DEFINITIONS})
  endif()
  if(arg_DEPENDS)
    add_dependencies(${target} ${arg_DEPENDS})
  endif()
  panelsso_warnings(${target})
endfunction()

# panelsso_sandbox_test(<name> COMMAND <cmd>... [TIMEOUT <s>] [ENV <VAR=value>...])
# A test that talks to the HTTPS sandboxes with the real SendGrid plugin:
# it requires the fixture `pki` and gets TEST_PKI_DIR, SANDBOX_BIN and
# SENDGRID_PLUGIN, then ENV.
function(panelsso_sandbox_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TIMEOUT" "COMMAND;ENV")
  add_test(NAME ${name} COMMAND ${arg_COMMAND})
  set(env "TEST_PKI_DIR=${CMAKE_BINARY_DIR}/test-pki" "SANDBOX_BIN=$<TARGET_FILE:sandbox>"
          "SENDGRID_PLUGIN=$<TARGET_FILE:sendgrid_plugin>" ${arg_ENV})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED pki ENVIRONMENT "${env}")
  if(arg_TIMEOUT)
    set_tests_properties(${name} PROPERTIES TIMEOUT ${arg_TIMEOUT})
  endif()
endfunction()

# panelsso_missing_test(<name>... WHY <text>)
# Stand-ins for tests whose prerequisites were not built: each fails,
# printing "<name> needs <text>".  A missing part never turns into a pass.
function(panelsso_missing_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "WHY" "")
  foreach(name IN LISTS arg_UNPARSED_ARGUMENTS)
    add_test(NAME ${name} COMMAND sh -c "echo '${name} needs ${arg_WHY}' >&2; exit 1")
  endforeach()
endfunction()

# panelsso_header_check_c99(<target> <source> [INCLUDES <dir>...])
# <source> compiled as strict C99 against libauthloader's headers, warnings
# errors where the project's are (PANELSSO_WERROR), run as ctest <target>'s
# program by the caller.
function(panelsso_header_check_c99 target source)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "INCLUDES")
  add_executable(${target} ${source})
  target_link_libraries(${target} PRIVATE authloader)
  if(arg_INCLUDES)
    target_include_directories(${target} PRIVATE ${arg_INCLUDES})
  endif()
  set_target_properties(${target} PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
  target_compile_options(${target} PRIVATE -std=c99 -pedantic -Wall -Wextra
    $<$<BOOL:${PANELSSO_WERROR}>:-Werror>)
endfunction()

# panelsso_expect_exit_1(<name> <target> [ARGS <arg>...] [STDERR_HAS <grep pattern>])
# Runs <target>'s program with ARGS; passes only if it exits 1 and, with
# STDERR_HAS, its stderr (shown either way) matches the pattern.
function(panelsso_expect_exit_1 name target)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "STDERR_HAS" "ARGS")
  set(err "err-${name}.txt")
  set(check "[ $rc -eq 1 ] || { echo \"expected exit 1, got $rc\" >&2; exit 1; }")
  if(arg_STDERR_HAS)
    string(APPEND check "; grep -q '${arg_STDERR_HAS}' ${err}")
  endif()
  add_test(NAME ${name} COMMAND sh -c
    "\"$0\" \"$@\" 2>${err}; rc=$?; cat ${err} >&2; ${check}"
    $<TARGET_FILE:${target}> ${arg_ARGS})
endfunction()
