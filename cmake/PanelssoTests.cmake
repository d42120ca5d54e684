# SPDX-License-Identifier: MIT
# panelsso_require_clean_tmp(): every test registered so far in the calling
# directory requires the fixture `tmpclean` (tests/support/CMakeLists.txt):
# ctest lists the temporary directory before the run and fails the run if
# any test left a file there.  Call it last in each CMakeLists.txt that adds
# tests.
function(panelsso_require_clean_tmp)
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(t IN LISTS tests)
    if(NOT t MATCHES "^tmp\\.(record|check)$")
      set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED tmpclean)
    endif()
  endforeach()
endfunction()
