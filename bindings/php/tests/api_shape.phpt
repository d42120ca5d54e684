--TEST--
The API: namespace PanelSso, its functions with their signatures, one constant per status, final class Result with read-only properties, #[\SensitiveParameter] on the attributes and the profile
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
$ext = new ReflectionExtension('panelsso');
echo $ext->getName(), ' ', $ext->getVersion(), "\n";
foreach ($ext->getFunctions() as $f) {
    $params = [];
    foreach ($f->getParameters() as $p) {
        $sensitive = $p->getAttributes(SensitiveParameter::class) ? '#[\SensitiveParameter] ' : '';
        $default = $p->isOptional() ? ' = ' . var_export($p->getDefaultValue(), true) : '';
        $params[] = $sensitive . $p->getType() . ' $' . $p->getName() . $default;
    }
    echo $f->getName(), '(', implode(', ', $params), '): ', $f->getReturnType(), "\n";
}
foreach ($ext->getConstants() as $name => $value) {
    echo $name, ' = ', $value, "\n";
}
$c = new ReflectionClass(PanelSso\Result::class);
echo $c->getName(), $c->isFinal() ? ' final' : '', ' implements ', implode(', ', $c->getInterfaceNames()), "\n";
foreach ($c->getProperties() as $p) {
    echo '  ', $p->isPublic() ? 'public ' : '', $p->isReadOnly() ? 'readonly ' : '', $p->getType(), ' $', $p->getName(), "\n";
}
try {
    new PanelSso\Result();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    $c->newInstanceWithoutConstructor();
} catch (ReflectionException $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
// Every status name the C header knows, in its order, and nothing else.
$names = array_keys(array_filter($ext->getConstants(), fn($v) => $v >= 0));
var_dump($names === ['PanelSso\AUTH_OK', 'PanelSso\AUTH_ERR_INVALID_REQUEST', 'PanelSso\AUTH_ERR_CONFIG',
    'PanelSso\AUTH_ERR_AUTH_REJECTED', 'PanelSso\AUTH_ERR_FORBIDDEN', 'PanelSso\AUTH_ERR_NOT_FOUND',
    'PanelSso\AUTH_ERR_RATE_LIMITED', 'PanelSso\AUTH_ERR_UNAVAILABLE', 'PanelSso\AUTH_ERR_PROTOCOL',
    'PanelSso\AUTH_ERR_TLS', 'PanelSso\AUTH_ERR_INTERNAL', 'PanelSso\AUTH_ERR_VERSION',
    'PanelSso\AUTH_ERR_NOT_SUPPORTED', 'PanelSso\AUTH_ERR_OUTCOME_UNKNOWN']);
?>
--EXPECT--
panelsso 1.1.0
PanelSso\login(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\check(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\providers(): array
PanelSso\account_create(string $provider, #[\SensitiveParameter] array $attributes, #[\SensitiveParameter] array $profile = array (
), array $offerings = array (
), bool $testAccount = false): PanelSso\Result
PanelSso\account_state(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\account_suspend(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\account_unsuspend(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\account_offerings(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\account_set_offerings(string $provider, #[\SensitiveParameter] array $attributes, array $offerings): PanelSso\Result
PanelSso\account_delete(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\catalog(string $provider, #[\SensitiveParameter] array $attributes): PanelSso\Result
PanelSso\AUTH_OK = 0
PanelSso\AUTH_ERR_INVALID_REQUEST = 1
PanelSso\AUTH_ERR_CONFIG = 2
PanelSso\AUTH_ERR_AUTH_REJECTED = 3
PanelSso\AUTH_ERR_FORBIDDEN = 4
PanelSso\AUTH_ERR_NOT_FOUND = 5
PanelSso\AUTH_ERR_RATE_LIMITED = 6
PanelSso\AUTH_ERR_UNAVAILABLE = 7
PanelSso\AUTH_ERR_PROTOCOL = 8
PanelSso\AUTH_ERR_TLS = 9
PanelSso\AUTH_ERR_INTERNAL = 10
PanelSso\AUTH_ERR_VERSION = 11
PanelSso\AUTH_ERR_NOT_SUPPORTED = 12
PanelSso\AUTH_ERR_OUTCOME_UNKNOWN = 13
PanelSso\AUTH_ERR_UNKNOWN = -1
PanelSso\Result final implements JsonSerializable
  public readonly bool $ok
  public readonly int $status
  public readonly string $statusName
  public readonly ?string $redirectUrl
  public readonly ?int $expiresAt
  public readonly int $retryAfter
  public readonly string $userMessage
  public readonly string $logMessage
  public readonly string $errorId
  public readonly string $region
  public readonly int $httpStatus
  public readonly ?string $accountId
  public readonly ?string $state
  public readonly array $offerings
Error: Cannot directly construct PanelSso\Result, use PanelSso\login() or another PanelSso function instead
ReflectionException: Class PanelSso\Result is an internal class marked as final that cannot be instantiated without invoking its constructor
bool(true)
