# The developers' guide's warning flags, as errors, for project code only.
# Sanitizer builds add their flags through CMAKE_C_FLAGS (see scripts/test.sh).
function(panelsso_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wshadow -Wformat=2 -Werror)
endfunction()
