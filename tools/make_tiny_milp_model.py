"""A tiny random Llama with the tiny BPE tokenizer beside it, for MiLP and CLI tests that load a
decoder from disk (run by hand):

  /tmp/refvenv/bin/python tools/make_tiny_milp_model.py

Writes tests/data/nn/tiny_llama_bpe/{config.json, model.safetensors (F16), tokenizer.json}: 2 layers,
hidden 32, feed-forward 64, vocabulary 400 (the tiny BPE's size), tied embeddings. Embeddings have
unit scale so a few training steps visibly move the loss (as tests/core/persoma_tiny.h does).
"""
import os
import shutil

import torch
from transformers import LlamaConfig, LlamaForCausalLM

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "nn", "tiny_llama_bpe")
TOKENIZER = os.path.join(ROOT, "tests", "data", "tokenizers", "tiny_bpe", "tokenizer.json")


def main():
    torch.manual_seed(4321)
    cfg = LlamaConfig(vocab_size=400, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                      rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True,
                      bos_token_id=1, eos_token_id=2, pad_token_id=0)
    model = LlamaForCausalLM(cfg).eval()
    with torch.no_grad():
        model.model.embed_tokens.weight.normal_(0.0, 1.0)
    os.makedirs(OUT, exist_ok=True)
    model.half().save_pretrained(OUT, safe_serialization=True)
    extra = os.path.join(OUT, "generation_config.json")
    if os.path.exists(extra):
        os.remove(extra)
    shutil.copyfile(TOKENIZER, os.path.join(OUT, "tokenizer.json"))
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    main()
