#!/bin/bash
# The image's HEALTHCHECK (README "Metrics and health"): GET /health on METRICS_PORT and healthy
# only on 200. Without METRICS_PORT (or with 0) there is no endpoint to ask: always healthy.
# Plain bash (/dev/tcp), so the image needs neither curl nor wget, and no second JVM.
port="${METRICS_PORT:-0}"
if [ "$port" = "0" ]; then
  exit 0
fi
host="${METRICS_BIND_ADDRESS:-127.0.0.1}"
host="${host#[}"
host="${host%]}"
case "$host" in
  0.0.0.0) host=127.0.0.1 ;;
  ::) host=::1 ;;
esac
exec 3<>"/dev/tcp/${host}/${port}" || exit 1
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 4 _ status _ <&3 || exit 1
[ "$status" = "200" ]
