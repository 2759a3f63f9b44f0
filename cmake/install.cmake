# Installation (`cmake --install build [--prefix DIR]`) and the Debian
# package (`cpack -G DEB` in the build directory): the three binaries, their
# man pages and their bash/zsh/fish completions. Man pages and completions
# are generated from the built binaries (dist/gen_docs.sh), so they always say
# what --help says. Man pages need help2man (Debian `help2man`); without it
# they are skipped with a warning.

include(GNUInstallDirs)

option(STC_MAN_PAGES "Generate and install man pages (needs help2man)" ON)
set(stc_help2man "")
if(STC_MAN_PAGES)
  find_program(HELP2MAN_EXECUTABLE help2man)
  if(HELP2MAN_EXECUTABLE)
    set(stc_help2man ${HELP2MAN_EXECUTABLE})
  else()
    message(WARNING "help2man not found: no man pages (install the Debian package help2man)")
  endif()
endif()

set(stc_dist_dir ${PROJECT_BINARY_DIR}/dist)
set(stc_doc_outputs)
foreach(entry
    "stc|sleep-time index of a git repository for coding agents"
    "stc-agent|plan (and implement) a multi-file feature from the stc index"
    "stc-eval|mine feature tasks from git history and score stc-agent plans")
  string(REPLACE "|" ";" entry "${entry}")
  list(GET entry 0 bin)
  list(GET entry 1 description)
  if(NOT TARGET ${bin})
    continue()
  endif()
  install(TARGETS ${bin} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  set(outputs ${stc_dist_dir}/completions/${bin}.bash ${stc_dist_dir}/completions/_${bin}
              ${stc_dist_dir}/completions/${bin}.fish)
  if(stc_help2man)
    list(APPEND outputs ${stc_dist_dir}/man1/${bin}.1)
    install(FILES ${stc_dist_dir}/man1/${bin}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND bash ${PROJECT_SOURCE_DIR}/dist/gen_docs.sh $<TARGET_FILE:${bin}> ${stc_dist_dir}
            ${description} ${stc_help2man}
    DEPENDS ${bin} ${PROJECT_SOURCE_DIR}/dist/gen_docs.sh
    COMMENT "Generating the man page and completions of ${bin}"
    VERBATIM)
  list(APPEND stc_doc_outputs ${outputs})
  install(FILES ${stc_dist_dir}/completions/${bin}.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ${bin})
  install(FILES ${stc_dist_dir}/completions/_${bin}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
  install(FILES ${stc_dist_dir}/completions/${bin}.fish
          DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
endforeach()
add_custom_target(stc_docs ALL DEPENDS ${stc_doc_outputs})

set(CPACK_PACKAGE_NAME stc)
set(CPACK_PACKAGE_VENDOR "stc")
set(CPACK_PACKAGE_CONTACT "stc maintainers <stc@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Sleep-time compute for coding agents over a git repository")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # libgit2, sqlite3, curl ... from dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "git")
set(CPACK_STRIP_FILES ON)
include(CPack)
