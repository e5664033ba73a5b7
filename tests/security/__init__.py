"""Nobody gets in where they don't belong, and nothing they send breaks a page.

A module for each concern: HTML in the data is escaped on every page and in
the admin (test_escaping); every response carries a strict
Content-Security-Policy and the security headers (test_headers); hostile URLs,
parameters and methods get a 404, a 400 or a 405, never a 500 (test_requests);
the admin needs a staff login, the right role and CSRF tokens
(test_admin_access); password guessing is throttled (test_throttling); the
deployment settings pass `check --deploy` (test_deploy). The admin in Chromium
under the CSP is in the browser suite (tests/browser/test_csp.py).
"""

# What hostile data carries, in every field the tests can put it in.
SCRIPT = "<script>alert(1)</script>"
