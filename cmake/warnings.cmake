# One interface target carries the warning flags; every project target links it.
add_library(followup_warnings INTERFACE)
target_compile_options(followup_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion
  -Wsign-conversion -Wdouble-promotion -Wimplicit-fallthrough)
if(FOLLOWUP_WERROR)
  target_compile_options(followup_warnings INTERFACE -Werror)
endif()
if(FOLLOWUP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
