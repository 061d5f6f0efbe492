#!/usr/bin/env python3
"""Writes tests/data/metrics/golden_metrics.json: reference values for core/eval.

- Genre classification: random suites of users, each with true liked/disliked genres and a
  generated answer text written with varied case, order, spacing, punctuation and unknown names.
  The intended predicted sets go through scikit-learn's precision_recall_fscore_support
  (average weighted / micro / macro, zero_division=0) on multilabel indicator matrices whose
  columns are liked:G and disliked:G for every genre plus one column per unknown name.
  The same predictions against other users' truths: the mean weighted F1 over the n - 1 cyclic
  shifts of the truth rows (the cross-user F1).
- ROUGE-1 / ROUGE-L precision, recall and F-measure from the rouge-score package (no stemmer).

Run by hand in a throwaway venv:
  python3 -m venv /tmp/metricsvenv && /tmp/metricsvenv/bin/pip install scikit-learn rouge-score
  /tmp/metricsvenv/bin/python tools/make_golden_metrics.py
"""
import json
import os
import random
import re

import numpy as np
import sklearn
from rouge_score import rouge_scorer
from sklearn.metrics import precision_recall_fscore_support

GENRES = ["Action", "Children's", "Comedy", "Drama", "Film-Noir", "Horror", "Romance", "Sci-Fi"]
SPELLINGS = {  # other ways a model may write a genre; all must map back to it
    "Children's": ["children's", "Children", "CHILDRENS"],
    "Sci-Fi": ["sci fi", "SCI-FI", "scifi"],
    "Film-Noir": ["film noir", "Film Noir"],
    "Comedy": ["comedy", "COMEDY"],
}
UNKNOWN = ["Biopic", "Space Opera", "Anime", "Cooking"]


def key(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def write_list(rng, names):
    if not names:
        return rng.choice(["None", "none", "", "NONE"])
    shown = [rng.choice([n] + SPELLINGS.get(n, [])) if n in GENRES else n for n in names]
    seps = [", ", ",", " , ", "; ", " and ", " / ", " | "]
    out = shown[0]
    for s in shown[1:]:
        out += rng.choice(seps) + s
    return out


def answer_text(rng, liked, disliked):
    lk = rng.choice(["Liked Genres:", "liked genres -", "LIKED GENRES :", "Liked genres:"])
    dk = rng.choice(["Not Liked Genres:", "not liked genres:", "Disliked genres:", "NOT  LIKED GENRES -"])
    end = rng.choice([".", "", " .", "!"])
    parts = [(lk, liked), (dk, disliked)]
    if rng.random() < 0.2:
        parts.reverse()
    text = ""
    for label, names in parts:
        text += label + " " + write_list(rng, names) + rng.choice([". ", ".\n", " ", "; "])
    return rng.choice(["", "Sure! ", "Answer:\n"]) + text.strip() + end


def classification_suite(rng, n_users):
    users = []
    for _ in range(n_users):
        pool = GENRES[:]
        rng.shuffle(pool)
        true_liked = pool[: rng.randint(0, 3)]
        true_disliked = [g for g in pool[3:6]][: rng.randint(0, 3)]
        def predict(truth):
            kept = [g for g in truth if rng.random() < 0.6]
            extra = [g for g in GENRES if g not in kept and rng.random() < 0.15]
            if rng.random() < 0.15:
                extra.append(rng.choice(UNKNOWN))
            names = kept + extra[:3]
            rng.shuffle(names)
            return names
        pred_liked, pred_disliked = predict(true_liked), predict(true_disliked)
        users.append({
            "true_liked": true_liked,
            "true_disliked": true_disliked,
            "pred_liked": pred_liked,
            "pred_disliked": pred_disliked,
            "text": answer_text(rng, pred_liked, pred_disliked),
        })
    columns = ["liked:" + g for g in GENRES] + ["disliked:" + g for g in GENRES]
    for u in users:
        for side in ("liked", "disliked"):
            for n in u["pred_" + side]:
                if n not in GENRES and side + ":?" + key(n) not in columns:
                    columns.append(side + ":?" + key(n))
    index = {c: i for i, c in enumerate(columns)}
    y_true = np.zeros((len(users), len(columns)), dtype=int)
    y_pred = np.zeros_like(y_true)
    for r, u in enumerate(users):
        for side in ("liked", "disliked"):
            for g in u["true_" + side]:
                y_true[r, index[side + ":" + g]] = 1
            for n in u["pred_" + side]:
                col = side + ":" + n if n in GENRES else side + ":?" + key(n)
                y_pred[r, index[col]] = 1
    scores = {}
    for avg in ("weighted", "micro", "macro"):
        p, rc, f, _ = precision_recall_fscore_support(y_true, y_pred, average=avg, zero_division=0)
        scores[avg] = {"precision": float(p), "recall": float(rc), "f1": float(f)}
    # Every prediction against other users' truths: the mean over the n - 1 cyclic shifts s of the
    # weighted F1 of (truth (i + s) mod n, prediction i).
    n = len(users)
    cross = [precision_recall_fscore_support(np.roll(y_true, -s, axis=0), y_pred, average="weighted",
                                             zero_division=0)[2] for s in range(1, n)]
    scores["cross_user_weighted_f1"] = float(np.mean(cross))
    return {"users": users, "classes": len(columns), "scores": scores}


WORDS = ["the", "movie", "was", "great", "Great", "boring", "plot", "cast", "acting", "2001", "sci-fi",
         "Action!", "café", "really", "not", "bad", "film", "I", "liked", "it's", "(1995)", "A+"]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def main():
    rng = random.Random(20240607)
    suites = [classification_suite(rng, rng.randint(4, 16)) for _ in range(8)]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=False)
    rouge = []
    pairs = [(sentence(rng, rng.randint(1, 14)), sentence(rng, rng.randint(1, 14))) for _ in range(30)]
    pairs += [("", "the movie"), ("the movie", "... !!"), ("Liked Genres: Action, Comedy.", "liked genres action comedy")]
    for ref, cand in pairs:
        s = scorer.score(ref, cand)  # score(target, prediction)
        rouge.append({"reference": ref, "candidate": cand,
                      "rouge1": {"precision": s["rouge1"].precision, "recall": s["rouge1"].recall, "fmeasure": s["rouge1"].fmeasure},
                      "rougeL": {"precision": s["rougeL"].precision, "recall": s["rougeL"].recall, "fmeasure": s["rougeL"].fmeasure}})
    out = {"generator": "tools/make_golden_metrics.py", "sklearn": sklearn.__version__, "genres": GENRES,
           "classification": suites, "rouge": rouge}
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "metrics", "golden_metrics.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", os.path.normpath(path), sum(len(s["users"]) for s in suites), "users,", len(rouge), "rouge pairs")


if __name__ == "__main__":
    main()
