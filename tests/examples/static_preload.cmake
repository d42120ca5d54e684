# examples.static_preload: several plugins linked statically into one
# program (libltdl's preloading) with AUTH_PROVIDER_STATIC, so that only
# their unique <module>_LTX_ entry names are defined (see auth_provider.h).
# The plugins' sources are compiled again here, as objects of this program.
add_executable(test_static_preload test_static_preload.c
  "${PROJECT_SOURCE_DIR}/samples/minimal-plugin/minimal_plugin.c"
  "${PROJECT_SOURCE_DIR}/tests/panelctl/fake_plugin.c"
  "${PROJECT_SOURCE_DIR}/plugin/src/sg_provider.c")
target_compile_definitions(test_static_preload PRIVATE AUTH_PROVIDER_STATIC)
target_link_libraries(test_static_preload PRIVATE sendgrid_core testsupport)
panelsso_warnings(test_static_preload)
add_test(NAME examples.static_preload COMMAND test_static_preload)
