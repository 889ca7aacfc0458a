#!/usr/bin/env bash
# The one abi3 wheel works on every CPython >= 3.11 here: build it, install it into a
# clean venv of each interpreter found (no index, no other packages), render the seed
# example there, and compare with docker-dsl 0.1.2's rendering of the same recipe.
#
#   scripts/wheel/check-wheel.sh MATURIN ORACLE_PYTHON [PYTHON ...]
#
# Interpreters default to python3.11, python3.12 and python3.13 (on PATH or pyenv).
set -euo pipefail
cd "$(dirname "$0")/../.."
maturin=$1 oracle=$2
shift 2
out=target/wheel-check
rm -rf "$out" && mkdir -p "$out/seed"
"$maturin" build --release -q --out "$out/wheels"
wheels=("$out"/wheels/docker_dsl-*.whl)
[[ ${#wheels[@]} -eq 1 ]] || { echo "check-wheel: expected one wheel, got ${wheels[*]}" >&2; exit 1; }
wheel=${wheels[0]}
[[ $wheel == *-cp311-abi3-* ]] || { echo "check-wheel: $wheel is not a cp311-abi3 wheel" >&2; exit 1; }
echo "check-wheel: built $(basename "$wheel")"

cp examples/seed_mounts.py "$out/seed/"
(cd "$out/seed" && "$oracle" -m docker_dsl seed_mounts --private=true) > "$out/expected.Dockerfile"

pythons=("$@")
if [[ ${#pythons[@]} -eq 0 ]]; then
    for version in 3.11 3.12 3.13; do
        found=$(ls -d "$HOME"/.pyenv/versions/"$version".*/bin/python3 2>/dev/null | tail -n1 || true)
        [[ -n $found ]] || found=$(command -v "python$version" || true)
        [[ -n $found ]] && pythons+=("$found")
    done
fi
[[ ${#pythons[@]} -gt 0 ]] || { echo "check-wheel: no CPython >= 3.11 found" >&2; exit 1; }
for python in "${pythons[@]}"; do
    version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    venv="$out/venv-$version"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --no-index --disable-pip-version-check "$wheel"
    (cd "$out/seed" && "../venv-$version/bin/docker-dsl" seed_mounts.py --private=true) > "$out/got-$version.Dockerfile"
    diff -u "$out/expected.Dockerfile" "$out/got-$version.Dockerfile"
    echo "check-wheel: CPython $version renders the seed example like docker-dsl 0.1.2"
done
