#!/usr/bin/env bash
# Benchmark `verify` on a multi-GB image: the scan before multi-core (one thread) against
# today's scan on one thread and on every core, beside the physical floor (gzip decompression
# alone) and the obvious shell pipeline.
#
# Generates a docker-archive (docker 25+ layout: OCI blobs + manifest.json + index.json,
# manifest last as `docker save` streams it) with LAYERS gzip layers of about LAYER_MB MiB
# each — random binary, repetitive logs and thousands of small base64 files — and one
# planted secret near the end of the last layer. Then it times, in the same run:
#   before:      the scan crate's example at BASE_REV (one thread, the scan before this work)
#   now-1:       the scan crate's example today, --jobs 1
#   now-N:       the same with --jobs JOBS (default: every core)
#   decode-1/-N: the example `decode`: gzip decompression of every layer alone, same decoder
#   baseline:    tar -xOf image.tar LAYER | tar -xzOf - | grep -c SECRET   (per layer)
#   baseline+:   the same with grep -F -f (raw + base64 cores + hex)
# and prints throughput (MB/s of compressed input and of uncompressed layer bytes) and peak
# RSS from /usr/bin/time -v.
#
# Usage: bench/verify/run.sh            (6 layers of 256 MiB: LAYERS=6 LAYER_MB=256)
#        LAYERS=6 LAYER_MB=64 bench/verify/run.sh   (a quick run)
# Env: WORK=/tmp/docker-dsl-bench (generated image and built tools, reused when present);
#      KEEP=0 deletes the image after; BASE_REV (default daf8d0c); JOBS (default nproc);
#      PIPELINE=0 skips the shell pipelines; REPEAT (default 3) runs of each scan, median kept.
set -euo pipefail

LAYERS=${LAYERS:-6}
LAYER_MB=${LAYER_MB:-256}
WORK=${WORK:-/tmp/docker-dsl-bench}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
IMAGE="$WORK/image-${LAYERS}x${LAYER_MB}.tar"
SECRET_FILE="$WORK/secret.txt"
SECRET="bench-S3cr3t-$(printf '%s' "$LAYERS$LAYER_MB" | sha256sum | cut -c1-24)"

command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$WORK"
printf '%s\n' "$SECRET" > "$SECRET_FILE"

# ---------------------------------------------------------------------------- generate
make_layer() { # $1 = layer number, $2 = directory
  local n=$1 dir=$2 mb=$LAYER_MB
  local random_mb=$((mb * 40 / 100)) log_mb=$((mb * 35 / 100)) small_mb=$((mb * 25 / 100))
  mkdir -p "$dir/opt/data" "$dir/var/log" "$dir/usr/share/small"
  head -c "${random_mb}M" /dev/urandom > "$dir/opt/data/blob-$n.bin"
  { yes "2024-05-01T12:00:00Z INFO layer=$n request path=/api/v1/items/42 status=200 duration_ms=12" \
    || true; } | head -c "${log_mb}M" > "$dir/var/log/app-$n.log"
  # base64 text of random bytes, split into 16 KiB files (about 4 files per 64 KiB)
  head -c "$((small_mb * 3 / 4))M" /dev/urandom | base64 -w 76 \
    | split -b 16k -a 5 - "$dir/usr/share/small/f$n-"
  if [ "$n" -eq "$LAYERS" ]; then
    # the planted secret, near the end of the last layer's last file
    { head -c 3M /dev/urandom | base64 -w 76; printf 'API_TOKEN=%s\n' "$SECRET"; echo tail; } \
      > "$dir/usr/share/small/zz-config.env"
  fi
}

