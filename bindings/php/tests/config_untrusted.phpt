--TEST--
A configuration file others may write (mode 0666) is refused before it is read, by the trust rule: PHP starts, providers() says why and how to fix it, calls answer AUTH_ERR_CONFIG
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/untrusted.json
error_log={PWD}/config_untrusted.log
--FILE--
<?php
// SPDX-License-Identifier: MIT
print_r(PanelSso\providers());
$r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'a']);
echo $r->statusName, "\n", $r->logMessage, "\n";
echo 'logged once: ', substr_count(file_get_contents(__DIR__ . '/config_untrusted.log'), 'panelsso: error: no provider is available: config file'), "\n";
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/config_untrusted.log');
?>
--EXPECTF--
Array
(
    [failed] => Array
        (
            [0] => Array
                (
                    [file] => %s/conf/untrusted.json
                    [reason] => config file %s/conf/untrusted.json refused (it names the plugins to load and the key files they read): %s/conf/untrusted.json is writable by group and others (mode 0666): run 'chmod go-w %s/conf/untrusted.json'
                )

        )

)
AUTH_ERR_CONFIG
provider 'sendgrid' is not available: the configuration failed to load when PHP started: config file %s/conf/untrusted.json refused (it names the plugins to load and the key files they read): %s/conf/untrusted.json is writable by group and others (mode 0666): run 'chmod go-w %s/conf/untrusted.json' (restart PHP after fixing it)
logged once: 1
