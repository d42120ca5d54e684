--TEST--
Plugins that fail to load (a file that is no shared object, a provider whose init fails for a missing key file) never stop PHP: each is logged once at startup, listed by providers() under "failed", and every call to it answers AUTH_ERR_CONFIG with the reason; the provider that loaded works
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/broken-plugins.json
error_log={PWD}/broken_plugins.log
--FILE--
<?php
// SPDX-License-Identifier: MIT
$p = PanelSso\providers();
echo 'loaded: ', implode(', ', array_map(fn($e) => "$e[name] $e[version] (ABI $e[abi])", array_filter($p, 'is_int', ARRAY_FILTER_USE_KEY))), "\n";
foreach ($p['failed'] as $f) {
    echo 'failed: ', basename($f['file']), ': ', $f['reason'], "\n";
}
foreach (['sendgrid', 'broken'] as $provider) {
    $r = PanelSso\login($provider, ['tenant' => 't', 'account_id' => 'a']);
    printf("%s: %s (%d)\n    log: %s\n", $provider, $r->statusName, $r->status, $r->logMessage);
    $r = PanelSso\account_state($provider, ['tenant' => 't', 'account_id' => 'a']);
    printf("%s account_state: %s\n", $provider, $r->statusName);
}
$r = PanelSso\login('status', ['status' => '0']);
echo 'status: ', $r->statusName, "\n";
echo "error log:\n", preg_replace('/^\[[^]]*\] /m', '[time] ', file_get_contents(__DIR__ . '/broken_plugins.log'));
?>
--CLEAN--
<?php
@unlink(__DIR__ . '/broken_plugins.log');
?>
--EXPECTF--
loaded: status 1.0.0-test (ABI 1.1)
failed: broken.so: not a loadable shared object (%s/plugins-broken/broken.so: file too short): install a plugin built for this system, with its libraries, or remove the file
failed: sendgrid.so: init failed with AUTH_ERR_CONFIG (api_key_file: cannot open '%s/no-such.key' (No such file or directory): check the path and that the panel's user may read it): fix the provider's settings
sendgrid: AUTH_ERR_CONFIG (2)
    log: provider 'sendgrid' failed to load when PHP started: %s/plugins-broken/sendgrid.so: init failed with AUTH_ERR_CONFIG (api_key_file: cannot open '%s/no-such.key' (No such file or directory): check the path and that the panel's user may read it): fix the provider's settings (restart PHP after fixing it)
sendgrid account_state: AUTH_ERR_CONFIG
broken: AUTH_ERR_CONFIG (2)
    log: provider 'broken' failed to load when PHP started: %s/plugins-broken/broken.so: not a loadable shared object (%s/plugins-broken/broken.so: file too short): install a plugin built for this system, with its libraries, or remove the file (restart PHP after fixing it)
broken account_state: AUTH_ERR_CONFIG
status: AUTH_OK
error log:
[time] panelsso: error: cannot load plugin %s/plugins-broken/broken.so: not a loadable shared object (%s/plugins-broken/broken.so: file too short): install a plugin built for this system, with its libraries, or remove the file
[time] panelsso: error: sendgrid: init failed: api_key_file: cannot open '%s/no-such.key' (No such file or directory): check the path and that the panel's user may read it
[time] panelsso: error: cannot load plugin %s/plugins-broken/sendgrid.so: init failed with AUTH_ERR_CONFIG (api_key_file: cannot open '%s/no-such.key' (No such file or directory): check the path and that the panel's user may read it): fix the provider's settings
