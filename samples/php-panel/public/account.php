<?php
// SPDX-License-Identifier: MIT
/*
 * POST /account: create, suspend or unsuspend a tenant's SendGrid account,
 * then back to the list (303 to /), which shows the new state.
 *
 * Create is never sent twice for one tenant: the tenant is marked as being
 * created (under the tenants file's lock) before the call, so a second
 * click meets the mark.  When SendGrid's answer is lost on the way
 * (AUTH_ERR_OUTCOME_UNKNOWN) the account may exist without the panel
 * knowing its id: the mark stays, and support looks in SendGrid's account
 * list (by the tenant's email) before anyone tries again.
 */

declare(strict_types=1);

require __DIR__ . '/../src/panel.php';

require_post_with_token(readOnly: true);
$store = tenant_store();
[$tenantId, $tenant] = posted_tenant($store);
$operation = $_POST['operation'] ?? null;

if ($operation === 'create') {
    $marked = $store->update($tenantId, function (array $t): ?array {
        if (is_string($t['account_id'] ?? null) || !empty($t['create_outcome_unknown'])
            || !empty($t['creating'])) {
            return null;
        }
        return ['creating' => true] + $t;
    });
    if ($marked === null) {
        error_page(409, 'Account not created',
                   'This tenant already has a SendGrid account, or one is being created.');
    }
    $profile = array_filter(['email' => $tenant['email'] ?? null, 'company_name' => $tenant['name'] ?? null],
                            'is_string');
    $r = PanelSso\account_create(PROVIDER, tenant_attributes($tenantId, $tenant), $profile, NEW_ACCOUNT_OFFERINGS);
    $store->update($tenantId, function (array $t) use ($r): array {
        unset($t['creating']);
        if ($r->ok) {
            $t['account_id'] = $r->accountId;
        } elseif ($r->status === PanelSso\AUTH_ERR_OUTCOME_UNKNOWN) {
            $t['create_outcome_unknown'] = true;
        }
        return $t;
    });
} elseif ($operation === 'suspend' || $operation === 'unsuspend') {
    if (!is_string($tenant['account_id'] ?? null)) {
        error_page(409, 'No SendGrid account yet', 'This tenant has no SendGrid account yet. Create one first.');
    }
    $attributes = tenant_attributes($tenantId, $tenant);
    $r = $operation === 'suspend' ? PanelSso\account_suspend(PROVIDER, $attributes)
                                  : PanelSso\account_unsuspend(PROVIDER, $attributes);
} else {
    error_page(400, 'Unknown operation', 'The panel does not know this operation. Reload the panel and try again.');
}

if (!$r->ok) {
    failed_call_page("account $operation", $tenantId, $r);
}
send_common_headers();
header('Location: /', true, 303);
