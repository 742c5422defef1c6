# Local preferences of the sandbox.
@sandbox
livereload false              # no <script> injected into HTML responses

# ARC_APP_SECRET: the key of JWE sessions and the signing key of CSRF tokens and
# DynamoDB session cookies, shared by the Python and Node functions. A real app keeps
# its secret out of the repository.
@env
testing
  ARC_APP_SECRET example-only-secret-for-sessions
