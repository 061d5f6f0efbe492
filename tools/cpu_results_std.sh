#!/usr/bin/env bash
# The standardized-item PERSOMA runs of docs/results.md: PERSOMA MLP at history 50 with a frozen
# decoder, seeds 0 to 2, and PERSOMA MLP with LoRA at history 10, seeds 0 to 2 (session 10); PERSOMA
# Perceiver and Transformer at history 50 with a frozen decoder, seeds 0 to 2 (session 12), all with
# `persoma.standardizeItems`, float32, one thread per run, validation on 40 users, the best validation
# state tested on ALL test users (so F1 against other users' truths, distinct answers and the
# swapped-history loss are on the whole test split). Every row is one `persona train` of a config
# written here; runs start whenever fewer than MAXJOBS (default 3) persona processes run. The table is
# printed from the runs' metrics.json.
# Usage: tools/cpu_results_std.sh [persona binary] [out dir]
#   RUNS="h10-mlp-lora-std-s1" tools/cpu_results_std.sh   (a subset)
#   Without RUNS it runs session 10's six; the session-12 Perceiver and Transformer runs are named in
#   RUNS (docs/results.md gives the command, with runs/g12 as the out dir).
#   h50-text-lora-s<seed> is fine-tuned text prompting at history 50 (1,217 input tokens: 240 steps,
#   10 validation users every 60 steps, all test users), several hours a run here: use STORE=1.
#   h50-counting and h50-zero-shot are the two baselines at history 50 in float32 on all test users
#   (session 14: F1 against other users' truths and distinct answers, as for the PERSOMA rows).
#   h10-counting and h10-zero-shot are the same at history 10 (session 18).
#   STORE=1 records each run in its own store ($OUT/<name>.sqlite) with a checkpoint every 10 steps
#   (resumed runs too), and a second call with the same out dir resumes a run that stopped before
#   its end (session 13 on). Only where $OUT survives: a fresh checkout has no runs/, so a run cut
#   there starts over.
#   h50-{transformer,perceiver}-lora-std-s<seed> are the two other adapters with LoRA at history 50
#   (session 15, runs/g15).
set -euo pipefail
PERSONA=${1:-build/app/cli/persona}
OUT=${2:-runs/g10}
MAXJOBS=${MAXJOBS:-3}
mkdir -p "$OUT/configs"
export OMP_NUM_THREADS=1

config() { # name method history decoder steps evalEvery valUsers seed [method block] [train fields]
  cat > "$OUT/configs/$1.json" <<JSON
{
 "name": "$1",
 "method": "$2",
 "outputDir": "$OUT/$1",
 "models": {"device": "cpu", "threads": 1, "dtype": "float32"},
 "data": {"historySize": $3, "sampling": "recency", "maxValUsers": $7, "maxTestUsers": 0},
 ${9:-}
 "decoder": {"mode": "$4", "loraRank": 4},
 "train": {"steps": $5, "batchSize": 4, "warmupSteps": 10, "evalEvery": $6, "patience": 0, "seed": $8, ${10:-}"maxNewTokens": 40}
}
JSON
}
persoma() { # name history decoder steps evalEvery seed [adapter]
  config "$1" persoma "$2" "$3" "$4" "$5" 40 "$6" "\"persoma\": {\"adapter\": \"${7:-mlp}\", \"standardizeItems\": true},"
}
text() { # name history steps evalEvery seed: fine-tuned text prompting (LoRA r4), the serialized history
  # One example per forward/backward pass: a batch of four 1,217-token sequences in one pass reached
  # 23 GB in its first step and was killed for memory (session 18); one at a time peaks at 6.8 GB
  # with the same update.
  config "$1" text "$2" lora "$3" "$4" 10 "$5" "" '"microBatchSize": 1, '
}
baseline() { # name method [history]: Counting or zero-shot text prompting, float32, all test users
  config "$1" "$2" "${3:-50}" frozen 0 0 40 0
}
baseline h50-counting counting
baseline h50-zero-shot zero-shot
baseline h10-counting counting 10 # session 18: beside the history-10 text runs re-scored on all users
baseline h10-zero-shot zero-shot 10
for s in 0 1 2; do
  text h50-text-lora-s$s 50 240 60 $s
  persoma h50-mlp-frozen-std-s$s 50 frozen 800 160 $s
  persoma h10-mlp-lora-std-s$s 10 lora 240 60 $s
  persoma h50-perceiver-frozen-std-s$s 50 frozen 800 160 $s perceiver
  persoma h50-transformer-frozen-std-s$s 50 frozen 800 160 $s transformer
  for a in mlp transformer perceiver; do persoma h50-$a-lora-std-s$s 50 lora 800 160 $s $a; done
