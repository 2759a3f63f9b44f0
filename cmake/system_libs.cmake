# stc_system_libs: libgit2 and SQLite for every target of ours, and
# stc_fast_start(<executable>) for the command-line binaries.
#
# A command of stc runs in well under 100 ms, so how long the process takes
# to start counts: linked against the shared libraries, the dynamic loader
# maps 23 of them (libgit2 pulls in TLS, SSH, Kerberos and two crypto
# libraries) and relocates them before main() — about 17 ms of a
# `stc --version` on a 2-core VM, against 9 ms when libgit2, its
# dependencies, SQLite and the tree-sitter runtime come from Debian's static
# archives, libstdc++ is linked in and the binary is not position
# independent (bench/README.md, "Process start"). With STC_STATIC_LIBS (the
# default) that is how the binaries are linked when every archive is
# installed; otherwise, or with -DSTC_STATIC_LIBS=OFF, the shared libraries
# are used. libgit2's Kerberos (SPNEGO) support stays shared: Debian ships no
# static krb5.

option(STC_STATIC_LIBS "Link libgit2, SQLite and tree-sitter statically when the archives exist" ON)

find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# libdeflate for the store's deflated values (indexer/store/deflate.cc).
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)

add_library(stc_system_libs INTERFACE)
set(STC_STATIC_LINKED OFF)
if(STC_STATIC_LIBS)
  # libgit2 first, then what it needs, in link order (libssh2 needs libcrypto).
  set(_stc_archives git2 mbedtls mbedx509 mbedcrypto http_parser ssh2 crypto pcre2-8 z sqlite3
      deflate tree-sitter)
  set(_stc_found)
  set(_stc_missing)
  foreach(name IN LISTS _stc_archives)
    string(MAKE_C_IDENTIFIER "STC_ARCHIVE_${name}" var)
    find_library(${var} NAMES lib${name}.a)
    if(${var})
      list(APPEND _stc_found "${${var}}")
    else()
      list(APPEND _stc_missing lib${name}.a)
    endif()
  endforeach()
  find_library(STC_GSSAPI_LIB NAMES gssapi_krb5 libgssapi_krb5.so.2)
  if(NOT STC_GSSAPI_LIB)
    list(APPEND _stc_missing libgssapi_krb5)
  endif()
  if(_stc_missing)
    message(STATUS "stc: linking the shared libraries (no ${_stc_missing})")
  else()
    set(STC_STATIC_LINKED ON)
    # tree-sitter's archive for cmake/grammars.cmake (it links the runtime).
    set(TREE_SITTER_LIB "${STC_ARCHIVE_tree_sitter}")
    list(REMOVE_ITEM _stc_found "${STC_ARCHIVE_tree_sitter}")
    target_link_libraries(stc_system_libs INTERFACE ${_stc_found} "${STC_GSSAPI_LIB}" rt m
      ${CMAKE_DL_LIBS})
    # mbedTLS is never initialised: stc opens no remote (indexer/git/libgit2_init.cc).
    target_link_options(stc_system_libs INTERFACE
      "LINKER:--wrap=git_mbedtls_stream_global_init")
    message(STATUS "stc: linking libgit2, SQLite and tree-sitter statically")
  endif()
endif()
target_include_directories(stc_system_libs INTERFACE ${LIBGIT2_INCLUDE_DIRS}
  ${SQLITE3_INCLUDE_DIRS} ${LIBDEFLATE_INCLUDE_DIRS})
if(NOT STC_STATIC_LINKED)
  # zlib for the tests that check old stores' values (the static archives
  # above include it, after libgit2 which needs it too).
  find_package(ZLIB REQUIRED)
  target_link_libraries(stc_system_libs INTERFACE PkgConfig::LIBGIT2 PkgConfig::SQLITE3
    PkgConfig::LIBDEFLATE ZLIB::ZLIB)
endif()

# The command-line binaries start faster as position-dependent executables
# with libstdc++ inside (test binaries keep the shared libstdc++ that
# GoogleTest's shared libraries use).
#
# With -DSTC_JEMALLOC=ON they allocate with jemalloc (Debian's static
# archive) instead of glibc's malloc. tree-sitter allocates and frees a node
# per token, and glibc's allocator was 12 % of a full index's CPU samples:
# jemalloc takes about a tenth off the CPU of a full index and of the first
# pass, but it touches more pages at start (85 more page faults, about
# 3.5 ms on this VM: `stc search` 18 -> 21.5 ms, a 10-file incremental index
# 50 -> 59 ms CPU), and short commands are what users run most, so glibc's
# stays the default (bench/README.md, "jemalloc"). Only the binaries: the
# tests keep glibc's allocator, which valgrind and the sanitizers replace.
option(STC_JEMALLOC "Link the command-line binaries with jemalloc (faster full index, slower start)" OFF)
if(STC_JEMALLOC AND STC_STATIC_LINKED)
  find_library(STC_JEMALLOC_ARCHIVE NAMES libjemalloc.a)
  if(STC_JEMALLOC_ARCHIVE)
    message(STATUS "stc: the command-line binaries allocate with jemalloc")
  else()
    message(STATUS "stc: glibc's allocator (no libjemalloc.a: apt-get install libjemalloc-dev)")
  endif()
elseif(STC_JEMALLOC)
  message(STATUS "stc: glibc's allocator (STC_JEMALLOC needs the static link, STC_STATIC_LIBS)")
endif()
function(stc_fast_start target)
  if(STC_STATIC_LINKED AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_link_options(${target} PRIVATE -no-pie -static-libstdc++ -static-libgcc)
  endif()
  if(STC_JEMALLOC AND STC_STATIC_LINKED AND STC_JEMALLOC_ARCHIVE)
    target_link_libraries(${target} PRIVATE "${STC_JEMALLOC_ARCHIVE}" Threads::Threads
      ${CMAKE_DL_LIBS} m)
  endif()
endfunction()
