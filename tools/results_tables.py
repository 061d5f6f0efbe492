#!/usr/bin/env python3
"""Prints the history-5 tables of docs/results.md from the run folders of tools/cpu_results_milp.sh and
tools/cpu_results_grid_h5.sh.

Usage: tools/results_tables.py runs/g4 [runs/g3]
Reads only each run's metrics.json (and, for the seed-0 MiLP search of tools/cpu_results_h50.sh,
runs/g3/milp-bo, whose test summary predates precision and recall, <out>/genre-milp-s0.test.json
written by `persona eval --run runs/g3/milp-bo --split test --limit 20 --json` when present).
Standard library only.
"""
import json
import os
import re
import statistics
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def runs(out, g3):
    """name -> metrics.json of every run, the seed-0 genre search taken from g3."""
    found = {}
    for name in sorted(os.listdir(out)):
        m = load(os.path.join(out, name, "metrics.json"))
        if m is not None:
            found[name] = m
    if g3 and "genre-milp-s0" not in found:
        m = load(os.path.join(g3, "milp-bo", "metrics.json"))
        if m is not None:
            extra = load(os.path.join(out, "genre-milp-s0.test.json"))
            if extra is not None:
                m = dict(m, test=dict(m["test"], **{k: v for k, v in extra.items() if isinstance(v, (int, float))}))
            found["genre-milp-s0"] = m
    if g3 and "genre-random-s0" not in found:
        m = load(os.path.join(g3, "milp-random", "metrics.json"))
        if m is not None:
            found["genre-random-s0"] = m
    return found


def fmt(v, d=3):
    return "-" if v is None else f"{v:.{d}f}"


def seeds(found, prefix, key):
    vals = [found[n]["test"].get(key) for n in sorted(found) if n.startswith(prefix + "-s")]
    return [v for v in vals if v is not None]


def mean_sd(vals):
    if not vals:
        return "-"
    if len(vals) == 1:
        return f"{vals[0]:.3f} (1 seed)"
    return f"{statistics.mean(vals):.3f} ± {statistics.stdev(vals):.3f} ({len(vals)} seeds)"


def train_seconds(m):
    if m.get("method") == "milp":
        return sum(t.get("seconds", 0.0) for t in m.get("trials", [])) + m["final"]["stage1"]["seconds"] + \
            m["final"]["stage2"]["seconds"]
    return m.get("train", {}).get("seconds")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "runs/g4"
    g3 = sys.argv[2] if len(sys.argv) > 2 else "runs/g3"
    found = runs(out, g3)

    task_tables(found, "Genre task", lambda n, m: m.get("task", "genres") == "genres" and
                not n.startswith(("abl-", "genre-random")) and not GRID_NAME.match(n),
                (("F1", "f1"), ("precision", "precision"), ("recall", "recall")), "genre")
    task_tables(found, "\nNext-item generation", lambda n, m: m.get("task") == "next-item",
                (("ROUGE-1", "rouge1"), ("ROUGE-L", "rougeL"), ("Persona-F1", "personaF1")), "next")

    print("\nHypervolume after each trial (w.r.t. each search's final reference point)\n")
    names = [n for n in found if found[n].get("method") == "milp"]
    print("| search | " + " | ".join(f"trial {i + 1}" for i in range(6)) + " | chosen | test metric |")
    print("|---|" + "---|" * 8)
    for n in names:
        m = found[n]
        hv = m.get("hypervolumes", [])
        c = m.get("chosenConfig") or {}
        chosen = f"{len(c.get('layers', []))} layers / {c.get('modules')} / r{c.get('rank')}" if c else "-"
        print(f"| {n} | " + " | ".join(fmt(v, 4) for v in hv) + f" | {chosen} | {fmt(m['test'].get('metric'))} |")
    search_tables(found)
    grid_table(found, out)
    grid_seed_table(found, out)


