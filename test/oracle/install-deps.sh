#!/bin/sh
# Installs the Debian packages the Go render oracle (test/oracle/render.go) builds from:
# the Go toolchain, Sprig v3 and its dependencies, and a YAML library for Helm's toYaml/fromYaml.
# Idempotent; never fails the caller: without the packages the oracle test skips and says why.
set -u
pkgs="golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev golang-github-burntsushi-toml-dev"
missing=""
for p in $pkgs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "oracle deps: already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo -n"
if ! $SUDO apt-get update -qq >/dev/null 2>&1; then
  echo "oracle deps: apt-get update failed; the Go oracle test will skip"
  exit 0
fi
# toml is optional: install what exists, one by one, so a missing package does not block the rest.
for p in $missing; do
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1; then
    echo "oracle deps: could not install $p"
  fi
done
echo "oracle deps: done"
exit 0
