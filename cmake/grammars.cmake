# Tree-sitter grammars: fetch, verify, build, and generate the grammar table.
#
# stc_add_grammars(<target>) reads grammars/manifest.cmake. For each entry it
# takes the npm tarball from the download cache (or fetches it with
# `npm pack`), checks its SHA-256, extracts it under
# ${CMAKE_BINARY_DIR}/_grammars/<name>, checks the parser's ABI, and builds a
# static library <target>_<name> from its src/. It then defines the static
# library <target>, holding a generated grammar_table.cc that implements
# indexer/syntax/grammar_table.h and embeds grammars/queries/<name>.scm;
# <target> links every grammar library and the tree-sitter runtime publicly.
#
# Download cache: $ENV{STC_GRAMMAR_CACHE}, else ~/.cache/stc/grammars, else
# (no usable HOME) ${CMAKE_BINARY_DIR}/_grammars/cache.
#
# This file is also the generator script: run with -P and
# STC_GRAMMAR_TABLE_INPUTS / STC_GRAMMAR_TABLE_OUTPUT it writes the table.

set(_STC_GRAMMARS_CMAKE "${CMAKE_CURRENT_LIST_FILE}")
get_filename_component(_STC_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# Called by grammars/manifest.cmake, once per grammar.
function(stc_grammar name)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""
    "PACKAGE;VERSION;SHA256;SUBDIR;SYMBOL;QUERY" "EXTENSIONS")
  foreach(key PACKAGE VERSION SHA256 SUBDIR SYMBOL EXTENSIONS)
    if(NOT arg_${key})
      message(FATAL_ERROR "stc: grammars/manifest.cmake: ${name} has no ${key}")
    endif()
  endforeach()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "stc: grammars/manifest.cmake: ${name}: unknown ${arg_UNPARSED_ARGUMENTS}")
  endif()
  string(LENGTH "${arg_SHA256}" sha_length)
  if(NOT arg_SHA256 MATCHES "^[0-9a-f]+$" OR NOT sha_length EQUAL 64)
    message(FATAL_ERROR "stc: grammars/manifest.cmake: ${name}: bad SHA256")
  endif()
  if(name IN_LIST _stc_grammar_names)
    message(FATAL_ERROR "stc: grammars/manifest.cmake: ${name} listed twice")
  endif()
  if(NOT arg_QUERY)
    set(arg_QUERY "${name}")  # grammars/queries/<QUERY>.scm; grammars may share one
  endif()
  foreach(key PACKAGE VERSION SHA256 SUBDIR SYMBOL EXTENSIONS QUERY)
    set(_stc_grammar_${name}_${key} "${arg_${key}}" PARENT_SCOPE)
  endforeach()
  set(_stc_grammar_names ${_stc_grammar_names} ${name} PARENT_SCOPE)
endfunction()

