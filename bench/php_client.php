<?php
// SPDX-License-Identifier: MIT
/*
 * Variants (f) and (g) of the benchmark: a PHP CLI loop logging a tenant in
 * against the sandbox,
 *   f. extension  through the panelsso extension: PanelSso\login, the loader
 *                 and plugin made once when PHP started (as in a.);
 *   g. panelctl   by running `panelctl login` for every login with
 *                 proc_open (no shell), reading the URL from its stdout.
 *
 *   php8.2 -n -d extension=panelsso.so -d panelsso.config=FILE \
 *          -d panelsso.log_level=info -d error_log=/dev/null php_client.php \
 *          --variant extension|panelctl --base-url URL --ca-file FILE \
 *          --logins N --warmup N [--account ID] [--panelctl PATH --config FILE]
 *
 * Both use the same configuration file (panelsso.config for f, panelctl -c
 * for g).  f takes the plugin's lines at INFO (the audit line of every
 * login) into PHP's error log, /dev/null here, as a. and h. drop them.
 * Prints one JSON object with the same fields as bench-client; for g the
 * CPU time includes the panelctl processes'.
 */

declare(strict_types=1);

function fail(string $message): never
{
    fwrite(STDERR, "php client: $message\n");
    exit(1);
}

$opt = getopt('', ['variant:', 'base-url:', 'ca-file:', 'logins:', 'warmup:', 'account:',
                   'panelctl:', 'config:']);
foreach (['variant', 'base-url', 'ca-file', 'logins', 'warmup'] as $name) {
    if (!isset($opt[$name])) {
        fail("--$name is required");
    }
}
$variant = $opt['variant'];
$logins = (int)$opt['logins'];
$warmup = (int)$opt['warmup'];
$account = $opt['account'] ?? 'bench-account';

/** A sandbox test hook, on a connection of its own. */
function hook(string $method, string $path): ?array
{
    global $opt;
    $ctx = stream_context_create([
        'ssl' => ['cafile' => $opt['ca-file'], 'verify_peer' => true],
        'http' => ['method' => $method, 'timeout' => 30],
    ]);
    $body = file_get_contents($opt['base-url'] . $path, false, $ctx);
    if ($body === false) {
        fail("sandbox hook $method $path failed");
    }
    return $method === 'GET' ? json_decode($body, true, 16, JSON_THROW_ON_ERROR) : null;
}

if ($variant === 'extension') {
    if (!extension_loaded('panelsso')) {
        fail('the panelsso extension is not loaded (php -d extension=panelsso.so)');
    }
    $attributes = ['tenant' => 'bench', 'account_id' => $account];
    $login = function () use ($attributes): bool {
        return PanelSso\login('sendgrid', $attributes)->ok;
    };
} elseif ($variant === 'panelctl') {
    if (!isset($opt['panelctl'], $opt['config'])) {
        fail('--variant panelctl needs --panelctl and --config');
    }
    $command = [$opt['panelctl'], '-c', $opt['config'], 'login', '--provider', 'sendgrid',
                '--attr', "account_id=$account"];
    $login = function () use ($command): bool {
        $p = proc_open($command, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        if ($p === false) {
            return false;
        }
        $url = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        return proc_close($p) === 0 && str_starts_with((string)$url, 'https://');
    };
} else {
    fail("--variant is extension or panelctl, not $variant");
}

for ($i = 0; $i < $warmup; $i++) {
    if (!$login()) {
        fail('a warm-up login failed');
    }
}

hook('POST', '/_sandbox/reset');
$before = hook('GET', '/_sandbox/stats');
$lat = array_fill(0, $logins, 0);
$cpu = function (): float {
    $self = getrusage(0);
    $children = getrusage(1);
    $us = 0.0;
    foreach ([$self, $children] as $r) {
        $us += $r['ru_utime.tv_sec'] * 1e6 + $r['ru_utime.tv_usec'] + $r['ru_stime.tv_sec'] * 1e6 + $r['ru_stime.tv_usec'];
    }
    return $us;
};
$cpu0 = $cpu();
$t0 = hrtime(true);
for ($i = 0; $i < $logins; $i++) {
    $s = hrtime(true);
    $ok = $login();
    $lat[$i] = hrtime(true) - $s;
    if (!$ok) {
        fail("login $i failed");
    }
}
$wall = (hrtime(true) - $t0) / 1e9;
$cpu1 = $cpu();
$after = hook('GET', '/_sandbox/stats');

sort($lat);
$pct = fn(int $q): float => $lat[max(1, (int)ceil($q * count($lat) / 100)) - 1] / 1000;
$sandboxMs = ($after['cpu_user_ms'] + $after['cpu_sys_ms']) - ($before['cpu_user_ms'] + $before['cpu_sys_ms']);
echo json_encode([
    'variant' => $variant, 'threads' => 1, 'logins' => $logins, 'failures' => 0,
    'wall_s' => round($wall, 4),
    'logins_per_s' => round($logins / $wall, 1),
    'p50_us' => round($pct(50), 1), 'p99_us' => round($pct(99), 1),
    'cpu_us_per_login' => round(($cpu1 - $cpu0) / $logins, 2),
    'peak_rss_kib' => getrusage(0)['ru_maxrss'],
    'sandbox_cpu_us_per_login' => round($sandboxMs * 1000 / $logins, 2),
    'sandbox_cpu_share' => round($sandboxMs / 1000 / $wall, 3),
    'sandbox_sso_requests' => $after['sso_requests'],
    // The stats call after the run came on a connection of its own.
    'sandbox_connections' => $after['connections'] - $before['connections'] - 1,
]), "\n";
