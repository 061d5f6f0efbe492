#!/usr/bin/env python3
"""Writes a synthetic ml-latest style folder (movies.csv, ratings.csv) for the parse benchmark
(docs/benchmarks.md). Not MovieLens data: ids, titles, genres and ratings are random.

  python3 tools/make_ratings_csv.py OUT_DIR [--ratings 25000000] [--users 162541] [--movies 59047]
"""
import argparse
import os
import random

GENRES = ["Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
          "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
          "War", "Western"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--ratings", type=int, default=25_000_000)
    ap.add_argument("--users", type=int, default=162_541)
    ap.add_argument("--movies", type=int, default=59_047)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "movies.csv"), "w", encoding="utf-8") as f:
        f.write("movieId,title,genres\n")
        for m in range(1, a.movies + 1):
            title = f'"Movie {m}, The ({1900 + m % 120})"' if m % 7 == 0 else f"Movie {m} ({1900 + m % 120})"
            f.write(f"{m},{title},{'|'.join(rng.sample(GENRES, 1 + m % 3))}\n")
    # Popularity roughly Zipf-like: movie ids drawn from a skewed distribution.
    weights = [1.0 / (k ** 0.8) for k in range(1, a.movies + 1)]
    per_user = a.ratings // a.users
    extra = a.ratings - per_user * a.users
    stars = ["0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0"]
    with open(os.path.join(a.out, "ratings.csv"), "w") as f:
        f.write("userId,movieId,rating,timestamp\n")
        for u in range(1, a.users + 1):
            n = per_user + (1 if u <= extra else 0)
            movies = set(rng.choices(range(1, a.movies + 1), weights=weights, k=n))
            while len(movies) < n:
                movies.add(rng.randint(1, a.movies))
            t = 1_000_000_000 + rng.randint(0, 500_000_000)
            f.write("".join(f"{u},{m},{rng.choice(stars)},{t + k * 37}\n" for k, m in enumerate(movies)))


if __name__ == "__main__":
    main()
