#!/bin/sh
# SPDX-License-Identifier: MIT
# open_sendgrid.sh -- what a control panel written in shell answers the
# browser's "Open SendGrid" POST with: panelctl --json logs the tenant in
# through the SendGrid plugin, and jq turns its one JSON object into the
# HTTP answer.  docs/integrating.md walks through it; the panelsso tests
# run it against local HTTPS sandboxes (ctest panelctl.scripts).
#
# usage: open_sendgrid.sh CONFIG ACCOUNT_ID REGION
#
# CONFIG is the panelsso configuration (the plugin directory and the
# SendGrid provider's settings).  The tenant's account_id and region come
# from the panel's own database, here from the command line: panelctl's
# --provider and --attr take them, so CONFIG needs no tenants.
#
# Exit status: 0 the browser would be redirected, 1 the login failed (the
# page the browser would get is on stdout), 2 usage error; any other:
# panelctl or jq could not run, and nothing is on stdout.
set -u

if [ $# -ne 3 ]; then
    echo "usage: $0 CONFIG ACCOUNT_ID REGION" >&2
    exit 2
fi

# The one-time URL goes from panelctl straight into jq and out to the
# browser: it never sits in a shell variable, which the shell could not
# wipe.  A pipeline's exit status is jq's, so the answer is chosen from the
# object's own fields; `input` makes jq fail (exit 5) when panelctl
# printed nothing.  On failure panelctl has already written one line, what
# went wrong and what to do, on stderr: the operator's log.
panelctl -c "$1" --json login --provider sendgrid \
        --attr "account_id=$2" --attr "region=$3" |
    jq -n -j 'input |
        if .ok then
            "HTTP/1.1 303 See Other\r\n" +
            "Location: \(.redirect_url)\r\n" +
            "Cache-Control: no-store\r\n" +
            "Content-Length: 0\r\n\r\n"
        else
            (if .status_name == "AUTH_ERR_RATE_LIMITED" then
                "HTTP/1.1 429 Too Many Requests\r\n" +
                "Retry-After: \(if .retry_after_s > 0 then .retry_after_s else 60 end)\r\n"
             else
                "HTTP/1.1 502 Bad Gateway\r\n"
             end) +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Cache-Control: no-store\r\n\r\n" +
            (if .user_message != "" then .user_message
             else "SendGrid login failed. Please contact support." end) + "\n",
            ("" | halt_error(1))
        end'
