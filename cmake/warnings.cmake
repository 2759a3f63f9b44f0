# stc_warnings: an interface target carrying the project's warning flags.
# Every target of ours links it (a fresh build prints no warning).
add_library(stc_warnings INTERFACE)
target_compile_options(stc_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual)
# GCC 12 reports -Wrestrict inside libstdc++'s std::string operator+ (GCC bug
# 105329) and -Wfree-nonheap-object when it inlines the destructor of a
# tl::expected holding an Error (the object is on the heap; bug 104475 and
# relatives): false positives from inlining at -O2/-O3, fixed in GCC 13.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(stc_warnings INTERFACE -Wno-restrict -Wno-free-nonheap-object)
endif()
