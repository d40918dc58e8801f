#!/usr/bin/env bash
# HEALTHCHECK: GET /health on the local server with bash alone (the JRE base image need not have curl or wget);
# exits 0 only on an HTTP 200 within 5 seconds.
set -euo pipefail
port="${R1J_PORT:-8000}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3
[[ "$status" == HTTP/1.[01]\ 200* ]]
