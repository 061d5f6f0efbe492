#!/usr/bin/env python3
"""Reference speed of the Python stack (PyTorch + Hugging Face transformers, eager, fp32) on the
same models, inputs and thread count as `persona bench`. Run by hand, never by CI:

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install torch transformers gguf
    /tmp/refvenv/bin/python tools/bench_reference.py --threads 2 --runs 5 > ref.json

Inputs are synthetic token ids, the same formula as the C++ benchmark (core/runtime/benchmark.cpp):
id(i) = 100 + (i * 7919) % 40000. Figures are medians over --runs runs after one warm-up.
"""
import argparse
import json
import os
import statistics
import time

import torch
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def synthetic_ids(n):
    return [100 + (i * 7919) % 40000 for i in range(n)]


def median_time(fn, runs):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gen-tokens", type=int, default=64)
    ap.add_argument("--models", default=os.path.join(ROOT, "models"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    dec_dir = os.path.join(args.models, "smollm2-135m-instruct")
    dec = AutoModelForCausalLM.from_pretrained(dec_dir, gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
                                               torch_dtype=torch.float32, attn_implementation="eager").eval()
    out = {"reference": f"torch {torch.__version__}, transformers eager fp32", "threads": args.threads,
           "runs": args.runs}
    with torch.inference_mode():
        for n in (128, 512):
            ids = torch.tensor([synthetic_ids(n)])
            t = median_time(lambda: dec(input_ids=ids, use_cache=False), args.runs)
            out[f"prefill_{n}_tokens_per_s"] = n / t

        prompt = torch.tensor([synthetic_ids(16)])

        def prefill_only():
            dec(input_ids=prompt, use_cache=True)

        def generate():
            dec.generate(input_ids=prompt, attention_mask=torch.ones_like(prompt), do_sample=False,
                         max_new_tokens=args.gen_tokens, min_new_tokens=args.gen_tokens, pad_token_id=2)

        t_pre = median_time(prefill_only, args.runs)
        t_all = median_time(generate, args.runs)
        # Decode rate: the tokens after the first, over the time after the prefill.
        out["generate_tokens_per_s"] = (args.gen_tokens - 1) / max(t_all - t_pre, 1e-9)

    enc_dir = os.path.join(args.models, "all-minilm-l6-v2")
    tok = AutoTokenizer.from_pretrained(enc_dir)
    enc = AutoModel.from_pretrained(enc_dir, torch_dtype=torch.float32, attn_implementation="eager").eval()
    sentences = [f"Title: Movie number {i}, Genres: Drama, Comedy, Rating: {1 + i % 5}" for i in range(64)]
    batch = tok(sentences, padding=True, return_tensors="pt")

    def encode():
        h = enc(**batch).last_hidden_state
        m = batch["attention_mask"].unsqueeze(-1).float()
        e = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        torch.nn.functional.normalize(e, dim=-1)

    with torch.inference_mode():
        out["encoder_sentences_per_s"] = len(sentences) / median_time(encode, args.runs)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
