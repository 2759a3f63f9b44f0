# stc_warnings: an interface target carrying the project's warning flags.
add_library(stc_warnings INTERFACE)
target_compile_options(stc_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual)
