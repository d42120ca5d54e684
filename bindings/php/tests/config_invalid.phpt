--TEST--
A configuration file that is not JSON: PHP starts, providers() names the line and column, calls answer AUTH_ERR_CONFIG
--EXTENSIONS--
panelsso
--INI--
error_log={PWD}/config_invalid.log
panelsso.config={PWD}/conf/invalid.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
$p = PanelSso\providers();
echo count($p), ' entry: ', implode(', ', array_keys($p)), "\n", $p['failed'][0]['reason'], "\n";
$r = PanelSso\check('sendgrid', ['tenant' => 't']);
echo $r->statusName, "\n", $r->logMessage, "\n";
echo 'logged once: ', substr_count(file_get_contents(__DIR__ . '/config_invalid.log'), 'no provider is available: config file'), "\n";
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/config_invalid.log');
?>
--EXPECTF--
1 entry: failed
config file %s/conf/invalid.json is not valid JSON: line 2, column 18: quoted object property name expected: fix the JSON syntax
AUTH_ERR_CONFIG
provider 'sendgrid' is not available: the configuration failed to load when PHP started: config file %s/conf/invalid.json is not valid JSON: line 2, column 18: quoted object property name expected: fix the JSON syntax (restart PHP after fixing it)
logged once: 1
