#!/usr/bin/env python3
"""Golden fixtures for core/nn and core/runtime, written into tests/data/nn/ (run by hand):

  /tmp/refvenv/bin/python tools/make_golden_models.py [--skip-real]

(a) smollm2_golden.json: the real SmolLM2 GGUF dequantized by transformers (fp32): top-20 next-token
    logits for 3 prompts given as token ids, and a 16-token greedy continuation of the first.
(b) minilm_embed_golden.json: all-MiniLM-L6-v2 sentence embeddings (mean pooling + L2 norm, as
    sentence-transformers) with the input ids and masks.
(c) tiny random models: tiny_llama/ (config.json + model.safetensors, F16), tiny_llama.gguf (same
    weights, q/k rows permuted as llama.cpp's converter does), tiny_llama_golden.json (logits of a
    left-padded batch of 2); tiny_bert/ and tiny_bert_golden.json.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "nn")
MODELS = os.path.join(ROOT, "models")


def rounded(values, digits=6):
    return [float(f"{v:.{digits}g}") for v in values]


def permute(weights, n_head, n_head_kv):
    # convert_hf_to_gguf.py LlamaModel.permute
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return (weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
            .swapaxes(1, 2).reshape(weights.shape))


def write_json(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def tiny_llama():
    from transformers import LlamaConfig, LlamaForCausalLM
    import gguf

    torch.manual_seed(1234)
    cfg = LlamaConfig(vocab_size=256, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                      rms_norm_eps=1e-5, rope_theta=50000.0, tie_word_embeddings=False,
                      bos_token_id=1, eos_token_id=2, pad_token_id=0)
    model = LlamaForCausalLM(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0.0, 0.2)
        for name, p in model.named_parameters():
            if "norm" in name:
                p.uniform_(0.5, 1.5)
        # Stored as F16; round now so the reference uses exactly the stored values.
        for p in model.parameters():
            p.copy_(p.half().float())
    folder = os.path.join(OUT, "tiny_llama")
    os.makedirs(folder, exist_ok=True)
    model.half().save_pretrained(folder, safe_serialization=True)
    # Reload in float32: half() also rounded the RoPE inv_freq buffer, which the saved model lacks.
    model = LlamaForCausalLM.from_pretrained(folder, torch_dtype=torch.float32).eval()
    for extra in ("generation_config.json",):
        if os.path.exists(os.path.join(folder, extra)):
            os.remove(os.path.join(folder, extra))

    # The same weights as a GGUF, named and permuted as convert_hf_to_gguf.py does.
    w = gguf.GGUFWriter(os.path.join(OUT, "tiny_llama.gguf"), "llama")
    w.add_block_count(cfg.num_hidden_layers)
    w.add_context_length(cfg.max_position_embeddings)
    w.add_embedding_length(cfg.hidden_size)
    w.add_feed_forward_length(cfg.intermediate_size)
    w.add_head_count(cfg.num_attention_heads)
    w.add_head_count_kv(cfg.num_key_value_heads)
    w.add_rope_freq_base(50000.0)
    w.add_layer_norm_rms_eps(cfg.rms_norm_eps)
    w.add_rope_dimension_count(cfg.hidden_size // cfg.num_attention_heads)
    w.add_vocab_size(cfg.vocab_size)
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}

    def t(name, arr):
        w.add_tensor(name, arr.astype(np.float32) if arr.ndim == 1 else arr.astype(np.float16))

    t("token_embd.weight", sd["model.embed_tokens.weight"])
    for i in range(cfg.num_hidden_layers):
        p = f"model.layers.{i}."
        g = f"blk.{i}."
        t(g + "attn_norm.weight", sd[p + "input_layernorm.weight"])
        t(g + "attn_q.weight", permute(sd[p + "self_attn.q_proj.weight"], cfg.num_attention_heads, cfg.num_attention_heads))
        t(g + "attn_k.weight", permute(sd[p + "self_attn.k_proj.weight"], cfg.num_attention_heads, cfg.num_key_value_heads))
        t(g + "attn_v.weight", sd[p + "self_attn.v_proj.weight"])
        t(g + "attn_output.weight", sd[p + "self_attn.o_proj.weight"])
        t(g + "ffn_norm.weight", sd[p + "post_attention_layernorm.weight"])
        t(g + "ffn_gate.weight", sd[p + "mlp.gate_proj.weight"])
        t(g + "ffn_up.weight", sd[p + "mlp.up_proj.weight"])
        t(g + "ffn_down.weight", sd[p + "mlp.down_proj.weight"])
    t("output_norm.weight", sd["model.norm.weight"])
    t("output.weight", sd["lm_head.weight"])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()

    # A left-padded batch: row 0 has 7 tokens, row 1 has 4 after 3 pads (pad id 0).
    seqs = [[1, 17, 99, 254, 3, 45, 128], [1, 200, 8, 77]]
    length = max(len(s) for s in seqs)
    ids = [[0] * (length - len(s)) + s for s in seqs]
    mask = [[0] * (length - len(s)) + [1] * len(s) for s in seqs]
    ids_t = torch.tensor(ids)
    mask_t = torch.tensor(mask)
    pos = (mask_t.cumsum(-1) - 1).clamp(min=0)
    with torch.no_grad():
        logits = model(input_ids=ids_t, attention_mask=mask_t, position_ids=pos).logits
    rows = []
    for b in range(len(seqs)):
        real = [i for i in range(length) if mask[b][i]]
        rows.append([rounded(logits[b, i].tolist(), 7) for i in real])
    write_json("tiny_llama_golden.json", {"input_ids": ids, "attention_mask": mask, "vocab_size": cfg.vocab_size,
                                          "logits": rows})


def tiny_bert():
    from transformers import BertConfig, BertModel

    torch.manual_seed(4321)
    cfg = BertConfig(vocab_size=200, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=64, max_position_embeddings=64, type_vocab_size=2,
                     hidden_act="gelu", layer_norm_eps=1e-12, pad_token_id=0)
    model = BertModel(cfg, add_pooling_layer=False).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm.weight" in name:
                p.uniform_(0.5, 1.5)
            else:
                p.normal_(0.0, 0.2)
            p.copy_(p.half().float())
    folder = os.path.join(OUT, "tiny_bert")
    os.makedirs(folder, exist_ok=True)
    model.half().save_pretrained(folder, safe_serialization=True)
    model = BertModel.from_pretrained(folder, torch_dtype=torch.float32, add_pooling_layer=False).eval()
    seqs = [[101, 7, 19, 150, 102], [101, 42, 102], [101, 3, 4, 5, 6, 7, 8, 102]]
    length = max(len(s) for s in seqs)
    ids = [s + [0] * (length - len(s)) for s in seqs]
    mask = [[1] * len(s) + [0] * (length - len(s)) for s in seqs]
    ids_t = torch.tensor(ids)
    mask_t = torch.tensor(mask)
    with torch.no_grad():
        hidden = model(input_ids=ids_t, attention_mask=mask_t).last_hidden_state
        m = mask_t.unsqueeze(-1).float()
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
        emb = torch.nn.functional.normalize(pooled, p=2, dim=1)
    write_json("tiny_bert_golden.json", {"input_ids": ids, "attention_mask": mask,
                                         "embeddings": [rounded(e.tolist(), 7) for e in emb]})


def smollm2():
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = os.path.join(MODELS, "smollm2-135m-instruct")
    name = "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not os.path.exists(os.path.join(folder, name)):
        print("SmolLM2 GGUF absent: skipped", file=sys.stderr)
        return
    tok = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, torch_dtype=torch.float32).eval()
    chat = tok.apply_chat_template([{"role": "user", "content": "What is the capital of France?"}],
                                   tokenize=False, add_generation_prompt=True)
    prompts = [chat,
               "The quick brown fox jumps over the lazy dog. Then it",
               "def fibonacci(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n"]
    cases = []
    for text in prompts:
        ids = tok(text, add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            logits = model(input_ids=torch.tensor([ids])).logits[0, -1]
        top = torch.topk(logits, 20)
        cases.append({"text": text, "input_ids": ids, "top_ids": top.indices.tolist(),
                      "top_logits": rounded(top.values.tolist(), 8)})
    first = torch.tensor([cases[0]["input_ids"]])
    with torch.no_grad():
        out = model.generate(first, attention_mask=torch.ones_like(first), max_new_tokens=16, do_sample=False,
                             eos_token_id=None, pad_token_id=2)
    greedy = out[0, first.shape[1]:].tolist()
    write_json("smollm2_golden.json", {"model": f"smollm2-135m-instruct/{name}", "cases": cases,
                                       "greedy_prompt": 0, "greedy_ids": greedy,
                                       "greedy_text": tok.decode(greedy)})


def minilm():
    from transformers import AutoModel, AutoTokenizer

    folder = os.path.join(MODELS, "all-minilm-l6-v2")
    if not os.path.exists(os.path.join(folder, "model.safetensors")):
        print("MiniLM absent: skipped", file=sys.stderr)
        return
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder, torch_dtype=torch.float32).eval()
    sentences = ["I loved the first Star Wars film.",
                 "A quiet romantic comedy set in Paris, with a great soundtrack.",
                 "Horror movies keep me awake at night!",
                 "The user rated Toy Story (1995) 5 stars and Heat (1995) 2 stars.",
                 "Café, naïve façade — ünïcode text 123."]
    enc = tok(sentences, padding=True, truncation=True, max_length=256, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
        emb = torch.nn.functional.normalize(pooled, p=2, dim=1)
    write_json("minilm_embed_golden.json", {"model": "all-minilm-l6-v2", "sentences": sentences,
                                            "input_ids": enc["input_ids"].tolist(),
                                            "attention_mask": enc["attention_mask"].tolist(),
                                            "embeddings": [rounded(e.tolist(), 7) for e in emb]})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-real", action="store_true", help="only the tiny random models")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(2)
    tiny_llama()
    tiny_bert()
    if not args.skip_real:
        smollm2()
        minilm()


if __name__ == "__main__":
    main()
