--TEST--
With opcache's JIT on (tracing, hot loops compiled), $result->redirectUrl still reads the one-time URL and dumps still mask it: the JIT compiles no direct reads of a class with its own object handlers
--EXTENSIONS--
panelsso
--INI--
panelsso.config={PWD}/conf/sandbox.json
opcache.enable=1
opcache.enable_cli=1
opcache.jit=tracing
opcache.jit_buffer_size=16M
opcache.jit_hot_loop=2
opcache.jit_hot_func=2
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
echo 'JIT on: ', var_export(function_exists('opcache_get_status') && (opcache_get_status(false)['jit']['on'] ?? false), true), "\n";
function read(PanelSso\Result $r): ?string
{
    return $r->redirectUrl;
}
function dump(PanelSso\Result $r): string
{
    return print_r($r, true) . json_encode($r) . var_export($r, true);
}
$r = PanelSso\login('sendgrid', ['tenant' => 't', 'account_id' => 'jit-1', 'region' => 'global']);
$url = $r->redirectUrl;
$code = parse_url($url, PHP_URL_QUERY);
$reads = $dumpsMasked = 0;
for ($i = 0; $i < 500; $i++) {
    $reads += (read($r) === $url && $r->redirectUrl === $url) ? 1 : 0;
    $dumpsMasked += str_contains(dump($r), $code) ? 0 : 1;
}
echo "reads that gave the URL: $reads of 500\n";
echo "dumps without the code: $dumpsMasked of 500\n";
echo visit($url), "\n";
?>
--EXPECT--
JIT on: true
reads that gave the URL: 500 of 500
dumps without the code: 500 of 500
HTTP 200: logged in to jit-1 (region global)
