--TEST--
At panelsso.log_level=debug nothing secret reaches PHP's error log: not the partner key, not a one-time code, not a profile's phone number; every line is one line, prefixed "panelsso: "
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
panelsso.log_level=debug
error_log={PWD}/secrets_not_logged.log
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
$key = trim(file_get_contents(test_env('PANELSSO_TEST_KEY_FILE')));
$codes = [];
foreach (['global', 'eu'] as $region) {
    $a = ['tenant' => 'acme', 'account_id' => "secrets-$region", 'region' => $region];
    $r = PanelSso\login('sendgrid', $a);
    $codes[] = parse_url($r->redirectUrl, PHP_URL_QUERY);
    PanelSso\check('sendgrid', $a);
    PanelSso\login('sendgrid', ['account_id' => 'script-401', 'region' => $region]);
    $c = PanelSso\account_create('sendgrid', ['tenant' => 'acme', 'region' => $region],
        ['email' => "secrets-$region@acme.example", 'phone' => '+15555550199'],
        [['name' => 'org.ei.free.v1', 'type' => 'package']]);
    PanelSso\account_delete('sendgrid', ['tenant' => 'acme', 'region' => $region, 'account_id' => $c->accountId]);
}
PanelSso\login('status', ['log' => 'yes']);
$log = file_get_contents(__DIR__ . '/secrets_not_logged.log');
$lines = explode("\n", rtrim($log, "\n"));
echo 'lines logged: ', count($lines) > 10 ? 'more than 10' : count($lines), "\n";
echo 'every line is "[time] panelsso: LEVEL: ...": ',
     var_export(count(preg_grep('/^\[[^]]+\] panelsso: (error|warning|info|debug): \S/', $lines)) === count($lines), true), "\n";
echo 'debug lines among them: ', var_export(count(preg_grep('/ panelsso: debug: /', $lines)) > 0, true), "\n";
echo 'the partner key: ', str_contains($log, $key) ? 'LOGGED' : 'absent', "\n";
echo 'a part of it (16 bytes): ', str_contains($log, substr($key, 8, 16)) ? 'LOGGED' : 'absent', "\n";
foreach ($codes as $i => $code) {
    echo "one-time code $i: ", ($code !== null && $code !== '' && !str_contains($log, $code) && !str_contains($log, substr($code, 5))) ? 'absent' : 'LOGGED', "\n";
}
echo 'anything code-shaped: ', preg_match('/code=[0-9a-f]{32}/', $log) ? 'LOGGED' : 'absent', "\n";
echo 'the phone number: ', str_contains($log, '15555550199') ? 'LOGGED' : 'absent', "\n";
?>
--CLEAN--
<?php
@unlink(__DIR__ . "/secrets_not_logged.log");
?>
--EXPECT--
lines logged: more than 10
every line is "[time] panelsso: LEVEL: ...": true
debug lines among them: true
the partner key: absent
a part of it (16 bytes): absent
one-time code 0: absent
one-time code 1: absent
anything code-shaped: absent
the phone number: absent
