# SPDX-License-Identifier: MIT
# The developers' guide's warning flags, for project code only.  Sanitizer
# and fuzzing flags come from cmake/Sanitizers.cmake, for every target.
#
# -DPANELSSO_WERROR=ON makes every warning an error.  CI and the developer
# scripts (scripts/test.sh, scripts/ci-*.sh) turn it on, so no warning
# lands; a plain `cmake` build leaves it off, so a newer compiler's new
# warning never stops a user's or a packager's build.
option(PANELSSO_WERROR "Treat compiler warnings in project code as errors" OFF)

function(panelsso_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wformat=2)
  if(PANELSSO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
