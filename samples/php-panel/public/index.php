<?php
// SPDX-License-Identifier: MIT
/*
 * GET /: the tenants, each with its SendGrid account's state and the
 * buttons for it.  Every button is a POST form carrying the session's CSRF
 * token and the tenant's id, nothing else.
 */

declare(strict_types=1);

require __DIR__ . '/../src/panel.php';

if (($_SERVER['REQUEST_METHOD'] ?? '') !== 'GET' && ($_SERVER['REQUEST_METHOD'] ?? '') !== 'HEAD') {
    header('Allow: GET, HEAD');
    error_page(405, 'Method not allowed', 'Use the buttons on the panel.');
}
panel_session_start();
$token = csrf_token();
// The session is not needed past this point: let go of it before the
// calls to SendGrid below.
session_write_close();

/** One button: a form that posts the token and the tenant to $action. */
function button(string $action, string $operation, string $tenantId, string $label, string $token): string
{
    return '<form method="post" action="' . h($action) . '">'
        . '<input type="hidden" name="csrf_token" value="' . h($token) . '">'
        . '<input type="hidden" name="tenant" value="' . h($tenantId) . '">'
        . ($operation !== '' ? '<input type="hidden" name="operation" value="' . h($operation) . '">' : '')
        . '<button type="submit">' . h($label) . '</button></form>';
}

$tenants = tenant_store()->all();
page_start('Tenants');
echo "<table>\n<tr><th>Tenant</th><th>Region</th><th>SendGrid account</th><th>State</th><th></th></tr>\n";
foreach ($tenants as $id => $tenant) {
    $id = (string)$id;
    $accountId = $tenant['account_id'] ?? null;
    $buttons = [];
    if (is_string($accountId)) {
        $r = PanelSso\account_state(PROVIDER, tenant_attributes($id, $tenant));
        if ($r->ok) {
            $state = $r->state === 'deactivated' ? 'suspended' : 'active';
        } else {
            error_log(sprintf('panel: account state for tenant "%s" failed: %s: %s', $id, $r->statusName, $r->logMessage));
            $state = 'unknown: ' . $r->userMessage;
        }
        $buttons[] = button('/open', '', $id, 'Open SendGrid', $token);
        if ($r->ok && $r->state === 'deactivated') {
            $buttons[] = button('/account', 'unsuspend', $id, 'Unsuspend', $token);
        } elseif ($r->ok) {
            $buttons[] = button('/account', 'suspend', $id, 'Suspend', $token);
        }
    } elseif (!empty($tenant['creating'])) {
        $accountId = '';
        $state = 'being created';
    } elseif (!empty($tenant['create_outcome_unknown'])) {
        $accountId = '';
        $state = 'creation unconfirmed: support must check SendGrid before another try';
    } else {
        $accountId = '';
        $state = 'no account';
        $buttons[] = button('/account', 'create', $id, 'Create SendGrid account', $token);
    }
    printf("<tr id=\"tenant-%s\"><td>%s</td><td>%s</td><td class=\"account\">%s</td><td class=\"state\">%s</td><td>%s</td></tr>\n",
           h($id), h((string)($tenant['name'] ?? $id)), h((string)($tenant['region'] ?? 'global')),
           h($accountId), h($state), implode('', $buttons));
}
echo "</table>\n";
page_end();
