#!/bin/sh
# Install the Debian packages named as arguments when they are missing:
# with apt-get when running as root, otherwise print the exact command.
set -e
missing=""
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
  echo "Missing system packages:$missing"
  echo "Install them with:  sudo apt-get install -y$missing"
  exit 1
fi
