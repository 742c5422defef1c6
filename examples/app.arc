# An Architect app whose Python functions use every part of the arc library.
# Run it in the real sandbox with tools/main; docs/example.md walks through it.
@app
arc-example

@aws
runtime python3.11
# Seconds. Every sandbox invocation starts a fresh process (a cold start each time): on a
# busy two-core machine several at once can pass the 5 s default.
timeout 20

@http
get /                         # an HTML page: static(), helpers.url(), a CSRF-protected form
post /form                    # parse_body() of a form, csrf.verify()
post /echo                    # parse_body() of JSON, form, text and binary bodies
get /responses/:kind          # each kind of res()
get /count/:provider          # sessions (JWE or DynamoDB) through the handler() middleware
get /node/count/:provider     # the same count in Node (@architect/functions), one session
post /forget/:provider        # session_read() and session_write() by hand: an empty session
post /publish/:kind           # events.publish() / queues.publish()
get /records/:id              # tables.client(): what the subscribers and @ws recorded
get /services                 # services()
get /minimal                  # only arc-http, installed by the sandbox from requirements.txt
# A small HTML front end, driven in headless Chromium by tests/browser:
get /visits                   # a visit counter (JWE session), a CSRF form and a logout button
post /visits/note             # csrf.verify() of that form, then a 303 redirect to /visits
post /logout                  # an empty session, then a 303 redirect to /visits
get /article                  # a long page, sent br- or gzip-compressed by res()
get /chat                     # browser tabs that talk through @ws default (arc.ws)
# The raw event of a request as the JSON body, for arc-testing's fidelity test
# (tests/e2e/test_testing_events.py): three routes, one function in src/capture.
/capture
  method get
  src src/capture
/capture/:id
  method get
  src src/capture
/capture
  method post
  src src/capture

@events
pings                         # recorded in the records table
captures                      # the raw event, stored for tests/e2e/test_testing_events.py
  src src/capture

@queues
jobs                          # recorded in the records table
captures                      # the raw event, stored for tests/e2e/test_testing_events.py
  src src/capture

@ws                           # connect, default and disconnect (which capture raw events on request)

@tables
records
  id *String

sessions
  _idx *String
  _ttl TTL
