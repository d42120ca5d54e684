--TEST--
An unknown panelsso.log_level is reported once at startup and "warning" is used
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
panelsso.log_level=verbose
error_log={PWD}/log_level_invalid.log
--FILE--
<?php
// SPDX-License-Identifier: MIT
PanelSso\login('status', ['log' => 'yes']);
echo preg_replace('/^\[[^]]*\] /m', '[time] ', file_get_contents(__DIR__ . '/log_level_invalid.log'));
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/log_level_invalid.log');
?>
--EXPECT--
[time] panelsso: warning: panelsso.log_level: "verbose" is not one of error, warning, info, debug: using warning (fix php.ini)
[time] panelsso: error: status: error line of login
[time] panelsso: warning: status: warning line of login
