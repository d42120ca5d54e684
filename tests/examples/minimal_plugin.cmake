# SPDX-License-Identifier: MIT
# examples.minimal_plugin: the example plugin of docs/abi.md
# (samples/minimal-plugin), loaded through libauthloader as a host would.
include("${PROJECT_SOURCE_DIR}/tests/cmake/PanelssoTestSuite.cmake")
if(TARGET minimal_plugin AND TARGET testsupport)
  # The same source built once more claiming ABI 1.2, to play a plugin
  # newer than its host.  Still module "example", in its own directory.
  # Not panelsso_add_plugin: that would register a second exports.example
  # test (the real build's exports test covers this source's exports).
  set(EXAMPLE_NEXT_DIR "${CMAKE_CURRENT_BINARY_DIR}/plugins-next")
  add_library(example_next_plugin MODULE
    "${PROJECT_SOURCE_DIR}/samples/minimal-plugin/minimal_plugin.c")
  set_target_properties(example_next_plugin PROPERTIES
    PREFIX "" OUTPUT_NAME example LIBRARY_OUTPUT_DIRECTORY "${EXAMPLE_NEXT_DIR}"
    C_VISIBILITY_PRESET hidden)
  target_link_libraries(example_next_plugin PRIVATE panelsso::headers)
  target_compile_definitions(example_next_plugin PRIVATE
    "EXAMPLE_ABI_VERSION=AUTH_PROVIDER_MKVERSION(1, 2)")
  target_link_options(example_next_plugin PRIVATE -Wl,-z,defs -Wl,-z,nodelete)
  panelsso_warnings(example_next_plugin)

  panelsso_test_program(test_minimal_plugin SOURCES test_minimal_plugin.c LIBRARIES authloader
    DEFINITIONS
      EXAMPLE_PLUGIN="$<TARGET_FILE:minimal_plugin>"
      EXAMPLE_NEXT_PLUGIN="$<TARGET_FILE:example_next_plugin>"
    DEPENDS minimal_plugin example_next_plugin)
  add_test(NAME examples.minimal_plugin COMMAND test_minimal_plugin)
else()
  panelsso_missing_test(examples.minimal_plugin
    WHY "the minimal_plugin (samples/minimal-plugin) and testsupport targets")
endif()

# The code docs/abi.md shows (the example plugin, the header's ownership
# rule) is quoted verbatim from the files.
add_test(NAME examples.abi_doc
  COMMAND "${CMAKE_CURRENT_SOURCE_DIR}/check-doc-excerpts.sh"
          "${PROJECT_SOURCE_DIR}/docs/abi.md" "${PROJECT_SOURCE_DIR}")
