--TEST--
A configuration file that does not exist: PHP starts, the failure is logged once at startup (to PHP's error log, "panelsso: "), providers() lists it under "failed", and every call answers AUTH_ERR_CONFIG with the reason
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/missing.json
error_log={PWD}/config_missing.log
--FILE--
<?php
// SPDX-License-Identifier: MIT
var_dump(PanelSso\providers());
foreach (['login' => fn() => PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'a']),
          'check' => fn() => PanelSso\check('sendgrid', ['tenant' => 't']),
          'account_create' => fn() => PanelSso\account_create('sendgrid', ['tenant' => 't'], [], [['name' => 'org.ei.free.v1', 'type' => 'package']]),
          'catalog' => fn() => PanelSso\catalog('other', [])] as $name => $call) {
    $r = $call();
    printf("%s: %s (%d) ok=%s\n    user: %s\n    log: %s\n", $name, $r->statusName, $r->status,
           var_export($r->ok, true), $r->userMessage, $r->logMessage);
}
echo "error log:\n", preg_replace('/^\[[^]]*\] /m', '[time] ', file_get_contents(__DIR__ . '/config_missing.log'));
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/config_missing.log');
?>
--EXPECTF--
array(1) {
  ["failed"]=>
  array(1) {
    [0]=>
    array(2) {
      ["file"]=>
      string(%d) "%s/conf/missing.json"
      ["reason"]=>
      string(%d) "cannot open config file %s/conf/missing.json: No such file or directory: check the path and the file's permissions"
    }
  }
}
login: AUTH_ERR_CONFIG (2) ok=false
    user: This service is not set up correctly. Please contact support.
    log: provider 'sendgrid' is not available: the configuration failed to load when PHP started: cannot open config file %s/conf/missing.json: No such file or directory: check the path and the file's permissions (restart PHP after fixing it)
check: AUTH_ERR_CONFIG (2) ok=false
    user: This service is not set up correctly. Please contact support.
    log: provider 'sendgrid' is not available: the configuration failed to load when PHP started: cannot open config file %s/conf/missing.json: No such file or directory: check the path and the file's permissions (restart PHP after fixing it)
account_create: AUTH_ERR_CONFIG (2) ok=false
    user: This service is not set up correctly. Please contact support.
    log: provider 'sendgrid' is not available: the configuration failed to load when PHP started: cannot open config file %s/conf/missing.json: No such file or directory: check the path and the file's permissions (restart PHP after fixing it)
catalog: AUTH_ERR_CONFIG (2) ok=false
    user: This service is not set up correctly. Please contact support.
    log: provider 'other' is not available: the configuration failed to load when PHP started: cannot open config file %s/conf/missing.json: No such file or directory: check the path and the file's permissions (restart PHP after fixing it)
error log:
[time] panelsso: error: no provider is available: cannot open config file %s/conf/missing.json: No such file or directory: check the path and the file's permissions
