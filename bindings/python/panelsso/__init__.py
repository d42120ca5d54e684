# SPDX-License-Identifier: MIT
"""panelsso: single sign-on from a hosting control panel into a provider
(SendGrid...) through panelsso's provider plugins and libauthloader.

    import panelsso

    with panelsso.Loader() as loader:          # /etc/panelsso/panelsso.json
        result = loader.login("sendgrid", tenant="acme",
                              account_id="...", region="global")
        if result.ok:
            ...  # redirect the browser to result.redirect_url, at once

Failures are results (``result.ok``, ``result.status``), not exceptions;
misuse (a wrong type, an empty name) raises TypeError or ValueError.
"""
from ._loader import (ACCOUNT_OPS, DEFAULT_CONFIG, DEFAULT_PLUGIN_DIR, Loader,
                      Provider)
from ._result import Offering, Result, mask_url
from ._status import Status

__all__ = ["ACCOUNT_OPS", "DEFAULT_CONFIG", "DEFAULT_PLUGIN_DIR", "Loader",
           "Offering", "Provider", "Result", "Status", "mask_url"]
__version__ = "1.1.0"
