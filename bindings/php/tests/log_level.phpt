--TEST--
panelsso.log_level=info: the lines of level error, warning and info go to PHP's error log prefixed "panelsso: " (the loader's, the test provider's, the SendGrid plugin's audit line), debug lines do not
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
panelsso.log_level=info
error_log={PWD}/log_level.log
--FILE--
<?php
// SPDX-License-Identifier: MIT
PanelSso\login('status', ['log' => 'yes']);
PanelSso\login('sendgrid', ['tenant' => 'acme', 'account_id' => 'log-level-1', 'region' => 'eu']);
$log = file(__DIR__ . '/log_level.log', FILE_IGNORE_NEW_LINES);
foreach ($log as $line) {
    echo preg_replace('/^\[[^]]*\] /', '[time] ', $line), "\n";
}
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/log_level.log');
?>
--EXPECTF--
[time] panelsso: info: sendgrid: ready (global https://127.0.0.1:%d, eu https://127.0.0.1:%d, timeout %d ms, 1 retry)
[time] panelsso: info: loaded plugin %s/plugins/sendgrid.so as 'sendgrid' (ABI 1.1)
[time] panelsso: info: loaded plugin %s/plugins/status.so as 'status' (ABI 1.1)
[time] panelsso: info: loaded 2 provider(s) from %s/plugins, 0 failed (%s/conf/sandbox.json)
[time] panelsso: error: status: error line of login
[time] panelsso: warning: status: warning line of login
[time] panelsso: info: status: info line of login
[time] panelsso: info: sendgrid: login tenant=acme account=log-level-1 region=eu outcome=AUTH_OK http=303 error_id=- attempts=1 ms=%d
