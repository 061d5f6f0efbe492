#!/usr/bin/env bash
# Re-chooses the step of each history-50 PERSOMA run of tools/cpu_results_h50.sh on the WHOLE
# validation split (the runs validated on 20 users only), then scores the chosen step on the test
# split. Rule, fixed before any of these figures: among the checkpoints from step MIN_STEP (default
# 100; the first evaluation, step 50, is left out for CPU time) the step with the highest validation
# F1 on all validation users, the earlier step on a tie. Every figure is one `persona eval --run R
# --checkpoint N --json`; runs start whenever fewer than MAXJOBS (default 2) persona processes run.
# Usage: tools/cpu_results_h50_reval.sh [persona binary] [runs dir]   (writes <runs dir>/reval/)
set -euo pipefail
PERSONA=${1:-build/app/cli/persona}
G3=${2:-runs/g3}
MAXJOBS=${MAXJOBS:-2}
RUNS=${RUNS:-mlp-h50-s0 mlp-h50-s1 mlp-h50-s2}
export MIN_STEP=${MIN_STEP:-100}
OUT=$G3/reval
mkdir -p "$OUT"
export OMP_NUM_THREADS=1

running() { pgrep -c -f "^$PERSONA " || true; }
wait_slot() { until (( $(running) < MAXJOBS )) && sleep 5 && (( $(running) < MAXJOBS )); do sleep 20; done; }
score() { # run step split
  local f=$OUT/$1-step$2-$3.json
  [[ -s $f ]] && return
  echo "== $1 step $2 $3 $(date +%T)" >&2
  "$PERSONA" eval --run "$G3/$1" --checkpoint "$2" --split "$3" --json > "$f.tmp" 2> "$OUT/$1-step$2-$3.log" \
    && mv "$f.tmp" "$f" || echo "== $1 step $2 $3 FAILED" >&2
}

for run in $RUNS; do
  for ckpt in "$G3/$run"/checkpoints/step-*.safetensors; do
    step=${ckpt##*/step-}; step=${step%.safetensors}
    (( step >= MIN_STEP )) || continue
    wait_slot; score "$run" "$step" validation & sleep 10
  done
done
wait
for run in $RUNS; do
  best=$(python3 - "$OUT" "$run" <<'PY'
import glob, json, os, re, sys
out, run = sys.argv[1], sys.argv[2]
scored = []
for f in glob.glob(f"{out}/{run}-step*-validation.json"):
    step = int(re.search(r"-step(\d+)-validation", f).group(1))
    if step < int(os.environ["MIN_STEP"]):
        continue
    scored.append((-json.load(open(f))["f1"], step))
print(min(scored)[1])
PY
)
  wait_slot; score "$run" "$best" test & sleep 10
done
wait
python3 - "$OUT" $RUNS <<'PY'
import glob, json, os, re, statistics, sys
out, runs = sys.argv[1], sys.argv[2:]
print("| run | validation F1 (all users) by step | chosen step | test F1 | precision | recall |")
print("|---|---|---|---|---|---|")
f1s = []
for run in runs:
    val = {}
    for f in glob.glob(f"{out}/{run}-step*-validation.json"):
        step = int(re.search(r"-step(\d+)-", f).group(1))
        if step >= int(os.environ["MIN_STEP"]):
            val[step] = json.load(open(f))["f1"]
    best = min(val, key=lambda s: (-val[s], s))
    t = json.load(open(f"{out}/{run}-step{best}-test.json"))
    f1s.append(t["f1"])
    curve = " ".join(f"{s}:{val[s]:.3f}" for s in sorted(val))
    print(f"| {run} | {curve} | {best} | {t['f1']:.3f} | {t['precision']:.3f} | {t['recall']:.3f} |")
if len(f1s) > 1:
    print(f"\nmean test F1 {statistics.mean(f1s):.3f} ± {statistics.stdev(f1s):.3f} (sd), min {min(f1s):.3f}")
PY