done

running() { pgrep -c -f "^$PERSONA " || true; }
for name in ${RUNS:-h50-mlp-frozen-std-s0 h50-mlp-frozen-std-s1 h50-mlp-frozen-std-s2 \
                  h10-mlp-lora-std-s0 h10-mlp-lora-std-s1 h10-mlp-lora-std-s2}; do
  [[ -s $OUT/$name/metrics.json ]] && continue
  until (( $(running) < MAXJOBS )); do sleep 20; done
  echo "== $name $(date +%T)" >&2
  if [[ -z ${STORE:-} ]]; then
    "$PERSONA" train --config "$OUT/configs/$name.json" --no-store --json > "$OUT/$name.stdout.json" 2> "$OUT/$name.log" &
  elif [[ -s $OUT/$name.sqlite ]]; then # a run stopped before its end: go on from its last checkpoint
    id=$("$PERSONA" runs list --store "$OUT/$name.sqlite" --read-only --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
    "$PERSONA" train --resume "$id" --store "$OUT/$name.sqlite" --checkpoint-every 10 --json > "$OUT/$name.stdout.json" 2>> "$OUT/$name.log" &
  else
    "$PERSONA" train --config "$OUT/configs/$name.json" --store "$OUT/$name.sqlite" --checkpoint-every 10 --json \
      > "$OUT/$name.stdout.json" 2> "$OUT/$name.log" &
  fi
  sleep 10
done
wait

python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
print("| run | test users | F1 | against others | precision | recall | distinct answers | loss / swapped-history loss | best step | valF1 at best | train s |")
print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
groups = {}
def num(d, k):  # the baselines have no loss (None in metrics.json): print nan
    v = d.get(k)
    return float("nan") if v is None else v
for f in sorted(glob.glob(os.path.join(out, "*", "metrics.json"))):
    name = os.path.basename(os.path.dirname(f))
    m = json.load(open(f)); t = m["test"]; tr = m.get("train") or {}
    gap = num(t, "swappedHistoryLoss") - num(t, "loss")
    print(f"| {name} | {t['users']} | {t['f1']:.3f} | {num(t, 'crossUserF1'):.3f} | "
          f"{num(t, 'precision'):.3f} | {num(t, 'recall'):.3f} | {t.get('distinctOutputs', '-')} | "
          f"{num(t, 'loss'):.3f} / {num(t, 'swappedHistoryLoss'):.3f} ({gap:+.3f}) | "
          f"{tr.get('bestStep', '-')} | {num(tr, 'bestValF1'):.3f} | {num(tr, 'seconds'):.0f} |")
    groups.setdefault(name.rsplit("-s", 1)[0], []).append((t["f1"], num(t, "crossUserF1"), gap))
for g, rows in groups.items():
    if len(rows) > 1:
        f1 = [r[0] for r in rows]
        print(f"\n{g}: {len(rows)} seeds, F1 {statistics.mean(f1):.3f} +- {statistics.stdev(f1):.3f} (sd; min {min(f1):.3f}), "
              f"against others {statistics.mean(r[1] for r in rows):.3f}, swapped-history gap {statistics.mean(r[2] for r in rows):+.3f}")
PY
