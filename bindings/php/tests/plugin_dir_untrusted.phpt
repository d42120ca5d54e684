--TEST--
A plugin directory others may write (mode 0777) is refused whole, before any file in it runs: providers() lists the directory, and a call to any provider in it answers AUTH_ERR_CONFIG with that reason
--EXTENSIONS--
panelsso
--INI--
error_log={PWD}/plugin_dir_untrusted.log
panelsso.config={PWD}/conf/open-plugin-dir.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
print_r(PanelSso\providers());
$r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'a']);
echo $r->statusName, "\n", $r->logMessage, "\n";
echo 'logged once: ', substr_count(file_get_contents(__DIR__ . '/plugin_dir_untrusted.log'), 'panelsso: error: cannot load plugin'), "\n";
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/plugin_dir_untrusted.log');
?>
--EXPECTF--
Array
(
    [failed] => Array
        (
            [0] => Array
                (
                    [file] => %s/plugins-open
                    [reason] => refused the plugin directory, no code of any file in it ran: %s/plugins-open is writable by group and others (mode 0777): run 'chmod go-w %s/plugins-open'
                )

        )

)
AUTH_ERR_CONFIG
provider 'sendgrid' is not available: the plugin directory failed when PHP started: %s/plugins-open: refused the plugin directory, no code of any file in it ran: %s/plugins-open is writable by group and others (mode 0777): run 'chmod go-w %s/plugins-open' (restart PHP after fixing it)
logged once: 1
