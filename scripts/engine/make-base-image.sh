#!/usr/bin/env bash
# Make the local base image the engine tests build FROM: a static busybox from
# Debian's busybox-static, imported with `docker import` (no registry needed).
#
# Usage: scripts/engine/make-base-image.sh [TAG]      (default docker-dsl-test/busybox:1)
#        FORCE=1 scripts/engine/make-base-image.sh     rebuild even if the tag exists
#
# Idempotent: exits at once when the tag already exists. Installs busybox-static
# with apt-get when /bin/busybox is missing and we are root.
set -euo pipefail

tag="${1:-docker-dsl-test/busybox:1}"
docker="${DOCKER:-docker}"

if [[ "${FORCE:-0}" != 1 ]] && "$docker" image inspect "$tag" >/dev/null 2>&1; then
    echo "base image $tag already exists"
    exit 0
fi

busybox=/bin/busybox
if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'; then
    if [[ "$(id -u)" != 0 ]]; then
        echo "need a static /bin/busybox: run 'apt-get install busybox-static' as root" >&2
        exit 1
    fi
    echo "installing Debian's busybox-static"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y busybox-static >/dev/null 2>&1 || {
        apt-get update >/dev/null
        apt-get install -y busybox-static >/dev/null
    }
fi

root="$(mktemp -d)"
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc,tmp,root,run,var/tmp,home/user}
chmod 1777 "$root/tmp" "$root/var/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
done
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
user:x:1000:
nogroup:x:65534:
GROUP
chown 1000:1000 "$root/home/user"

tar --numeric-owner --sort=name --mtime=@0 -C "$root" -cf - . |
    "$docker" import \
        --change 'ENV PATH=/bin' \
        --change 'CMD ["/bin/sh"]' \
        - "$tag" >/dev/null
echo "made base image $tag"
