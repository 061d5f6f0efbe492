#!/usr/bin/env python3
"""Reference speed of one PERSOMA training step (MLP adapter, frozen decoder) in PyTorch eager with
Hugging Face transformers, fp32, on the same batch as `persona bench --train`. Run by hand, never by
CI:

    build/app/cli/persona bench --train --history 10 --batch 8 --threads 2 --dump-batch /tmp/b10.json --json
    /tmp/refvenv/bin/python tools/bench_train_reference.py --batch-file /tmp/b10.json --threads 2
    (several: --batch-file /tmp/b10.json /tmp/b50.json --threads 1,2, one JSON list, in that order)

The batch file holds the token ids (instruction X, target Y + end-of-turn) and the item vectors of
each user, so both sides run exactly the same shapes. One step, as core/train/trainer.cpp does it:
zero the gradients, adapter(items) -> user soft tokens P_u, [P_u ; T ; embed(X ; Y)] right-padded,
the decoder's hidden states, the lm head on the target positions only, cross-entropy, backward
(the decoder is frozen: gradients flow through it to the inputs), clip the global norm to 1.0,
AdamW step on the adapter and T. Figures: median step time over --steps steps after --warmup;
peak_rss_mib is the process's peak so far (measure the larger batch last).
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from transformers import AutoModelForCausalLM

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def status_mib(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


class MlpAdapter(torch.nn.Module):
    """core/methods/adapters.cpp MlpAdapter: Linear + GELU (exact) between layers, none after the last."""

    def __init__(self, item_dim, hidden, out_dim, layers):
        super().__init__()
        dims = [item_dim] + [hidden] * (layers - 1) + [out_dim]
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i + 1 < len(self.layers):
                x = torch.nn.functional.gelu(x)
        return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch-file", required=True, nargs="+",
                    help="written by persona bench --train --dump-batch; several are measured in order")
    ap.add_argument("--threads", default=str(os.cpu_count()), help="a count or a list like 1,2 (each measured)")
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--models", default=os.path.join(ROOT, "models"))
    args = ap.parse_args()
    dec_dir = os.path.join(args.models, "smollm2-135m-instruct")
    t0 = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(dec_dir, gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
                                                 torch_dtype=torch.float32, attn_implementation="eager")
    model.train()  # no dropout in Llama; the same mode as the trainer
    for p in model.parameters():
        p.requires_grad_(False)
    setup_s = time.perf_counter() - t0
    results = []
    for path in args.batch_file:
        with open(path) as f:
            b = json.load(f)
        if b["adapter"]["kind"] != "mlp" or not b["method"].endswith("-frozen"):
            raise SystemExit(f"{path}: only the PERSOMA MLP frozen method is mirrored here, got {b['method']}")
        for threads in (int(t) for t in args.threads.split(",")):
            torch.set_num_threads(threads)
            out = measure(model, b, args.warmup, args.steps)
            out["threads"] = threads
            out["batch_file"] = path
            out["setup_s"] = setup_s
            results.append(out)
            print(json.dumps({k: v for k, v in out.items() if k not in ("step_s", "losses")}), file=sys.stderr)
    print(json.dumps(results if len(results) > 1 else results[0], indent=2))


def measure(model, b, warmup, steps):
    """Times warmup + steps training steps on the batch b; returns the figures as a dict."""
    torch.manual_seed(0)
    embed = model.get_input_embeddings()
    hidden_size = model.config.hidden_size

    examples = b["examples"]
    item_dim = b["itemDim"]
    adapter = MlpAdapter(item_dim, b["adapter"]["hidden"], hidden_size, b["adapter"]["layers"])
    with torch.no_grad():
        ids = torch.randint(model.config.vocab_size, (b["taskTokens"],))
        task = embed.weight[ids].clone()
    task.requires_grad_(True)
    params = list(adapter.parameters()) + [task]
    tr = b["train"]
    opt = torch.optim.AdamW(params, lr=tr["learningRate"], weight_decay=tr["weightDecay"])

    n_items = [len(e["items"]) for e in examples]
    items = torch.zeros(len(examples), max(n_items), item_dim)
    mask = torch.zeros(len(examples), max(n_items), dtype=torch.bool)
    for i, e in enumerate(examples):
        items[i, : n_items[i]] = torch.tensor(e["items"], dtype=torch.float32)
        mask[i, : n_items[i]] = True
    token_ids = [torch.tensor(e["promptIds"] + e["targetIds"], dtype=torch.int64) for e in examples]

    def step():
        opt.zero_grad()
        out = adapter(items)  # [batch, n, hidden]
        rows, starts = [], []
        for i, e in enumerate(examples):
            user = out[i][mask[i]]
            rows.append(torch.cat([user, task, embed(token_ids[i])], 0))
            starts.append(user.shape[0] + task.shape[0] + len(e["promptIds"]))
        length = max(r.shape[0] for r in rows)
        x = torch.stack([torch.cat([r, r.new_zeros(length - r.shape[0], hidden_size)]) for r in rows])
        attn = torch.zeros(len(rows), length, dtype=torch.int64)
        labels = torch.full((len(rows), length), -100, dtype=torch.int64)
        for i, e in enumerate(examples):
            attn[i, : rows[i].shape[0]] = 1
            labels[i, starts[i] : starts[i] + len(e["targetIds"])] = torch.tensor(e["targetIds"])
        h = model.model(inputs_embeds=x, attention_mask=attn).last_hidden_state
        nxt = labels[:, 1:]
        sel = nxt != -100
        logits = model.lm_head(h[:, :-1][sel])
        loss = torch.nn.functional.cross_entropy(logits.float(), nxt[sel])
        loss.backward()
        if tr["gradClip"] > 0:
            torch.nn.utils.clip_grad_norm_(params, tr["gradClip"])
        opt.step()
        return loss.item(), len(rows) * length

    rss_before = status_mib("VmRSS")
    peak_before = status_mib("VmHWM")
    times, cpu, losses = [], [], []
    padded = 0
    for _ in range(warmup + steps):
        t, c = time.perf_counter(), time.process_time()
        loss, padded = step()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        losses.append(loss)
    timed = times[warmup:]
    med = statistics.median(timed)
    n_prompt = sum(len(e["promptIds"]) for e in examples)
    n_target = sum(len(e["targetIds"]) for e in examples)
    tokens = sum(n_items) + b["taskTokens"] * len(examples) + n_prompt + n_target
    out = {
        "reference": f"torch {torch.__version__}, transformers eager fp32",
        "history": max(n_items),
        "batch": len(examples),
        "warmup": warmup,
        "steps": steps,
        "item_dim": item_dim,
        "trainable_parameters": sum(p.numel() for p in params),
        "tokens_per_step": tokens,
        "target_tokens_per_step": n_target,
        "padded_tokens_per_step": padded,
        "median_step_s": med,
        "min_step_s": min(timed),
        "max_step_s": max(timed),
        "median_step_cpu_s": statistics.median(cpu[warmup:]),
        "examples_per_s": len(examples) / med,
        "tokens_per_s": tokens / med,
        "rss_before_steps_mib": rss_before,
        "peak_rss_before_steps_mib": peak_before,
        "peak_rss_mib": status_mib("VmHWM"),
        "step_s": times,
        "losses": losses,
    }
    return out


if __name__ == "__main__":
    main()
