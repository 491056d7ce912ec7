#!/bin/sh
# Installs the Vigil agent from this unpacked distribution: /opt/vigil-agent, /etc/vigil/agent.json
# (kept if it exists), and the systemd unit. Run as root:
#   sudo ./install.sh [--connection-string 'HostName=...;DeviceId=...;SharedAccessKey=...'] [--ca-file ca.crt]
# With a connection string (or one already in /etc/vigil/agent.json) the service is enabled and started.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
connection=""
ca=""
while [ $# -gt 0 ]; do
  case "$1" in
    --connection-string) connection="${2:?--connection-string needs a value}"; shift 2 ;;
    --ca-file) ca="${2:?--ca-file needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (it writes /opt, /etc and the systemd unit)" >&2; exit 1; }
prefix=/opt/vigil-agent
rm -rf "$prefix.new"
mkdir -p "$prefix.new"
cp -a "$here/bin" "$here/lib" "$here/runtime" "$prefix.new/"
rm -rf "$prefix.old"
[ -d "$prefix" ] && mv "$prefix" "$prefix.old"
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"
install -d -m 0750 /etc/vigil
if [ ! -f /etc/vigil/agent.json ]; then
  install -m 0600 "$here/etc/agent.json" /etc/vigil/agent.json
fi
if [ -n "$ca" ]; then
  install -m 0644 "$ca" /etc/vigil/ca.crt
fi
if [ -n "$connection" ]; then
  # Rewrite the file with the connection string (mode 0600: it holds the device key).
  tmp=$(mktemp /etc/vigil/agent.json.XXXXXX)
  "$prefix/runtime/bin/java" -Xshare:off -cp "$prefix/lib/*" io.vigil.agent.config.ConfigFileEditor \
    /etc/vigil/agent.json ConnectionString "$connection" ${ca:+CaFile /etc/vigil/ca.crt} > "$tmp"
  chmod 0600 "$tmp"
  mv "$tmp" /etc/vigil/agent.json
fi
install -d -m 0700 /var/lib/vigil/agent
if [ -d /etc/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  install -m 0644 "$here/systemd/vigil-agent.service" /etc/systemd/system/vigil-agent.service
  systemctl daemon-reload || true
  if grep -q '"ConnectionString"' /etc/vigil/agent.json; then
    systemctl enable --now vigil-agent.service
    echo "vigil-agent installed and started: systemctl status vigil-agent"
  else
    echo "vigil-agent installed; add ConnectionString to /etc/vigil/agent.json, then: systemctl enable --now vigil-agent"
  fi
else
  echo "vigil-agent installed in $prefix (no systemd here): run $prefix/bin/vigil-agent"
fi