# Sets <out_var> to the download cache directory, creating it.
function(_stc_grammar_cache_dir out_var)
  set(candidates)
  if(DEFINED ENV{STC_GRAMMAR_CACHE} AND NOT "$ENV{STC_GRAMMAR_CACHE}" STREQUAL "")
    set(candidates "$ENV{STC_GRAMMAR_CACHE}")
  elseif(DEFINED ENV{HOME} AND NOT "$ENV{HOME}" STREQUAL "")
    set(candidates "$ENV{HOME}/.cache/stc/grammars")
  endif()
  list(APPEND candidates "${CMAKE_BINARY_DIR}/_grammars/cache")
  foreach(dir IN LISTS candidates)
    # Separate calls: the COMMANDs of one execute_process form a pipeline.
    execute_process(COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
      RESULT_VARIABLE failed OUTPUT_QUIET ERROR_QUIET)
    if(NOT failed)
      execute_process(COMMAND "${CMAKE_COMMAND}" -E touch "${dir}/.stc-write-test"
        RESULT_VARIABLE failed OUTPUT_QUIET ERROR_QUIET)
    endif()
    if(NOT failed)
      file(REMOVE "${dir}/.stc-write-test")
      set(${out_var} "${dir}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "stc: no writable grammar cache directory (tried ${candidates})")
endfunction()

# Runs `npm pack` for <package>@<version> into <cache_dir>/<file>.
function(_stc_grammar_download package version cache_dir file)
  set(where "${package}@${version}")
  set(fail_text "Check network access to registry.npmjs.org or put the tarball in ${cache_dir}.")
  find_program(STC_NPM_EXECUTABLE npm)
  if(NOT STC_NPM_EXECUTABLE)
    message(FATAL_ERROR "stc: could not download tree-sitter grammar ${where} "
      "from the npm registry (npm not found in PATH). ${fail_text}")
  endif()
  string(RANDOM LENGTH 8 tag)
  set(tmp "${cache_dir}/.download-${tag}")
  file(MAKE_DIRECTORY "${tmp}")
  message(STATUS "stc: downloading ${where}")
  # npm gets a throwaway cache: ~/.npm may be unwritable (npm then spins);
  # few, short retries keep an offline configure quick.
  execute_process(
    COMMAND "${STC_NPM_EXECUTABLE}" pack "${where}" --pack-destination "${tmp}"
            --cache "${tmp}/npm-cache" --loglevel=error --update-notifier=false
            --fetch-retries=1 --fetch-retry-mintimeout=2000
            --fetch-retry-maxtimeout=10000
    TIMEOUT 600
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(result EQUAL 0 AND EXISTS "${tmp}/${file}")
    file(RENAME "${tmp}/${file}" "${cache_dir}/${file}")
    file(REMOVE_RECURSE "${tmp}")
    return()
  endif()
  file(REMOVE_RECURSE "${tmp}")
  # npm's most telling line: the failed request, else the first message that
  # is not a code/syscall/errno field or a stack frame, else the code.
  set(request "")
  set(first "")
  set(code "")
  string(REPLACE "\n" ";" lines "${err}")
  foreach(candidate IN LISTS lines)
    if(NOT candidate MATCHES "^npm (error|ERR!) (.+)$")
      continue()
    endif()
    set(text "${CMAKE_MATCH_2}")
    if(request STREQUAL "" AND text MATCHES "request to .* failed, reason: .*")
      set(request "${CMAKE_MATCH_0}")
    elseif(code STREQUAL "" AND text MATCHES "^code (.+)")
      set(code "${CMAKE_MATCH_1}")
    elseif(first STREQUAL "" AND NOT text MATCHES "^(syscall|errno|code|A complete log| )")
      set(first "${text}")
    endif()
  endforeach()
  if(NOT request STREQUAL "")
    set(line "${request}")
  elseif(NOT first STREQUAL "")
    set(line "${first}")
  elseif(NOT code STREQUAL "")
    set(line "${code}")
  elseif(err MATCHES "^[ \n]*([^\n]+)")
    set(line "${CMAKE_MATCH_1}")
  else()
    set(line "npm pack exited with ${result}")
  endif()
  message(FATAL_ERROR "stc: could not download tree-sitter grammar ${where} "
    "from the npm registry (${line}). ${fail_text}")
endfunction()

# Makes sure <dest>/package holds the verified tarball of grammar <name>.
function(_stc_grammar_unpack name cache_dir dest)
  set(package "${_stc_grammar_${name}_PACKAGE}")
  set(version "${_stc_grammar_${name}_VERSION}")
  set(expected "${_stc_grammar_${name}_SHA256}")
  string(REGEX REPLACE "^@" "" file "${package}")
  string(REPLACE "/" "-" file "${file}-${version}.tgz")
  set(tarball "${cache_dir}/${file}")
  if(EXISTS "${dest}/.stc-stamp")
    file(READ "${dest}/.stc-stamp" stamp)
    if(stamp STREQUAL expected AND EXISTS "${dest}/package")
      return()
    endif()
  endif()
  if(NOT EXISTS "${tarball}")
    _stc_grammar_download("${package}" "${version}" "${cache_dir}" "${file}")
  endif()
  file(SHA256 "${tarball}" actual)
  if(NOT actual STREQUAL expected)
    file(REMOVE "${tarball}")
    message(FATAL_ERROR "stc: SHA-256 mismatch for tree-sitter grammar "
      "${package}@${version}: expected ${expected}, got ${actual}. "
      "The bad tarball ${tarball} was deleted.")
  endif()
  file(REMOVE_RECURSE "${dest}")
  # Everything but package/prebuilds (Node binaries, half the unpacked size).
  file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${dest}"
    PATTERNS "package/[!p]*" "package/package.json")
  file(WRITE "${dest}/.stc-stamp" "${expected}")
endfunction()

# Fails unless <parser_c> declares LANGUAGE_VERSION 13 or 14.
function(_stc_grammar_check_abi name parser_c)
  file(STRINGS "${parser_c}" define LIMIT_COUNT 1
    REGEX "^#define LANGUAGE_VERSION [0-9]+")
  string(REGEX REPLACE "^#define LANGUAGE_VERSION ([0-9]+).*" "\\1" abi "${define}")
  if(NOT abi MATCHES "^(13|14)$")
    message(FATAL_ERROR "stc: tree-sitter grammar ${name} "
      "(${_stc_grammar_${name}_PACKAGE}@${_stc_grammar_${name}_VERSION}) has "
      "ABI '${abi}', but the tree-sitter 0.20 runtime loads only ABI 13 and 14. "
      "Pin an older version in grammars/manifest.cmake.")
  endif()
endfunction()

# Defines the static library <lib> from the grammar sources in <src>.
function(_stc_grammar_library lib src)
  set(sources "${src}/parser.c")
  foreach(scanner scanner.c scanner.cc)
    if(EXISTS "${src}/${scanner}")
      list(APPEND sources "${src}/${scanner}")
    endif()
  endforeach()
  add_library(${lib} STATIC ${sources})
  target_include_directories(${lib} PRIVATE "${src}")
  target_compile_options(${lib} PRIVATE -O2 -w)
  set_target_properties(${lib} PROPERTIES
    C_STANDARD 11 C_STANDARD_REQUIRED ON POSITION_INDEPENDENT_CODE ON)
endfunction()

# Writes the generator's input list and the rule producing grammar_table.cc.
function(_stc_grammar_table_rule target names)
  set(gen_dir "${CMAKE_BINARY_DIR}/generated")
  set(inputs "${gen_dir}/grammar_table_inputs.cmake")
  set(output "${gen_dir}/grammar_table.cc")
  set(content "set(STC_GT_NAMES \"${names}\")\n")
  set(queries)
  foreach(name IN LISTS names)
    set(query "${_STC_ROOT}/grammars/queries/${_stc_grammar_${name}_QUERY}.scm")
    if(NOT EXISTS "${query}")
      message(FATAL_ERROR "stc: grammar ${name} has no query file ${query}")
    endif()
    list(APPEND queries "${query}")
    list(JOIN _stc_grammar_${name}_EXTENSIONS " " extensions)
    string(APPEND content
      "set(STC_GT_${name}_SYMBOL \"${_stc_grammar_${name}_SYMBOL}\")\n"
      "set(STC_GT_${name}_EXTENSIONS \"${extensions}\")\n"
      "set(STC_GT_${name}_QUERY \"${query}\")\n")
  endforeach()
  file(CONFIGURE OUTPUT "${inputs}" CONTENT "${content}" @ONLY)
  add_custom_command(OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" "-DSTC_GRAMMAR_TABLE_INPUTS=${inputs}"
            "-DSTC_GRAMMAR_TABLE_OUTPUT=${output}" -P "${_STC_GRAMMARS_CMAKE}"
    DEPENDS "${inputs}" ${queries} "${_STC_GRAMMARS_CMAKE}"
    COMMENT "Generating grammar_table.cc" VERBATIM)
  set(${target}_generated "${output}" PARENT_SCOPE)
endfunction()

function(stc_add_grammars target)
  set(manifest "${_STC_ROOT}/grammars/manifest.cmake")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${manifest}")
  set(_stc_grammar_names)
  include("${manifest}")
  if(NOT _stc_grammar_names)
    message(FATAL_ERROR "stc: ${manifest} lists no grammars")
  endif()

  find_library(TREE_SITTER_LIB tree-sitter REQUIRED)
  find_path(TREE_SITTER_INCLUDE_DIR tree_sitter/api.h REQUIRED)
  _stc_grammar_cache_dir(cache_dir)

  set(grammar_libs)
  foreach(name IN LISTS _stc_grammar_names)
    set(dest "${CMAKE_BINARY_DIR}/_grammars/${name}")
    _stc_grammar_unpack(${name} "${cache_dir}" "${dest}")
    set(src "${dest}/package/${_stc_grammar_${name}_SUBDIR}/src")
    if(NOT EXISTS "${src}/parser.c")
      message(FATAL_ERROR "stc: grammar ${name}: no ${src}/parser.c "
        "(check SUBDIR in grammars/manifest.cmake)")
    endif()
    _stc_grammar_check_abi(${name} "${src}/parser.c")
    _stc_grammar_library(${target}_${name} "${src}")
    list(APPEND grammar_libs ${target}_${name})
  endforeach()

  _stc_grammar_table_rule(${target} "${_stc_grammar_names}")
  add_library(${target} STATIC "${${target}_generated}")
  target_include_directories(${target} PUBLIC "${_STC_ROOT}" "${TREE_SITTER_INCLUDE_DIR}")
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_link_libraries(${target} PUBLIC ${grammar_libs} "${TREE_SITTER_LIB}")
endfunction()

# --- Generator (script mode) -------------------------------------------------

# Appends to <out_var> a C++ raw string literal holding <text>.
function(_stc_raw_string_literal text out_var)
  set(delim "stcq")
  string(FIND "${text}" ")${delim}\"" found)
  while(NOT found EQUAL -1)
    string(APPEND delim "q")
    string(FIND "${text}" ")${delim}\"" found)
  endwhile()
  set(${out_var} "${${out_var}}R\"${delim}(${text})${delim}\"" PARENT_SCOPE)
endfunction()

function(_stc_write_grammar_table inputs output)
  include("${inputs}")
  string(CONCAT cc "// Generated by cmake/grammars.cmake from grammars/; do not edit.\n"
    "#include \"indexer/syntax/grammar_table.h\"\n\n"
    "extern \"C\" {\n")
  foreach(name IN LISTS STC_GT_NAMES)
    string(APPEND cc "const TSLanguage* ${STC_GT_${name}_SYMBOL}(void);\n")
  endforeach()
  string(APPEND cc "}\n\nnamespace stc::indexer::syntax {\nnamespace {\n\n")
  foreach(name IN LISTS STC_GT_NAMES)
    file(READ "${STC_GT_${name}_QUERY}" query)
    string(APPEND cc "constexpr std::string_view k_${name}_query = ")
    _stc_raw_string_literal("${query}" cc)
    string(APPEND cc ";\n\n")
  endforeach()
  string(APPEND cc "constexpr GrammarEntry k_grammars[] = {\n")
  foreach(name IN LISTS STC_GT_NAMES)
    string(APPEND cc "    {\"${name}\", \"${STC_GT_${name}_EXTENSIONS}\", "
      "&${STC_GT_${name}_SYMBOL}, k_${name}_query},\n")
  endforeach()
  string(APPEND cc "};\n\n}  // namespace\n\n"
    "std::span<const GrammarEntry> grammar_table() { return k_grammars; }\n\n"
    "}  // namespace stc::indexer::syntax\n")
  file(WRITE "${output}" "${cc}")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED STC_GRAMMAR_TABLE_OUTPUT)
  _stc_write_grammar_table("${STC_GRAMMAR_TABLE_INPUTS}" "${STC_GRAMMAR_TABLE_OUTPUT}")
endif()
