# add_auth_plugin(<target> MODULE <module-name> [OUTPUT_DIR <dir>] [NO_INSTALL]
#                 SOURCES <src>... [LIBRARIES <lib>...])
#
# Builds an auth_provider plugin: a MODULE named <module-name>.so (no "lib"
# prefix: the module name is what hosts and libltdl call it), compiled with
# hidden visibility and linked with
#   -z defs      every symbol it needs must come from its own libraries,
#   -z nodelete  its code stays mapped after dlclose (libcurl's resolver
#                threads may outlive an unload, see docs/abi.md),
#   a version script that exports only auth_provider_entry and
#                <module>_LTX_auth_provider_entry.
# It also registers a ctest that checks exactly those symbols are exported.
function(add_auth_plugin target)
  cmake_parse_arguments(P "NO_INSTALL;NO_WARNINGS" "MODULE;OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT P_MODULE)
    message(FATAL_ERROR "add_auth_plugin(${target}): MODULE is required")
  endif()
  if(NOT P_OUTPUT_DIR)
    set(P_OUTPUT_DIR "${PANELSSO_PLUGIN_BUILD_DIR}")
  endif()
  add_library(${target} MODULE ${P_SOURCES})
  set(vscript "${CMAKE_CURRENT_BINARY_DIR}/${target}.exports")
  file(WRITE "${vscript}"
    "{\n  global:\n    auth_provider_entry;\n    ${P_MODULE}_LTX_auth_provider_entry;\n  local:\n    *;\n};\n")
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME "${P_MODULE}"
    LIBRARY_OUTPUT_DIRECTORY "${P_OUTPUT_DIR}"
    C_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS "${vscript}")
  target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}/host-api/include"
    "${PROJECT_SOURCE_DIR}/host-api/include/panelsso")
  target_link_options(${target} PRIVATE
    -Wl,-z,defs -Wl,-z,nodelete -Wl,--exclude-libs,ALL
    "-Wl,--version-script=${vscript}")
  if(P_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${P_LIBRARIES})
  endif()
  if(NOT P_NO_WARNINGS)
    panelsso_warnings(${target})
  endif()
  if(NOT P_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION "${PANELSSO_PLUGIN_INSTALL_DIR}")
  endif()
  if(BUILD_TESTING)
    add_test(NAME exports.${P_MODULE}
      COMMAND "${PROJECT_SOURCE_DIR}/tests/check-exports.sh" "$<TARGET_FILE:${target}>"
              auth_provider_entry "${P_MODULE}_LTX_auth_provider_entry")
  endif()
endfunction()
