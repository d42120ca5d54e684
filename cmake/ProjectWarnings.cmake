# The developers' guide's warning flags, as errors, for project code only.
# Sanitizer and fuzzing flags come from cmake/Sanitizers.cmake, for every target.
function(panelsso_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wshadow -Wformat=2 -Werror)
endfunction()
