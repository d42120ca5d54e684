# SPDX-License-Identifier: MIT
# panelsso_add_plugin(<target> MODULE <name> SOURCES <src>...
#                     [LIBRARIES <lib>...]
#                     [OUTPUT_DIR <dir>]
#                     [INSTALL_DIR <dir> | NO_INSTALL])
#
# Builds an auth_provider plugin the way hosts expect one: a MODULE library
# named <name>.so (no "lib" prefix: hosts name an instance after its file),
# compiled against <panelsso/auth_provider.h> (the target panelsso::headers,
# the plugin does not link libauthloader) with hidden visibility, and linked
# with
#   -z defs          every symbol it uses must come from the libraries it
#                    links, so a missing one fails the build, not a login;
#   -z nodelete      its code stays mapped after dlclose: library threads
#                    (libcurl's resolver) may outlive an unload;
#   --exclude-libs   symbols of static libraries linked in stay local;
#   panelsso-plugin.map, the version script that exports auth_provider_entry
#                    and nothing else.
# Other link options, warnings and the C standard stay the caller's choice.
#
#   MODULE       the file name without ".so"; hosts load it as that instance
#   SOURCES      the plugin's sources (one of them uses
#                AUTH_PROVIDER_DEFINE_ENTRY)
#   LIBRARIES    libraries the plugin links, privately
#   OUTPUT_DIR   where the built .so goes (default: CMake's usual place;
#                inside the panelsso tree, the build's plugins/ directory)
#   INSTALL_DIR  where `cmake --install` puts it (default: the directory the
#                installed panelsso loads plugins from, PANELSSO_PLUGIN_DIR,
#                the same as pkg-config's `plugindir`)
#   NO_INSTALL   no install rule (test and example plugins)
#
# This file is the installed package's (find_package(panelsso)) and the
# panelsso tree's own: its plugins are built by exactly this recipe.
# Inside that tree it also applies the project's warnings and registers the
# ctest exports.<name>, which checks the built file's dynamic symbols.

set(_PANELSSO_PLUGIN_MAP "${CMAKE_CURRENT_LIST_DIR}/panelsso-plugin.map")

function(panelsso_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 P "NO_INSTALL" "MODULE;OUTPUT_DIR;INSTALL_DIR"
                        "SOURCES;LIBRARIES")
  if(P_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "panelsso_add_plugin(${target}): unknown arguments "
      "\"${P_UNPARSED_ARGUMENTS}\"; it takes MODULE, SOURCES, LIBRARIES, "
      "OUTPUT_DIR, INSTALL_DIR and NO_INSTALL")
  endif()
  if(NOT P_MODULE MATCHES "^[A-Za-z0-9_][A-Za-z0-9_.+-]*$")
    message(FATAL_ERROR "panelsso_add_plugin(${target}): MODULE must be the "
      "plugin's file name without \".so\" (letters, digits, _ . + -), e.g. MODULE sendgrid")
  endif()
  if(NOT P_SOURCES)
    message(FATAL_ERROR "panelsso_add_plugin(${target}): SOURCES is required")
  endif()
  if(P_NO_INSTALL AND P_INSTALL_DIR)
    message(FATAL_ERROR "panelsso_add_plugin(${target}): INSTALL_DIR and "
      "NO_INSTALL exclude each other")
  endif()
  if(NOT TARGET panelsso::headers)
    message(FATAL_ERROR "panelsso_add_plugin(${target}): the target "
      "panelsso::headers is missing: call find_package(panelsso) first")
  endif()

  add_library(${target} MODULE ${P_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME "${P_MODULE}" SUFFIX ".so"
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS "${_PANELSSO_PLUGIN_MAP}")
  if(P_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${P_OUTPUT_DIR}")
  elseif(PANELSSO_PLUGIN_BUILD_DIR)
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${PANELSSO_PLUGIN_BUILD_DIR}")
  endif()
  target_link_libraries(${target} PRIVATE panelsso::headers ${P_LIBRARIES})
  target_link_options(${target} PRIVATE
    -Wl,-z,defs -Wl,-z,nodelete -Wl,--exclude-libs,ALL
    "-Wl,--version-script=${_PANELSSO_PLUGIN_MAP}")

  if(NOT P_NO_INSTALL)
    if(NOT P_INSTALL_DIR)
      set(P_INSTALL_DIR "${PANELSSO_PLUGIN_DIR}")
    endif()
    install(TARGETS ${target} LIBRARY DESTINATION "${P_INSTALL_DIR}")
  endif()

  # The panelsso tree's own build (cmake/ProjectWarnings.cmake and
  # tests/check-exports.sh are not installed).
  if(COMMAND panelsso_warnings)
    panelsso_warnings(${target})
  endif()
  if(BUILD_TESTING AND PANELSSO_CHECK_EXPORTS)
    add_test(NAME exports.${P_MODULE}
      COMMAND "${PANELSSO_CHECK_EXPORTS}" "$<TARGET_FILE:${target}>" auth_provider_entry)
  endif()
endfunction()
