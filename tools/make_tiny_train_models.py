#!/usr/bin/env python3
"""Tiny fixtures for end-to-end training tests (core/api/training, `persona train`), written into
tests/data/nn/tiny_train/ (run by hand):

  /tmp/refvenv/bin/python tools/make_tiny_train_models.py

decoder/: a 2-layer random Llama (F16 safetensors + config.json) over the tiny BPE tokenizer's
          400-token vocabulary, with that tokenizer.json beside it, so `models.decoder` can point here.
encoder/: a 1-layer random BERT (F16) over the same tokenizer, for `models.encoder`.
dataset/: a RecBole atomic dataset of 30 users x 12 ratings over 24 items and 6 genres; each user
          likes one genre and dislikes another, so every user has genre labels.
Everything is seeded, so rerunning gives the same files.
"""
import json
import os
import random
import shutil

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "nn", "tiny_train")
TOKENIZER = os.path.join(ROOT, "tests", "data", "tokenizers", "tiny_bpe", "tokenizer.json")
VOCAB = 400


def decoder():
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(11)
    cfg = LlamaConfig(vocab_size=VOCAB, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                      rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True,
                      bos_token_id=1, eos_token_id=2, pad_token_id=0)
    model = LlamaForCausalLM(cfg).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.uniform_(0.8, 1.2)
            elif "embed_tokens" in name:
                p.normal_(0.0, 1.0)
            else:
                p.normal_(0.0, 0.15)
    folder = os.path.join(OUT, "decoder")
    os.makedirs(folder, exist_ok=True)
    model.half().save_pretrained(folder, safe_serialization=True)
    for extra in ("generation_config.json",):
        if os.path.exists(os.path.join(folder, extra)):
            os.remove(os.path.join(folder, extra))
    shutil.copy(TOKENIZER, os.path.join(folder, "tokenizer.json"))


def encoder():
    from transformers import BertConfig, BertModel

    torch.manual_seed(12)
    cfg = BertConfig(vocab_size=VOCAB, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=32, max_position_embeddings=128, type_vocab_size=2,
                     hidden_act="gelu", layer_norm_eps=1e-12, pad_token_id=0)
    model = BertModel(cfg, add_pooling_layer=False).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm.weight" in name:
                p.uniform_(0.8, 1.2)
            else:
                p.normal_(0.0, 0.3)
    folder = os.path.join(OUT, "encoder")
    os.makedirs(folder, exist_ok=True)
    model.half().save_pretrained(folder, safe_serialization=True)
    shutil.copy(TOKENIZER, os.path.join(folder, "tokenizer.json"))


def dataset():
    rng = random.Random(13)
    genres = ["Action", "Comedy", "Drama", "Horror", "Romance", "Thriller"]
    words = ["Red", "Night", "Star", "River", "Ghost", "Love", "City", "Fire", "Blue", "King", "Road", "Moon"]
    items = []
    for i in range(24):
        g = [genres[i % 6]] + ([genres[(i * 5 + 1) % 6]] if i % 3 == 0 else [])
        title = f"{words[i % 12]} {words[(i * 7 + 3) % 12]}"
        items.append((i + 1, title, 1990 + i, sorted(set(g))))
    folder = os.path.join(OUT, "dataset")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "tiny.item"), "w") as f:
        f.write("item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n")
        for iid, title, year, g in items:
            f.write(f"{iid}\t{title}\t{year}\t{' '.join(g)}\n")
    with open(os.path.join(folder, "tiny.inter"), "w") as f:
        f.write("user_id:token\titem_id:token\trating:float\ttimestamp:float\n")
        for u in range(1, 31):
            liked, disliked = rng.sample(genres, 2)
            chosen = rng.sample(items, 12)
            for k, (iid, _, _, g) in enumerate(chosen):
                if liked in g:
                    r = rng.choice([4, 5, 5])
                elif disliked in g:
                    r = rng.choice([1, 1, 2])
                else:
                    r = rng.choice([2, 3, 3, 4])
                f.write(f"{u}\t{iid}\t{r}\t{1000 * u + 10 * k}\n")


def main():
    decoder()
    encoder()
    dataset()
    total = 0
    for dirpath, _, files in os.walk(OUT):
        for name in files:
            size = os.path.getsize(os.path.join(dirpath, name))
            total += size
            print(f"{os.path.relpath(os.path.join(dirpath, name), ROOT)}: {size} bytes")
    print(f"total {total} bytes")


if __name__ == "__main__":
    main()
