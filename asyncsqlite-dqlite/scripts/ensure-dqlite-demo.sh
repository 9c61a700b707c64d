#!/usr/bin/env bash
# Makes sure dqlite-demo (Debian package go-dqlite) is installed: the dqlite engine's tests start
# a three-node cluster of it. Run by the module's build before its tests, and by .ci/run.
set -euo pipefail
if command -v dqlite-demo >/dev/null 2>&1; then
  exit 0
fi
echo "dqlite-demo is missing: installing the Debian package go-dqlite"
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq go-dqlite
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo apt-get install -y -qq go-dqlite
else
  echo "cannot install go-dqlite (not root, no password-less sudo): install it with 'apt-get install go-dqlite'," \
       "or skip this module's tests with -pl '!asyncsqlite-dqlite'" >&2
  exit 1
fi
command -v dqlite-demo >/dev/null 2>&1 || { echo "go-dqlite was installed but dqlite-demo is not on the PATH" >&2; exit 1; }
