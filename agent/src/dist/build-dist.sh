#!/bin/bash
# Builds the self-contained agent distribution, called by Maven in the package phase:
#   build-dist.sh VERSION TARGET_DIR JAVA_HOME COLLECTORS
# It makes TARGET_DIR/vigil-agent-VERSION-linux-ARCH.tar.gz (and a .deb when dpkg-deb exists):
# a jlink runtime with only the modules the agent needs, the agent's jars, the launcher, the
# default configuration, the systemd unit and the install script. COLLECTORS is "all" or a comma
# list of collector names: the others' classes are left out of the agent jar.
set -euo pipefail
version=$1
target=$2
jhome=$3
collectors=${4:-all}
src=$(cd "$(dirname "$0")" && pwd)
arch=$(uname -m)
say() { echo "[vigil-agent dist] $*"; }

stage=$target/dist/vigil-agent
rm -rf "$target/dist"
mkdir -p "$stage/lib" "$stage/etc" "$stage/systemd"
cp "$target"/dist-lib/*.jar "$stage/lib/"
# The Paho jars are signed. The JVM verifies a signed jar when it first loads a class from it,
# which loads about 350 classes of X.509, PKCS#7 and signature code (a fifth of what a bare
# agent connection loads) and digests every entry it reads. Nothing here checks the signer (there
# is no security manager), so the distribution carries them unsigned.
for jar in "$stage"/lib/org.eclipse.paho.*.jar; do
  zip -q -d "$jar" 'META-INF/*.SF' 'META-INF/*.RSA' 'META-INF/*.DSA' 'META-INF/*.EC' >/dev/null || true
done

# Build-time collector selection: the jar keeps only the chosen collectors' packages and lists
# them in io/vigil/agent/build-collectors.properties, which CollectorRegistry reads.
agent_jar="$stage/lib/vigil-agent-$version.jar"
cp "$target/vigil-agent-$version.jar" "$agent_jar"
if [ "$collectors" != "all" ]; then
  names=$(grep -v '^#' "$src/collectors.txt" | awk 'NF {print $1}')
  chosen=""
  keep=""
  for c in ${collectors//,/ }; do
    line=$(grep -v '^#' "$src/collectors.txt" | awk -v c="$c" '$1 == c')
    [ -n "$line" ] || { echo "vigil.agent.collectors: unknown collector '$c'; known: $(echo $names)" >&2; exit 1; }
    chosen="$chosen $c"
    keep="$keep ${c//_/} $(echo "$line" | cut -s -d' ' -f2-)"
  done
  echo " $chosen " | grep -q " heartbeat " || chosen="$chosen heartbeat"
  keep="$keep heartbeat"
  for c in $names; do
    case " $keep " in *" ${c//_/} "*) continue ;; esac
    zip -q -d "$agent_jar" "io/vigil/agent/collect/${c//_/}/*" >/dev/null 2>&1 || true
  done
  work=$(mktemp -d)
  mkdir -p "$work/io/vigil/agent"
  echo "collectors=$(echo $chosen | tr ' ' ',')" > "$work/io/vigil/agent/build-collectors.properties"
  (cd "$work" && zip -q "$agent_jar" io/vigil/agent/build-collectors.properties)
  rm -rf "$work"
  say "collectors:$chosen"
fi

# The runtime: java.base, plus java.logging, which the Paho client logs through (it also refers to
# java.prefs, but only from its websocket code, which the agent does not use). No CDS
# archive (the agent runs with -Xshare:off), no debug symbols.
say "jlink (java.base, java.logging)"
"$jhome/bin/jlink" --add-modules java.base,java.logging --strip-debug --no-header-files \
  --no-man-pages --compress=zip-9 --output "$stage/runtime"
strip --strip-unneeded "$stage/runtime/lib/server/libjvm.so" 2>/dev/null || say "strip not found: libjvm.so keeps its symbols"

cp -r "$src/bin" "$stage/"
cp "$src/jvm.flags" "$stage/lib/jvm.flags"
cp "$src/etc/agent.json" "$stage/etc/agent.json"
cp "$src/systemd/vigil-agent.service" "$stage/systemd/"
cp "$src/install.sh" "$stage/"
chmod 0755 "$stage/bin/vigil-agent" "$stage/install.sh"

size=$(du -sb "$stage" | cut -f1)
echo "$size" > "$target/dist/unpacked-bytes"
tarball="$target/vigil-agent-$version-linux-$arch.tar.gz"
tar -C "$target/dist" --owner=0 --group=0 -czf "$tarball" vigil-agent
say "$tarball: $(du -b "$tarball" | cut -f1) bytes, $size bytes unpacked"

# A .deb where the tools exist.
if command -v dpkg-deb >/dev/null 2>&1; then
  deb=$target/dist/deb
  mkdir -p "$deb/DEBIAN" "$deb/opt" "$deb/etc/vigil" "$deb/lib/systemd/system"
  cp -a "$stage" "$deb/opt/vigil-agent"
  rm "$deb/opt/vigil-agent/install.sh"
  rm -r "$deb/opt/vigil-agent/etc" "$deb/opt/vigil-agent/systemd"
  install -m 0600 "$src/etc/agent.json" "$deb/etc/vigil/agent.json"
  install -m 0644 "$src/systemd/vigil-agent.service" "$deb/lib/systemd/system/vigil-agent.service"
  debarch=$(dpkg --print-architecture 2>/dev/null || echo "$arch")
  debversion=${version//-/\~}
  cat > "$deb/DEBIAN/control" <<CONTROL
Package: vigil-agent
Version: $debversion
Architecture: $debarch
Maintainer: Vigil developers <vigil@localhost>
Section: admin
Priority: optional
Installed-Size: $((size / 1024))
Description: Vigil IoT security micro agent
 Collects process, network, login, file and posture events on a Linux device and sends them to a
 Vigil hub over MQTT/TLS. Self-contained: brings its own Java runtime.
CONTROL
  echo "/etc/vigil/agent.json" > "$deb/DEBIAN/conffiles"
  cat > "$deb/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
install -d -m 0700 /var/lib/vigil/agent
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload || true
  echo "vigil-agent: add ConnectionString to /etc/vigil/agent.json, then: systemctl enable --now vigil-agent"
fi
POSTINST
  chmod 0755 "$deb/DEBIAN/postinst"
  debfile="$target/vigil-agent_${debversion}_${debarch}.deb"
  fakeroot dpkg-deb --build -Zxz "$deb" "$debfile" >/dev/null 2>&1 || dpkg-deb --root-owner-group --build -Zxz "$deb" "$debfile" >/dev/null
  say "$debfile: $(du -b "$debfile" | cut -f1) bytes"
fi
