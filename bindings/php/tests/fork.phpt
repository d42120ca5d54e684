--TEST--
A worker that forks: the loader made before the fork serves the parent and every child (each child logs its own tenant in, and the URL logs into that account), and the parent goes on after its children
--EXTENSIONS--
panelsso
pcntl
--INI--
panelsso.config={PWD}/conf/sandbox.json
--FILE--
<?php
// SPDX-License-Identifier: MIT
require __DIR__ . '/sandbox.inc';
$r = PanelSso\login('sendgrid', ['tenant' => 'parent', 'account_id' => 'fork-parent', 'region' => 'global']);
echo 'parent before: ', $r->statusName, "\n";
$children = [];
foreach (['global', 'eu', 'global'] as $i => $region) {
    [$mine, $theirs] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    $pid = pcntl_fork();
    if ($pid === 0) {
        fclose($mine);
        $r = PanelSso\login('sendgrid', ['tenant' => "child$i", 'account_id' => "fork-child-$i", 'region' => $region]);
        fwrite($theirs, "child $i ($region): " . $r->statusName . ', ' . visit($r->redirectUrl));
        fclose($theirs);
        exit($r->ok ? 0 : 1);
    }
    fclose($theirs);
    $children[$i] = [$pid, $mine];
}
foreach ($children as $i => [$pid, $pipe]) {
    $said = stream_get_contents($pipe);
    pcntl_waitpid($pid, $status);
    echo $said, ', exit status ', pcntl_wexitstatus($status), "\n";
}
$r = PanelSso\login('sendgrid', ['tenant' => 'parent', 'account_id' => 'fork-parent-2', 'region' => 'eu']);
echo 'parent after: ', $r->statusName, ', ', visit($r->redirectUrl), "\n";
?>
--EXPECT--
parent before: AUTH_OK
child 0 (global): AUTH_OK, HTTP 200: logged in to fork-child-0 (region global), exit status 0
child 1 (eu): AUTH_OK, HTTP 200: logged in to fork-child-1 (region eu), exit status 0
child 2 (global): AUTH_OK, HTTP 200: logged in to fork-child-2 (region global), exit status 0
parent after: AUTH_OK, HTTP 200: logged in to fork-parent-2 (region eu)
