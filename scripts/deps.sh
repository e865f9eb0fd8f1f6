#!/usr/bin/env bash
# Install every build and test dependency from Debian's archive.
# Idempotent: when everything is present it only checks and exits quietly.
set -euo pipefail

PKGS=(
	build-essential make gcc pkg-config kmod
	linux-image-amd64 linux-headers-amd64
	linux-kbuild-6.1	# scripts/kernel-doc, for test/host/kernel_doc.sh
	qemu-system-x86 busybox-static cpio
	check libsubunit-dev
	libnuma-dev libhwloc-dev musl-tools
	gnuplot-nox
	shellcheck
)

missing=()
for p in "${PKGS[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ "$status" == ii* ]] || missing+=("$p")
done

# linux-image-amd64 may pull a newer kernel than its headers: every installed
# 6.1 image needs its own headers for the guest module build.
for img in /boot/vmlinuz-6.1.*; do
	[ -e "$img" ] || continue
	ver=${img#/boot/vmlinuz-}
	[ -d "/usr/src/linux-headers-$ver" ] || missing+=("linux-headers-$ver")
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages (${missing[*]}); run as root to install them" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps.sh: done"
