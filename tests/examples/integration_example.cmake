# SPDX-License-Identifier: MIT
# examples.integration: docs/integrating.md's example host
# (samples/integration-example/open_sendgrid) run as a subprocess against
# two HTTPS sandboxes with the test CA, through tests/support's process
# launcher.
include("${PROJECT_SOURCE_DIR}/tests/cmake/PanelssoTestSuite.cmake")
if(TARGET open_sendgrid AND TARGET testsupport AND TARGET sandbox
   AND TARGET sendgrid_plugin)
  panelsso_test_program(test_integration_example SOURCES test_integration_example.c
    DEFINITIONS
      EXAMPLE_SOURCE="${PROJECT_SOURCE_DIR}/samples/integration-example/open_sendgrid.c"
      INTEGRATING_DOC="${PROJECT_SOURCE_DIR}/docs/integrating.md"
    DEPENDS open_sendgrid sendgrid_plugin sandbox)
  panelsso_sandbox_test(examples.integration COMMAND test_integration_example TIMEOUT 120
    ENV "OPEN_SENDGRID_BIN=$<TARGET_FILE:open_sendgrid>")
else()
  panelsso_missing_test(examples.integration
    WHY "the open_sendgrid, testsupport, sandbox and sendgrid_plugin targets")
endif()
