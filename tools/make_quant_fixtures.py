#!/usr/bin/env python3
"""Golden fixtures for core/io's GGUF reader and dequantizer, made with gguf-py (the reference).

Writes into tests/data/io/:
  quant_blocks.gguf        written by gguf-py's GGUFWriter: for each ggml type, a tensor
                           "q.<TYPE>" of random raw blocks (K-quant f16 scales set to sane values)
                           and "ref.<TYPE>" (F32) holding gguf.quants.dequantize of those blocks;
                           plus metadata of every value type (checked by test_dequantize).
  default_gguf_golden.json first 64 values and a few row sums of token_embd.weight and
                           blk.0.attn_q.weight of the default SmolLM2 GGUF (test_default_gguf).

Run by hand: /tmp/refvenv/bin/python tools/make_quant_fixtures.py
"""
import json
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "io")
DEFAULT_GGUF = os.path.join(ROOT, "models", "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf")

# Byte offsets of the f16 scale fields inside one block (ggml-common.h).
HALF_FIELDS = {
    T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
}
BLOCKS_PER_TYPE = 4


def random_blocks(rng, qtype):
    block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(BLOCKS_PER_TYPE, type_size), dtype=np.uint8)
    for off in HALF_FIELDS[qtype]:
        # Scales of either sign, magnitudes from 1e-4 to 1, like real checkpoints.
        mags = np.exp(rng.uniform(np.log(1e-4), 0.0, size=BLOCKS_PER_TYPE))
        signs = rng.choice([-1.0, 1.0], size=BLOCKS_PER_TYPE)
        halves = (mags * signs).astype(np.float16).view(np.uint8).reshape(BLOCKS_PER_TYPE, 2)
        raw[:, off:off + 2] = halves
    return raw


def make_quant_file(rng):
    w = gguf.GGUFWriter(os.path.join(OUT, "quant_blocks.gguf"), arch="fixture")
    # One key of every value type, read back by test_dequantize.
    w.add_uint8("fixture.u8", 200)
    w.add_int8("fixture.i8", -100)
    w.add_uint16("fixture.u16", 60000)
    w.add_int16("fixture.i16", -30000)
    w.add_uint32("fixture.u32", 4000000000)
    w.add_int32("fixture.i32", -2000000000)
    w.add_uint64("fixture.u64", 2**40 + 3)
    w.add_int64("fixture.i64", -(2**40) - 5)
    w.add_float32("fixture.f32", 0.15625)
    w.add_float64("fixture.f64", -1e-300)
    w.add_bool("fixture.bool", True)
    w.add_string("fixture.string", "héllo ✓")
    w.add_array("fixture.strings", ["a", "", "ccc"])
    w.add_array("fixture.ints", [1, -2, 3])  # gguf-py stores python ints as int32
    w.add_array("fixture.floats", [0.5, -2.25])
    w.add_key_value("fixture.nested", [[1, 2], [3]], gguf.GGUFValueType.ARRAY, sub_type=gguf.GGUFValueType.ARRAY)

    for qtype in HALF_FIELDS:
        block_size, _ = gguf.GGML_QUANT_SIZES[qtype]
        raw = random_blocks(rng, qtype)
        ref = gguf.quants.dequantize(raw, qtype).astype(np.float32).reshape(2, -1)
        assert np.all(np.isfinite(ref)), qtype.name
        # Two rows of two blocks each: checks the row length and the block order together.
        w.add_tensor(f"q.{qtype.name}", raw.reshape(2, -1), raw_dtype=qtype)  # byte shape [2, 2 * type_size]
        w.add_tensor(f"ref.{qtype.name}", ref)

    values = np.concatenate([rng.standard_normal(120).astype(np.float32) * 3,
                             np.array([0.0, -0.0, 6e-8, -3e-6, 65504.0, 1e-40, 7.0, -1.5], dtype=np.float32)])
    for name, dtype, qtype in [("F16", np.float16, T.F16), ("F32", np.float32, T.F32)]:
        data = values.astype(dtype).reshape(4, 32)
        w.add_tensor(f"q.{name}", data, raw_dtype=qtype)
        w.add_tensor(f"ref.{name}", gguf.quants.dequantize(data, qtype).astype(np.float32))
    bf16 = gguf.quants.quantize(values.reshape(4, 32), T.BF16)
    w.add_tensor("q.BF16", bf16, raw_dtype=T.BF16)
    w.add_tensor("ref.BF16", gguf.quants.dequantize(bf16, T.BF16).astype(np.float32))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def make_default_golden():
    if not os.path.exists(DEFAULT_GGUF):
        print(f"skipping default_gguf_golden.json: {DEFAULT_GGUF} is absent", file=sys.stderr)
        return
    reader = gguf.GGUFReader(DEFAULT_GGUF)
    tensors = {t.name: t for t in reader.tensors}
    out = {"file": os.path.relpath(DEFAULT_GGUF, ROOT), "tensors": {}}
    for name in ["token_embd.weight", "blk.0.attn_q.weight", "blk.0.attn_norm.weight"]:
        t = tensors[name]
        values = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
        rows = values.reshape(values.shape[0], -1) if values.ndim > 1 else values.reshape(1, -1)
        picked = sorted({r for r in (0, 1, rows.shape[0] // 2, rows.shape[0] - 1) if r < rows.shape[0]})
        out["tensors"][name] = {
            "type": t.tensor_type.name,
            "shape": [int(x) for x in values.shape],
            "first64": [float(x) for x in values.reshape(-1)[:64]],
            "row_sums": {str(r): float(rows[r].astype(np.float64).sum()) for r in picked},
            "total_sum": float(values.astype(np.float64).sum()),
        }
    with open(os.path.join(OUT, "default_gguf_golden.json"), "w") as f:
        json.dump(out, f, indent=1)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240611)
    make_quant_file(rng)
    make_default_golden()
    print("wrote", OUT)


if __name__ == "__main__":
    main()