if [ ! -s "$IMAGE" ]; then
  echo "generating $IMAGE ($LAYERS layers x ~$LAYER_MB MiB) ..." >&2
  stage="$WORK/stage"; rm -rf "$stage"; mkdir -p "$stage/blobs/sha256"
  diff_ids=(); layer_digests=(); layer_sizes=()
  for n in $(seq 1 "$LAYERS"); do
    dir="$WORK/layer$n"; rm -rf "$dir"; make_layer "$n" "$dir"
    tmp="$stage/layer$n.tar.gz"
    tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 -cf - . | gzip -1 > "$tmp"
    diff=$(gzip -dc "$tmp" | sha256sum | cut -d' ' -f1)
    dgst=$(sha256sum "$tmp" | cut -d' ' -f1)
    mv "$tmp" "$stage/blobs/sha256/$dgst"
    diff_ids+=("\"sha256:$diff\""); layer_digests+=("$dgst"); layer_sizes+=("$(stat -c %s "$stage/blobs/sha256/$dgst")")
    rm -rf "$dir"
  done
  config=$(printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin:/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[]}' \
           "$(IFS=,; echo "${diff_ids[*]}")")
  printf '%s' "$config" > "$stage/config.json"
  cdg=$(sha256sum "$stage/config.json" | cut -d' ' -f1); mv "$stage/config.json" "$stage/blobs/sha256/$cdg"
  descs=(); paths=()
  for i in "${!layer_digests[@]}"; do
    descs+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:${layer_digests[$i]}\",\"size\":${layer_sizes[$i]}}")
    paths+=("\"blobs/sha256/${layer_digests[$i]}\"")
  done
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$cdg" "${#config}" "$(IFS=,; echo "${descs[*]}")" > "$stage/m.json"
  mdg=$(sha256sum "$stage/m.json" | cut -d' ' -f1); msize=$(stat -c %s "$stage/m.json")
  mv "$stage/m.json" "$stage/blobs/sha256/$mdg"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"bench/image:latest"}}]}' \
    "$mdg" "$msize" > "$stage/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$stage/oci-layout"
  printf '[{"Config":"blobs/sha256/%s","RepoTags":["bench/image:latest"],"Layers":[%s]}]' \
    "$cdg" "$(IFS=,; echo "${paths[*]}")" > "$stage/manifest.json"
  (cd "$stage" && tar --owner=0 --group=0 -cf "$IMAGE.part" blobs oci-layout index.json manifest.json)
  mv "$IMAGE.part" "$IMAGE"; rm -rf "$stage"
fi

# ---------------------------------------------------------------------------- tools
BASE_REV=${BASE_REV:-daf8d0c}
JOBS=${JOBS:-$(nproc)}
target=$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BEFORE="$WORK/verify-$BASE_REV"
if [ ! -x "$BEFORE" ]; then
  # The scan as it was at BASE_REV, built from an exported tree (the repository is only read).
  src="$WORK/src-$BASE_REV"; rm -rf "$src"; mkdir -p "$src"
  git -C "$REPO" archive "$BASE_REV" | tar -x -C "$src"
  (cd "$src" && CARGO_TARGET_DIR="$target" cargo build --quiet --release -p scan --example verify)
  cp "$target/release/examples/verify" "$BEFORE"; rm -rf "$src"
fi
(cd "$REPO" && cargo build --quiet --release -p scan --example verify --example decode)
cp "$target/release/examples/verify" "$WORK/verify-now"; cp "$target/release/examples/decode" "$WORK/decode"
LAYER_MEMBERS=$(tar -xOf "$IMAGE" manifest.json \
  | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)[0]["Layers"]))')
