# stc_link_main_build(<target>): links <target> with the static libraries of
# the main build in STC_MAIN_BUILD (agent, indexer, llm, core, grammars) and
# their system dependencies. Those libraries are not instrumented; only the
# sources compiled into the fuzz target are.
find_package(CURL REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)  # libgit2's
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# the store's deflated values (indexer/store/deflate.cc)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)
find_library(STC_TREE_SITTER_LIB tree-sitter REQUIRED)

function(stc_link_main_build target)
  set(libs)
  foreach(lib agent/libstc_agent.a indexer/libstc_indexer.a llm/libstc_llm.a
              core/libstc_core.a libstc_grammars.a)
    if(NOT EXISTS ${STC_MAIN_BUILD}/${lib})
      message(FATAL_ERROR "stc fuzz: ${STC_MAIN_BUILD}/${lib} is missing; build the main "
                          "project first (cmake --build ${STC_MAIN_BUILD})")
    endif()
    list(APPEND libs ${STC_MAIN_BUILD}/${lib})
  endforeach()
  file(GLOB grammar_libs ${STC_MAIN_BUILD}/libstc_grammars_*.a)
  target_link_libraries(${target} PRIVATE
    -Wl,--start-group ${libs} ${grammar_libs} -Wl,--end-group
    ${STC_TREE_SITTER_LIB} PkgConfig::LIBGIT2 PkgConfig::SQLITE3 PkgConfig::LIBDEFLATE ZLIB::ZLIB
    CURL::libcurl
    Threads::Threads)
endfunction()
