#!/bin/sh
# Runs a command for the local cloud and takes it down with the local cloud.
#
#   guard.sh <owner-pid> <command> [args...]
#
# The local cloud starts its emulators and serverless-offline through this guard. When the owner dies
# without stopping them (a crash, SIGKILL, a killed test worker), the guard notices within half a second
# and kills the command, so no emulator is left holding ports or database files. SIGTERM and SIGINT are
# passed on to the command; the guard exits with the command's exit code. POSIX sh: ~1 MB per guard.
owner=$1
shift
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do
  sleep 0.5
done
if kill -0 "$child" 2>/dev/null; then
  # The owner is gone and the command still runs: nobody will stop it but us.
  kill -KILL "$child" 2>/dev/null
fi
wait "$child"
