# examples.integration: docs/integrating.md's example host
# (samples/integration-example/open_sendgrid) run as a subprocess against
# two HTTPS sandboxes with the test CA, through tests/support's process
# launcher.
if(TARGET open_sendgrid AND TARGET testsupport AND TARGET sandbox
   AND TARGET sendgrid_plugin)
  add_executable(test_integration_example test_integration_example.c)
  target_link_libraries(test_integration_example PRIVATE testsupport)
  target_compile_definitions(test_integration_example PRIVATE
    EXAMPLE_SOURCE="${PROJECT_SOURCE_DIR}/samples/integration-example/open_sendgrid.c"
    INTEGRATING_DOC="${PROJECT_SOURCE_DIR}/docs/integrating.md")
  add_dependencies(test_integration_example open_sendgrid sendgrid_plugin sandbox)
  panelsso_warnings(test_integration_example)
  add_test(NAME examples.integration COMMAND test_integration_example)
  set_tests_properties(examples.integration PROPERTIES
    FIXTURES_REQUIRED pki
    TIMEOUT 120
    ENVIRONMENT "TEST_PKI_DIR=${CMAKE_BINARY_DIR}/test-pki;SANDBOX_BIN=$<TARGET_FILE:sandbox>;SENDGRID_PLUGIN=$<TARGET_FILE:sendgrid_plugin>;OPEN_SENDGRID_BIN=$<TARGET_FILE:open_sendgrid>")
else()
  # Never skip: a missing part fails loudly.
  add_test(NAME examples.integration COMMAND sh -c
    "echo 'examples.integration needs the open_sendgrid, testsupport, sandbox and sendgrid_plugin targets' >&2; exit 1")
endif()
