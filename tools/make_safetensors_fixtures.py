#!/usr/bin/env python3
"""Golden fixture for core/io's safetensors reader, written by the reference safetensors package.

Writes tests/data/io/tiny.safetensors (F32, F16 and BF16 tensors plus __metadata__) and
tests/data/io/tiny_safetensors.json (each tensor's dtype, shape and float32 values, as PyTorch
reads them). Run by hand: /tmp/refvenv/bin/python tools/make_safetensors_fixtures.py
"""
import json
import os

import torch
from safetensors.torch import save_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "io")


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(7)
    tensors = {
        "encoder.weight": torch.randn(3, 4, generator=g),
        "encoder.bias": (torch.randn(4, generator=g) * 1000).to(torch.float16),
        "decoder.weight": torch.randn(2, 2, 3, generator=g).to(torch.bfloat16),
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 5),
    }
    path = os.path.join(OUT, "tiny.safetensors")
    save_file(tensors, path, metadata={"format": "pt", "note": "fixture"})
    os.chmod(path, 0o644)
    expected = {
        name: {
            "dtype": {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}[t.dtype],
            "shape": list(t.shape),
            "values": [float(x) for x in t.float().reshape(-1)],
        }
        for name, t in tensors.items()
    }
    with open(os.path.join(OUT, "tiny_safetensors.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