def task_tables(found, title, keep, metrics, prefix):
    """Per-run rows of one task, then mean ± sd over seeds for PERSOMA and MiLP."""
    print(f"{title}, history 5, first 20 test users (per run)\n")
    names = " | ".join(label for label, _ in metrics)
    print(f"| run | {names} | input tokens | best step | train s |")
    print("|---|" + "---|" * (len(metrics) + 3))
    for n, m in found.items():
        if not keep(n, m):
            continue
        t = m["test"]
        print(f"| {n} | " + " | ".join(fmt(t.get(k)) for _, k in metrics) +
              f" | {fmt(t.get('meanInputTokens'), 0)} | {m.get('train', {}).get('bestStep', '-')} | {fmt(train_seconds(m), 0)} |")
    print(f"\n| method | {names} |")
    print("|---|" + "---|" * len(metrics))
    for label, method in (("PERSOMA MLP, frozen", "persoma"), ("MiLP", "milp")):
        print(f"| {label} | " + " | ".join(mean_sd(seeds(found, f"{prefix}-{method}", k)) for _, k in metrics) + " |")


def grid_table(found, out):
    print("\nGrid, genre task, seed 0 (tools/cpu_results_grid_h5.sh; MLP frozen recency at history 5 = genre-persoma-s0)\n")
    print("| run | method | adapter | decoder | sampling | F1 | precision | recall | input tokens | best step | train s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n in ["genre-persoma-s0"] + sorted(k for k in found if GRID_NAME.match(k) and grid_row_of(k)[1] == 0):
        m = found.get(n)
        if not m:
            continue
        rc = load(os.path.join(out, n, "config.json")) or {}
        method = rc.get("method", m.get("method", "?"))
        adapter = rc.get("persoma", {}).get("adapter", "-") if method == "persoma" else "-"
        mode = rc.get("decoder", {}).get("mode", "?")
        sampling = rc.get("data", {}).get("sampling", "?")
        t = m["test"]
        print(f"| {n} | {method} | {adapter} | {mode} | {sampling} | {fmt(t.get('f1'))} | {fmt(t.get('precision'))} | "
              f"{fmt(t.get('recall'))} | {fmt(t.get('meanInputTokens'), 0)} | {m.get('train', {}).get('bestStep', '-')} | "
              f"{fmt(train_seconds(m), 0)} |")


GRID_NAME = re.compile(r"^h\d+-")


def grid_row_of(name):
    """The grid row a run belongs to and its seed: h<history>-<row>[-s<seed>], and genre-persoma-s<seed> for
    MLP frozen recency at history 5."""
    if name.startswith("genre-persoma-s"):
        return "h5-mlp-frozen", int(name.rsplit("-s", 1)[1])
    if not GRID_NAME.match(name):
        return None, None
    head, _, tail = name.rpartition("-s")
    if head and tail.isdigit():
        return head, int(tail)
    return name, 0


def grid_seed_table(found, out):
    """One row per grid configuration: mean ± sd over the seeds that have finished."""
    rows = {}
    for n in sorted(found):
        row, seed = grid_row_of(n)
        if row is not None:
            rows.setdefault(row, {})[seed] = n
    print("\nGrid, genre task, mean ± sd over seeds (tools/cpu_results_grid_h5.sh)\n")
    print("| history | method | adapter | decoder | sampling | F1 | F1 against other users' truths | "
          "swapped-history loss minus loss | precision | recall | seeds 0 / 1 / 2 (F1) | "
          "distinct answers, seeds 0 / 1 / 2 | input tokens | train s (mean) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row, by_seed in sorted(rows.items(), key=lambda kv: (int(kv[0][1:kv[0].index("-")]), kv[0])):
        names = [by_seed[s] for s in sorted(by_seed)]
        rc = load(os.path.join(out, names[0], "config.json")) or {}
        method = rc.get("method", found[names[0]].get("method", "?"))
        adapter = rc.get("persoma", {}).get("adapter", "-") if method == "persoma" else "-"
        mode = rc.get("decoder", {}).get("mode", "?")
        sampling = rc.get("data", {}).get("sampling", "?")
        history = rc.get("data", {}).get("historySize", "?")
        tests = [found[n]["test"] for n in names]
        col = {k: [t[k] for t in tests if t.get(k) is not None] for k in ("f1", "precision", "recall")}
        per_seed = " / ".join(fmt(found[by_seed[s]]["test"].get("f1")) if s in by_seed else "-" for s in range(3))
        distinct = " / ".join(str(distinct_outputs(found, out, by_seed[s]) or "-") if s in by_seed else "-"
                              for s in range(3))
        cross = [c for c in (test_value(found, out, n, "crossUserF1") for n in names) if c is not None]
        cross = f"{fmt(statistics.mean(cross))} ({len(cross)} seeds)" if cross else "-"
        gaps = []
        for n in names:
            t = found[n]["test"]
            if t.get("swappedHistoryLoss") is None:  # both from the same evaluation
                t = load(os.path.join(out, n + ".reeval.json")) or {}
            own, swapped = t.get("loss"), t.get("swappedHistoryLoss")
            if own is not None and swapped is not None:
                gaps.append(swapped - own)
        gap = f"{statistics.mean(gaps):+.4f} ({len(gaps)} seeds)" if gaps else "-"
        secs = [train_seconds(found[n]) for n in names]
        secs = [x for x in secs if x is not None]
        print(f"| {history} | {method} | {adapter} | {mode} | {sampling} | {mean_sd(col['f1'])} | {cross} | {gap} | "
              f"{fmt(statistics.mean(col['precision']) if col['precision'] else None)} | "
              f"{fmt(statistics.mean(col['recall']) if col['recall'] else None)} | {per_seed} | {distinct} | "
              f"{fmt(tests[0].get('meanInputTokens'), 0)} | {fmt(statistics.mean(secs) if secs else None, 0)} |")


def test_value(found, out, name, key):
    """A test summary field: from metrics.json, else from the re-evaluation <out>/<name>.reeval.json
    (`persona eval --run <out>/<name> --split test --limit 20 --json`) for runs older than the field
    (distinctOutputs since session 7, crossUserF1 and swappedHistoryLoss since session 8)."""
    d = found[name]["test"].get(key)
    if d is None:
        d = (load(os.path.join(out, name + ".reeval.json")) or {}).get(key)
    return d


def distinct_outputs(found, out, name):
    """Different answers among the test users."""
    return test_value(found, out, name, "distinctOutputs")


def search_tables(found):
    print("\nBO against random search, genre task: hypervolume after trial 6 (same seed = same first 3 trials "
          "and reference point)\n")
    print("| seed | BO | random search | BO ahead |")
    print("|---|---|---|---|")
    ahead = 0
    pairs = 0
    for s in range(3):
        bo, rnd = found.get(f"genre-milp-s{s}"), found.get(f"genre-random-s{s}")
        if not bo or not rnd:
            continue
        a, b = bo["hypervolumes"][-1], rnd["hypervolumes"][-1]
        pairs += 1
        ahead += a > b
        print(f"| {s} | {a:.4f} | {b:.4f} | {'yes' if a > b else 'no'} |")
    print(f"\nBO ahead in {ahead} of {pairs} seeds")

    print("\nTable 5 ablation, genre task, seed 0 (the factors not searched take search.fixed)\n")
    print("| search | searched | chosen (layers / modules / rank) | val F1 of chosen | test F1 | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for n, label in (("abl-layers", "layers only"), ("abl-count", "count only"), ("abl-rank", "rank only"),
                     ("genre-milp-s0", "all")):
        m = found.get(n)
        if not m:
            continue
        c = m.get("chosenConfig") or {}
        chosen = f"{len(c.get('layers', []))} / {c.get('modules')} / {c.get('rank')}" if c else "-"
        val = m["trials"][m["chosen"]]["valMetric"] if m.get("chosen", -1) >= 0 else None
        t = m["test"]
        print(f"| {n} | {label} | {chosen} | {fmt(val)} | {fmt(t.get('f1'))} | "
              f"{fmt(t.get('precision'))} | {fmt(t.get('recall'))} |")

    print("\nSearch cost per MiLP search (from each run's stdout JSON: persona milp --json)\n")
    print("| search | trials | median trial wall s | GP fit s | acquisition s | search share |")
    print("|---|---|---|---|---|---|")
    out = sys.argv[1] if len(sys.argv) > 1 else "runs/g4"
    for n in sorted(found):
        j = load(os.path.join(out, n + ".stdout.json"))
        if not j or "timing" not in j:
            continue
        t = j["timing"]
        walls = sorted(x["wallSeconds"] for x in j["trials"])
        print(f"| {n} | {t['trials']} | {statistics.median(walls):.0f} | {t['gpSeconds']:.2f} | "
              f"{t['acquisitionSeconds']:.2f} | {100 * t['searchShare']:.2f} % |")


if __name__ == "__main__":
    main()
