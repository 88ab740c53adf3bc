#!/bin/sh
# The image's entrypoint: `hookline api|worker|edge` runs that process in
# the foreground with exec, so it is the one that receives SIGTERM (and stops
# gracefully, within HOOKLINE_SHUTDOWN_TIMEOUT). Anything else runs as given.
set -eu

role="${1:-api}"
case "$role" in
  api)
    cd /app/api
    exec node dist/main.js
    ;;
  worker)
    cd /app/worker
    exec node dist/main.js
    ;;
  edge)
    cd /app/edge
    exec ./deno run --allow-net --allow-env edge-dispatcher.js
    ;;
  *)
    exec "$@"
    ;;
esac
