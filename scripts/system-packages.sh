#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the course needs, only those missing, only as root with apt.
# Usage: scripts/system-packages.sh [--test|--kelas]   (--test adds what the browser tests need,
#        --kelas what a classroom server needs: rootless engines per account)
set -euo pipefail

packages=(docker.io docker-registry busybox-static debootstrap make)
[ "${1:-}" = "--test" ] && packages+=(chromium fonts-dejavu-core rootlesskit slirp4netns uidmap iproute2)
[ "${1:-}" = "--kelas" ] && packages+=(rootlesskit slirp4netns uidmap iproute2)
python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)

if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "• Bukan root di Debian/Ubuntu: paket sistem tidak dipasang otomatis."
  echo "  Pastikan tersedia: Docker engine, python3 dengan venv; opsional: ${packages[*]}."
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "• Memasang paket sistem: ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
