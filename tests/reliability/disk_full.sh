#!/usr/bin/env bash
# The disk fills under a running `intake watch` (spec section 5, step 7):
# the job that needs the room rolls back and keeps its claim, the daemon goes
# on serving the other workspace, and once room returns the job completes;
# nothing is half stored and `intake verify` passes.
#
# It mounts a small tmpfs, so it runs in a mount namespace of its own:
#   unshare --mount bash tests/reliability/disk_full.sh INTAKE GEN            (root)
#   unshare --mount --map-root-user bash tests/reliability/disk_full.sh ...   (others)
# INTAKE and GEN are built `intake` and `intake-gen-payments` binaries.
set -euo pipefail
INTAKE=$1
GEN=$2
WORK=$(mktemp -d)
MOUNT=$WORK/fs
mkdir -p "$MOUNT"
mount -t tmpfs -o size=40m tmpfs "$MOUNT"
cleanup() { kill "${WATCH:-0}" 2>/dev/null || true; umount "$MOUNT" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
ROOT=$MOUNT/root
"$INTAKE" init "$ROOT" --workspace acme --workspace globex >/dev/null
sed -i 's/"settle_seconds": [0-9.]*/"settle_seconds": 0/; s/"rescan_seconds": [0-9.]*/"rescan_seconds": 1/' "$ROOT/intake.json"

"$GEN" --rows 60000 --seed 3 --out "$WORK/big.csv" 2>/dev/null
for i in 1 2 3 4 5; do "$GEN" --rows 200 --seed "$i" --out "$WORK/small$i.csv" 2>/dev/null; done
BIG_BYTES=$(stat -c %s "$WORK/big.csv")

# Leave room for the big file and a few MiB more: enough for small jobs, far
# too little for the big job's records and entries.
AVAILABLE=$(df --output=avail -B1 "$MOUNT" | tail -1)
FILLER=$((AVAILABLE - BIG_BYTES - 3 * 1024 * 1024))
fallocate -l "$FILLER" "$MOUNT/filler" 2>/dev/null || head -c "$FILLER" /dev/zero > "$MOUNT/filler"

"$INTAKE" watch "$ROOT" 2>"$WORK/watch.log" &
WATCH=$!
sleep 0.5
cp "$WORK/big.csv" "$ROOT/inbox/.big.tmp" && mv "$ROOT/inbox/.big.tmp" "$ROOT/inbox/acme__payments__big.csv"

status() { "$INTAKE" status "$ROOT" --json --limit 100; }
wait_for() {  # wait_for SECONDS COMMAND...: until COMMAND succeeds
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do
        if [ $SECONDS -ge $deadline ]; then return 1; fi
        sleep 0.3
    done
}
faulted() { grep -q 'job_fault' "$WORK/watch.log"; }
if ! wait_for 60 faulted; then echo "FAIL: no disk-full fault was logged"; cat "$WORK/watch.log"; exit 1; fi

# The daemon keeps serving the other workspace while acme's job waits for room.
for i in 1 2 3 4 5; do cp "$WORK/small$i.csv" "$ROOT/inbox/.s$i.tmp" && mv "$ROOT/inbox/.s$i.tmp" "$ROOT/inbox/globex__payments__small$i.csv"; done
globex_done() { [ "$(status | grep '"workspace":"globex"' | grep -c '"status":"DONE"')" = 5 ]; }
if ! wait_for 60 globex_done; then echo "FAIL: globex was not served while acme's disk was full"; status; exit 1; fi
ACME=$(status | grep '"workspace":"acme"')
case "$ACME" in
    *'"status":"DONE"'*) echo "FAIL: the big job finished on a full disk"; exit 1 ;;
esac
CLAIMED=$(find "$ROOT/work/acme" -type f | wc -l)
if [ "$CLAIMED" != 1 ]; then echo "FAIL: the big job's file is not claimed while it waits ($CLAIMED files)"; exit 1; fi
FAULTS=$(grep -c 'job_fault' "$WORK/watch.log")
grep 'job_fault' "$WORK/watch.log" | head -1

# Room returns: the job completes without anything done twice.
rm "$MOUNT/filler"
acme_done() { status | grep '"workspace":"acme"' | grep -q '"status":"DONE"'; }
if ! wait_for 120 acme_done; then echo "FAIL: the big job did not complete once room returned"; status; tail -5 "$WORK/watch.log"; exit 1; fi
kill -TERM "$WATCH"; wait "$WATCH"; WATCH=0
"$INTAKE" verify "$ROOT"
ENTRIES=$(status | grep '"workspace":"acme"' | grep -o '"total":[0-9]*' | cut -d: -f2)
echo "disk full: $FAULTS fault(s) logged while full, 5 globex jobs served meanwhile, big job DONE after room returned with all $ENTRIES rows (of 60000)"
[ "$ENTRIES" = 60000 ] || { echo "FAIL: $ENTRIES rows"; exit 1; }
echo "all checks hold"