PATTERNS="$WORK/patterns.txt"
python3 - "$SECRET" > "$PATTERNS" <<'PY'
import base64, sys
s = sys.argv[1].encode()
out = {s}
for a in range(3):
    enc = base64.b64encode(b"\0" * a + s + b"\0\0\0").rstrip(b"=")
    out.add(enc[(8 * a + 5) // 6:(8 * a + 8 * len(s)) // 6])
out |= {s.hex().encode(), s.hex().upper().encode()}
sys.stdout.write("\n".join(sorted(p.decode() for p in out)) + "\n")
PY
export IMAGE SECRET PATTERNS LAYER_MEMBERS

measure() { # $1 = label, rest = command; prints "label seconds maxrss_kb cpu_seconds exit"
  local label=$1; shift
  local log="$WORK/time-$label.txt"
  set +e; /usr/bin/time -v "$@" > "$WORK/out-$label.txt" 2> "$log"; local code=$?; set -e
  local secs rss cpu
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$log")
  echo "$label $secs $rss $cpu $code"
}

SECRET_ARG="id=bench,src=$SECRET_FILE"
cat "$IMAGE" > /dev/null   # warm the page cache so every tool reads from memory
compressed=$(stat -c %s "$IMAGE")
# The scans run REPEAT times, interleaved, and each row keeps its median wall time (this
# machine is shared; the CPU time column is the steadier measure).
declare -A runs=()
for round in $(seq 1 "${REPEAT:-3}"); do
  runs[before]+="$(measure before "$BEFORE" "$IMAGE" --secret "$SECRET_ARG" --json);"
  runs[now-1]+="$(measure now-1 "$WORK/verify-now" "$IMAGE" --secret "$SECRET_ARG" --json --jobs 1);"
  runs[now-$JOBS]+="$(measure now-$JOBS "$WORK/verify-now" "$IMAGE" --secret "$SECRET_ARG" --json --jobs "$JOBS");"
  runs[decode-1]+="$(measure decode-1 "$WORK/decode" "$IMAGE" --jobs 1);"
  runs[decode-$JOBS]+="$(measure decode-$JOBS "$WORK/decode" "$IMAGE" --jobs "$JOBS");"
done
median() { # "label secs rss cpu code;..." -> the run with the median wall time
  tr ';' '\n' <<< "$1" | sed '/^$/d' | sort -k2,2g | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}
rows=()
for label in before now-1 "now-$JOBS" decode-1 "decode-$JOBS"; do
  rows+=("$(median "${runs[$label]}")")
done
if [ "${PIPELINE:-1}" = 1 ]; then
  rows+=("$(measure baseline bash -c 'for l in $LAYER_MEMBERS; do tar -xOf "$IMAGE" "$l" | tar -xzOf - | LC_ALL=C grep -a -c -F -- "$SECRET"; done')")
  rows+=("$(measure baseline+ bash -c 'for l in $LAYER_MEMBERS; do tar -xOf "$IMAGE" "$l" | tar -xzOf - | LC_ALL=C grep -a -c -F -f "$PATTERNS"; done')")
fi
uncompressed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes_uncompressed"])' "$WORK/out-now-1.txt")
found=$(python3 -c '
import json, sys
for f in sys.argv[1:]:
    r = json.load(open(f))
    print(f.rsplit("out-", 1)[1][:-4], len(r["hits"]), r["hits"][0]["path"] if r["hits"] else "-")' \
  "$WORK/out-before.txt" "$WORK/out-now-1.txt" "$WORK/out-now-$JOBS.txt")

python3 - "$compressed" "$uncompressed" "$(nproc)" "$JOBS" "$found" "$(cut -d' ' -f1-3 /proc/loadavg)" "${rows[@]}" <<'PY'
import sys
comp, unc, cores, jobs, found, load = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
rows = [r.split() for r in sys.argv[7:]]
mb = 1e6
print(f"image: {comp/2**30:.2f} GiB compressed, {unc/2**30:.2f} GiB uncompressed layer tars; "
      f"{cores} cores, load average {load} at the end")
print("hits (tool, count, first path):")
for line in found.splitlines():
    print("  " + line)
print(f"| tool | wall time | MB/s in | MB/s uncompressed | CPU time | peak RSS | exit |")
print(f"| --- | --- | --- | --- | --- | --- | --- |")
secs = {}
for label, s, rss, cpu, code in rows:
    s = float(s); secs[label] = s
    print(f"| {label} | {s:.1f} s | {comp/mb/s:.0f} | {unc/mb/s:.0f} | {float(cpu):.1f} s | "
          f"{int(rss)/1024:.1f} MiB | {code} |")
now = secs[f"now-{jobs}"]
print(f"now-{jobs} is {secs['before']/now:.2f}x faster than before (one thread), "
      f"{secs['now-1']/now:.2f}x faster than now-1; "
      f"decode-only-{jobs} takes {secs[f'decode-{jobs}']/now*100:.0f} % of now-{jobs}'s time")
PY
[ "${KEEP:-1}" = 1 ] || rm -f "$IMAGE"
