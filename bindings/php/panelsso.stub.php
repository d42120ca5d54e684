<?php

/**
 * The PHP API of the panelsso extension: the source of panelsso_arginfo.h
 * (regenerate with gen-arginfo.sh; the ctest php.arginfo fails when
 * the two differ).
 *
 * @generate-class-entries
 */

// SPDX-License-Identifier: MIT

namespace PanelSso {

    /**
     * @var int
     * @cvalue AUTH_OK
     */
    const AUTH_OK = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_INVALID_REQUEST
     */
    const AUTH_ERR_INVALID_REQUEST = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_CONFIG
     */
    const AUTH_ERR_CONFIG = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_AUTH_REJECTED
     */
    const AUTH_ERR_AUTH_REJECTED = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_FORBIDDEN
     */
    const AUTH_ERR_FORBIDDEN = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_NOT_FOUND
     */
    const AUTH_ERR_NOT_FOUND = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_RATE_LIMITED
     */
    const AUTH_ERR_RATE_LIMITED = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_UNAVAILABLE
     */
    const AUTH_ERR_UNAVAILABLE = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_PROTOCOL
     */
    const AUTH_ERR_PROTOCOL = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_TLS
     */
    const AUTH_ERR_TLS = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_INTERNAL
     */
    const AUTH_ERR_INTERNAL = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_VERSION
     */
    const AUTH_ERR_VERSION = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_NOT_SUPPORTED
     */
    const AUTH_ERR_NOT_SUPPORTED = UNKNOWN;
    /**
     * @var int
     * @cvalue AUTH_ERR_OUTCOME_UNKNOWN
     */
    const AUTH_ERR_OUTCOME_UNKNOWN = UNKNOWN;
    /**
     * A status this extension does not know (from a newer plugin): a
     * failure, never a success.
     * @var int
     * @cvalue PANELSSO_STATUS_UNKNOWN
     */
    const AUTH_ERR_UNKNOWN = UNKNOWN;

    /**
     * What one call answered.  Made only by this extension's functions
     * (`new` throws an Error); every property is read-only.  Dumps
     * (var_dump, print_r, var_export, debug_zval_dump, (array),
     * get_object_vars, foreach, json_encode) show redirectUrl with its
     * query replaced by "<redacted>"; only reading $result->redirectUrl
     * gives the one-time URL itself.  serialize() throws.
     *
     * @strict-properties
     * @not-serializable
     */
    final class Result implements \JsonSerializable
    {
        public readonly bool $ok;
        public readonly int $status;
        public readonly string $statusName;
        public readonly ?string $redirectUrl;
        public readonly ?int $expiresAt;
        public readonly int $retryAfter;
        public readonly string $userMessage;
        public readonly string $logMessage;
        public readonly string $errorId;
        public readonly string $region;
        public readonly int $httpStatus;
        public readonly ?string $accountId;
        public readonly ?string $state;
        public readonly array $offerings;

        public function __debugInfo(): array {}

        public function jsonSerialize(): array {}
    }

    function login(string $provider, #[\SensitiveParameter] array $attributes): Result {}

    function check(string $provider, #[\SensitiveParameter] array $attributes): Result {}

    function providers(): array {}

    function account_create(string $provider, #[\SensitiveParameter] array $attributes, #[\SensitiveParameter] array $profile = [], array $offerings = [], bool $testAccount = false): Result {}

    function account_state(string $provider, #[\SensitiveParameter] array $attributes): Result {}

    function account_suspend(string $provider, #[\SensitiveParameter] array $attributes): Result {}

    function account_unsuspend(string $provider, #[\SensitiveParameter] array $attributes): Result {}

    function account_offerings(string $provider, #[\SensitiveParameter] array $attributes): Result {}

    function account_set_offerings(string $provider, #[\SensitiveParameter] array $attributes, array $offerings): Result {}

    function account_delete(string $provider, #[\SensitiveParameter] array $attributes): Result {}

    function catalog(string $provider, #[\SensitiveParameter] array $attributes): Result {}
}
