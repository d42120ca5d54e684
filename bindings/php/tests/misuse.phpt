--TEST--
Misuse throws PHP's own errors before anything is sent: TypeError for a value that is not a string (attributes and profile) or a malformed offering, ValueError for an empty provider name, a key that is empty or holds "=", NUL bytes; values are never quoted; a stack trace shows the attributes as SensitiveParameterValue
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
zend.exception_ignore_args=0
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
$ok = ['tenant' => 't', 'account_id' => 'misuse-1', 'region' => 'global'];
$free = [['name' => 'org.ei.free.v1', 'type' => 'package']];
$calls = [
    'empty provider' => fn() => PanelSso\login('', $ok),
    'NUL in the provider' => fn() => PanelSso\login("send\0grid", $ok),
    'int value' => fn() => PanelSso\login('sendgrid', ['account_id' => 42]),
    'null value' => fn() => PanelSso\login('sendgrid', ['account_id' => null]),
    'bool value' => fn() => PanelSso\check('sendgrid', ['region' => true]),
    'float value' => fn() => PanelSso\login('sendgrid', ['x' => 1.5]),
    'object value' => fn() => PanelSso\login('sendgrid', ['x' => new stdClass]),
    'nested array' => fn() => PanelSso\login('sendgrid', ['tenant' => ['a' => 'b']]),
    'key with =' => fn() => PanelSso\login('sendgrid', ['account_id=x' => 'y']),
    'empty key' => fn() => PanelSso\login('sendgrid', ['' => 'y']),
    'NUL in a key' => fn() => PanelSso\login('sendgrid', ["account_id\0" => 'y']),
    'NUL in a value' => fn() => PanelSso\login('sendgrid', ['account_id' => "secret-value\0region=eu"]),
    'long hostile key' => fn() => PanelSso\login('sendgrid', [str_repeat("\x1b[31m", 30) . '=' => 'v']),
    'profile: int value' => fn() => PanelSso\account_create('sendgrid', $ok, ['phone' => 15555550100], $free),
    'profile: key with =' => fn() => PanelSso\account_create('sendgrid', $ok, ['a=b' => 'c'], $free),
    'offerings: not arrays' => fn() => PanelSso\account_create('sendgrid', $ok, [], ['org.ei.free.v1']),
    'offerings: no name' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, [['type' => 'package']]),
    'offerings: no type' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, [['name' => 'org.ei.free.v1']]),
    'offerings: unknown key' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, [['name' => 'n', 'type' => 'package', 'qty' => 1]]),
    'offerings: quantity a string' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, [['name' => 'n', 'type' => 'addon', 'quantity' => '2']]),
    'offerings: negative quantity' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, [['name' => 'n', 'type' => 'addon', 'quantity' => -1]]),
    'offerings: quantity over 2^32-1' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, ['x' => ['name' => 'n', 'type' => 'addon', 'quantity' => 4294967296]]),
    'offerings: name too long' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, [['name' => str_repeat('n', 128), 'type' => 'addon']]),
    'offerings: NUL in the type' => fn() => PanelSso\account_set_offerings('sendgrid', $ok, [['name' => 'n', 'type' => "addon\0"]]),
    'wrong argument type' => fn() => PanelSso\login('sendgrid', 'account_id=x'),
];
$before = sandbox_stats('global')['requests'];
foreach ($calls as $what => $call) {
    try {
        $call();
        echo "$what: no exception\n";
    } catch (TypeError|ValueError $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
        if (str_contains($e->getMessage(), 'secret-value')) {
            echo "    the message quotes the value\n";
        }
    }
}
echo 'requests the sandbox saw meanwhile: ', sandbox_stats('global')['requests'] - $before, "\n";
try {
    PanelSso\login('', ['account_id' => 'secret-value', 'region' => 'eu']);
} catch (ValueError $e) {
    $arg = $e->getTrace()[0]['args'][1];
    echo 'in the trace the attributes are ', get_class($arg), "\n";
    echo 'the trace as text holds the value: ', var_export(str_contains($e->getTraceAsString() . print_r($e->getTrace(), true), 'secret-value'), true), "\n";
}
// Valid calls still work after all that.
echo PanelSso\login('sendgrid', $ok)->statusName, "\n";
echo PanelSso\account_set_offerings('sendgrid', $ok, [['name' => 'org.ei.free.v1', 'type' => 'package', 'quantity' => 1]])->statusName, "\n";
?>
--EXPECT--
empty provider: ValueError: PanelSso\login(): Argument #1 ($provider) must not be empty
NUL in the provider: ValueError: PanelSso\login(): Argument #1 ($provider) must not contain any null bytes
int value: TypeError: PanelSso\login(): Argument #2 ($attributes) must contain only string values, int given for key "account_id"
null value: TypeError: PanelSso\login(): Argument #2 ($attributes) must contain only string values, null given for key "account_id"
bool value: TypeError: PanelSso\check(): Argument #2 ($attributes) must contain only string values, bool given for key "region"
float value: TypeError: PanelSso\login(): Argument #2 ($attributes) must contain only string values, float given for key "x"
object value: TypeError: PanelSso\login(): Argument #2 ($attributes) must contain only string values, stdClass given for key "x"
nested array: TypeError: PanelSso\login(): Argument #2 ($attributes) must contain only string values, array given for key "tenant"
key with =: ValueError: PanelSso\login(): Argument #2 ($attributes) keys must not contain "=", "account_id=x" given
empty key: ValueError: PanelSso\login(): Argument #2 ($attributes) must not contain an empty key
NUL in a key: ValueError: PanelSso\login(): Argument #2 ($attributes) keys must not contain any null bytes, "account_id?" given
NUL in a value: ValueError: PanelSso\login(): Argument #2 ($attributes) values must not contain any null bytes (key "account_id")
long hostile key: ValueError: PanelSso\login(): Argument #2 ($attributes) keys must not contain "=", "?[31m?[31m?[31m?[31m?[31m?[31m?[31m?[31m?[31m?[31m?[31m?[31m?[31..." given
profile: int value: TypeError: PanelSso\account_create(): Argument #3 ($profile) must contain only string values, int given for key "phone"
profile: key with =: ValueError: PanelSso\account_create(): Argument #3 ($profile) keys must not contain "=", "a=b" given
offerings: not arrays: TypeError: PanelSso\account_create(): Argument #4 ($offerings) must be a list of offering arrays, string given for offering 0
offerings: no name: ValueError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering 0 must have a "name"
offerings: no type: ValueError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering 0 must have a "type"
offerings: unknown key: ValueError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering 0: unknown key "qty" (the keys are name, type and quantity)
offerings: quantity a string: TypeError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering 0: "quantity" must be of type int, string given
offerings: negative quantity: ValueError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering 0: "quantity" must be between 0 and 4294967295
offerings: quantity over 2^32-1: ValueError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering "x": "quantity" must be between 0 and 4294967295
offerings: name too long: ValueError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering 0: "name" must be at most 127 bytes long
offerings: NUL in the type: ValueError: PanelSso\account_set_offerings(): Argument #3 ($offerings) offering 0: "type" must not contain any null bytes
wrong argument type: TypeError: PanelSso\login(): Argument #2 ($attributes) must be of type array, string given
requests the sandbox saw meanwhile: 0
in the trace the attributes are SensitiveParameterValue
the trace as text holds the value: false
AUTH_OK
AUTH_OK
