#!/bin/sh
# Runs Node with the server's V8 flags: the one place they are written. `npm start`, the
# image's CMD and the Kubernetes CronJob run through this, and the tests and the benchmark
# read the flags from the exec line below. They keep the heap near what the app holds live
# instead of letting it grow under a pass's garbage, without capping it (a large scan
# artifact still fits); see docs/operations.md.
#
#   bin/run-node.sh bin/freshpin-server.js      # the server
#   bin/run-node.sh bin/freshpin.js cycle       # one pass (the CronJob)
exec node --max-semi-space-size=4 --heap-growing-percent=25 "$@"
