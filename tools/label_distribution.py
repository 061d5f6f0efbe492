#!/usr/bin/env python3
"""Independent re-implementation of the genre-preference labels (docs/task.md) on the RecBole
ml-100k atomic files, printing the numbers that tests/core/data/test_default_movielens.cpp expects.

  python3 tools/label_distribution.py [models/data/ml-100k]

Rules: drop items with fewer than 20 ratings; per user, a genre counts with >= 3 rated items;
liked = mean > 3.5, top 3 by (mean desc, count desc, name); disliked = mean < 3.0, up to 3 by
(mean asc, count desc, name). "unknown" is not a genre.
"""
import collections
import os
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "models", "data", "ml-100k")
genres = {}
with open(os.path.join(folder, "ml-100k.item"), encoding="utf-8") as f:
    next(f)
    for line in f:
        cols = line.rstrip("\n").split("\t")
        genres[cols[0]] = [g for g in cols[3].split(" ") if g and g != "unknown"]
ratings = []
with open(os.path.join(folder, "ml-100k.inter")) as f:
    next(f)
    for line in f:
        u, i, r, t = line.split("\t")
        ratings.append((u, i, float(r)))
pop = collections.Counter(i for _, i, _ in ratings)
kept = [(u, i, r) for u, i, r in ratings if pop[i] >= 20]
users = collections.defaultdict(list)
for u, i, r in kept:
    users[u].append((i, r))
items = {i for _, i, _ in kept}
used_genres = sorted({g for i in items for g in genres[i]})
print("users", len(users), "items", len(items), "ratings", len(kept), "genres", len(used_genres))
like = collections.Counter()
dislike = collections.Counter()
labeled = 0
for u, hist in users.items():
    stat = collections.defaultdict(lambda: [0, 0.0])
    for i, r in hist:
        for g in genres[i]:
            stat[g][0] += 1
            stat[g][1] += r
    cand = [(s / c, c, g) for g, (c, s) in stat.items() if c >= 3]
    liked = sorted([x for x in cand if x[0] > 3.5], key=lambda x: (-x[0], -x[1], x[2]))[:3]
    disliked = sorted([x for x in cand if x[0] < 3.0], key=lambda x: (x[0], -x[1], x[2]))[:3]
    labeled += bool(liked or disliked)
    for x in liked:
        like[x[2]] += 1
    for x in disliked:
        dislike[x[2]] += 1
print("users_with_labels", labeled, "liked", sum(like.values()), "disliked", sum(dislike.values()))
for g in sorted(used_genres, key=lambda g: (-(like[g] + dislike[g]), g)):
    print(f"{g}\t{like[g]}\t{dislike[g]}\t{like[g] + dislike[g]}")
