#!/usr/bin/env bash
# Runs a command with a throw-away local PostgreSQL server and TEST_POSTGRES_URL pointing at it.
# PLACEHOLDER until the storage work lands: runs the command as it is.
exec "$@"
