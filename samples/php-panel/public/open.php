<?php
// SPDX-License-Identifier: MIT
/*
 * POST /open: "Open SendGrid".  The token is checked before anything else;
 * the tenant's account and region come from the panel's records; the
 * one-time login URL goes into the Location header of a 303 and nowhere
 * else: not into the page, a log, the session or a cache.
 */

declare(strict_types=1);

require __DIR__ . '/../src/panel.php';

require_post_with_token(readOnly: true);
[$tenantId, $tenant] = posted_tenant(tenant_store());
if (!is_string($tenant['account_id'] ?? null)) {
    error_page(409, 'No SendGrid account yet', 'This tenant has no SendGrid account yet. Create one first.');
}

$r = PanelSso\login(PROVIDER, tenant_attributes($tenantId, $tenant));
if (!$r->ok) {
    failed_call_page('login', $tenantId, $r);
}
send_common_headers();
header('Location: ' . $r->redirectUrl, true, 303);
