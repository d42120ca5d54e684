--TEST--
Hostile and huge attribute arrays: integer keys arrive as their digits, references are followed, 100000 attributes and a 1 MiB value are handled (the plugin refuses what it must), control characters and non-UTF-8 bytes pass as bytes, a path-like account id stays one id; nested arrays and NUL bytes are refused before anything is sent
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
function show(string $what, PanelSso\Result $r): void
{
    printf("%s: %s, error_id '%s'\n    log: %s\n", $what, $r->statusName, $r->errorId, $r->logMessage);
}
echo "== integer keys (PHP turns the key \"123\" into the integer 123)\n";
show('key 0', PanelSso\login('status', [0 => 'zero', 'echo' => '0']));
show('key "123"', PanelSso\login('status', ['123' => 'one-two-three', 'echo' => '123']));
show('key -5', PanelSso\login('status', [-5 => 'minus', 'echo' => '-5']));
show('a list', PanelSso\login('status', ['a', 'b', 'c', 'echo' => '2']));
$r = PanelSso\login('sendgrid', [0 => 'x', 1 => 'y', 'account_id' => 'hostile-ints', 'region' => 'global']);
show('sendgrid with integer keys beside its own', $r);
echo '    ', visit($r->redirectUrl), "\n";
echo "== references\n";
$id = 'hostile-ref';
$attributes = ['account_id' => &$id, 'region' => 'global'];
$r = PanelSso\login('sendgrid', $attributes);
echo '    ', visit($r->redirectUrl), "\n";
echo "== huge\n";
$big = [];
for ($i = 0; $i < 100000; $i++) {
    $big["k$i"] = "value-$i";
}
show('100000 attributes', PanelSso\login('status', $big + ['echo' => 'k99999']));
$r = PanelSso\login('sendgrid', $big + ['account_id' => 'hostile-big', 'region' => 'eu']);
show('100000 attributes to sendgrid', $r);
echo '    ', visit($r->redirectUrl), "\n";
$r = PanelSso\login('sendgrid', ['account_id' => str_repeat('a', 1 << 20), 'region' => 'global']);
printf("a 1 MiB account_id: %s, log of %d bytes\n", $r->statusName, strlen($r->logMessage));
$r = PanelSso\login('status', ['blob' => str_repeat('b', 1 << 20), 'echo' => 'blob']);
printf("a 1 MiB value of another key: %s, the plugin read it (its first 127 bytes came back): %s\n", $r->statusName, var_export($r->errorId === str_repeat('b', 127), true));
echo "== bytes\n";
$r = PanelSso\login('status', ["\x1b[2J\r\n\xff" => "\xfe\x01\t", 'echo' => "\x1b[2J\r\n\xff"]);
printf("control characters and non-UTF-8 in a key and a value: %s, the value arrived as it was: %s\n",
       $r->statusName, var_export($r->errorId === "\xfe\x01\t", true));
show('CR LF in the account id', PanelSso\login('sendgrid', ['account_id' => "a\r\nHost: evil", 'region' => 'global']));
$r = PanelSso\login('sendgrid', ['account_id' => 'ä/../x?y#z', 'region' => 'global']);
show('a path-like account id', $r);
echo '    logged into the account it names: ', var_export(visit($r->redirectUrl) === 'HTTP 200: logged in to ä/../x?y#z (region global)', true), "\n";
echo "== refused before sending\n";
foreach (['nested' => ['account_id' => ['a' => ['b' => 'c']]],
          'NUL in a key' => ["account_id\0region" => 'eu'],
          'NUL in a value' => ['account_id' => "a\0b"],
          'an object' => ['account_id' => new ArrayObject(['x'])]] as $what => $attributes) {
    try {
        PanelSso\login('sendgrid', $attributes + ['region' => 'global']);
        echo "$what: accepted\n";
    } catch (TypeError|ValueError $e) {
        echo "$what: ", get_class($e), "\n";
    }
}
?>
--EXPECT--
== integer keys (PHP turns the key "123" into the integer 123)
key 0: AUTH_OK, error_id 'zero'
    log: status: login answered 0 with 2 attribute(s)
key "123": AUTH_OK, error_id 'one-two-three'
    log: status: login answered 0 with 2 attribute(s)
key -5: AUTH_OK, error_id 'minus'
    log: status: login answered 0 with 2 attribute(s)
a list: AUTH_OK, error_id 'c'
    log: status: login answered 0 with 4 attribute(s)
sendgrid with integer keys beside its own: AUTH_OK, error_id ''
    log: SendGrid (global) issued a one-time login URL, valid 60 s
    HTTP 200: logged in to hostile-ints (region global)
== references
    HTTP 200: logged in to hostile-ref (region global)
== huge
100000 attributes: AUTH_OK, error_id 'value-99999'
    log: status: login answered 0 with 100001 attribute(s)
100000 attributes to sendgrid: AUTH_OK, error_id ''
    log: SendGrid (eu) issued a one-time login URL, valid 60 s
    HTTP 200: logged in to hostile-big (region eu)
a 1 MiB account_id: AUTH_ERR_INVALID_REQUEST, log of 105 bytes
a 1 MiB value of another key: AUTH_OK, the plugin read it (its first 127 bytes came back): true
== bytes
control characters and non-UTF-8 in a key and a value: AUTH_OK, the value arrived as it was: true
CR LF in the account id: AUTH_ERR_INVALID_REQUEST, error_id ''
    log: account_id 'a\x0d\x0aHost: evil' contains control characters
a path-like account id: AUTH_OK, error_id ''
    log: SendGrid (global) issued a one-time login URL, valid 60 s
    logged into the account it names: true
== refused before sending
nested: TypeError
NUL in a key: ValueError
NUL in a value: ValueError
an object: TypeError