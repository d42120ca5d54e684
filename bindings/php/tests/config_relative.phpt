--TEST--
A relative panelsso.config is refused (at startup the current directory is whatever started PHP): providers() says to give the full path
--EXTENSIONS--
panelsso
--INI--
panelsso.config=conf/sandbox.json
error_log={PWD}/config_relative.log
--FILE--
<?php
// SPDX-License-Identifier: MIT
echo PanelSso\providers()['failed'][0]['reason'], "\n";
echo PanelSso\login('sendgrid', ['account_id' => 'a'])->statusName, "\n";
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/config_relative.log');
?>
--EXPECT--
panelsso.config "conf/sandbox.json" is not an absolute path: give the full path in php.ini (/etc/panelsso/panelsso.json)
AUTH_ERR_CONFIG
