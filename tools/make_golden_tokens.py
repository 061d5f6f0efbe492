#!/usr/bin/env python3
"""Writes the tokenizer golden fixtures in tests/data/tokenizers/ (run by hand with the reference venv):

    /tmp/refvenv/bin/python tools/make_golden_tokens.py

- smollm2_golden.json: ids + tokens of the SmolLM2-135M-Instruct tokenizer for ~40 strings, loaded by
  transformers from the GGUF (AutoTokenizer.from_pretrained(folder, gguf_file=...)). transformers 5.x
  does not know the GGUF pre-tokenizer name "smollm" and falls back to GPT2Tokenizer's plain ByteLevel
  split, which keeps digit runs together ("1995" -> "199","5"), while the original SmolLM2
  tokenizer.json (and llama.cpp for pre "smollm") pre-tokenizes with
  Sequence[Digits(individual_digits=True), ByteLevel(use_regex=True)]. The golden ids therefore come
  from the GGUF-loaded tokenizer with that original pre-tokenizer put back; the script checks that the
  vocabulary and merges are otherwise identical, and stores the plain GGUF-loaded ids as
  "transformers_gguf_ids" where they differ, for the record.
- minilm_golden.json: ids + tokens of models/all-minilm-l6-v2 (tokenizers library, no truncation or
  padding), plus one truncation case at 512.
- chat_template_golden.json: transformers' apply_chat_template for 3 conversations.
- tiny_bpe/tokenizer.json, tiny_bpe_split/tokenizer.json: small byte-level BPEs trained here, with
  their golden ids (tiny_bpe_golden.json).
- no_tokenizer.gguf: a valid GGUF with no tokenizer metadata (error-path test).
"""
import json
import pathlib
import sys

import gguf
from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import AutoTokenizer

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "tokenizers"
SMOL_DIR = ROOT / "models" / "smollm2-135m-instruct"
SMOL_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
MINILM_DIR = ROOT / "models" / "all-minilm-l6-v2"

STRINGS = [
    "",
    " ",
    "Hello world",
    "Hello, world! How are you today?",
    " leading space",
    "trailing spaces   ",
    "multiple     spaces between",
    "tabs\tand\t\ttabs",
    "line one\nline two\n\nline four\n",
    "\n\n\n",
    "  \t \n mixed whitespace \r\n end",
    "Café résumé naïve façade Ångström",
    "ÀÉÎÕÜ àéîõü ß Œuvre",
    "中文分词测试，你好世界。",
    "日本語のテキストとカタカナ",
    "한국어 텍스트",
    "Emoji: 😀🎉👍🏽 and ❤️",
    "Family: 👨‍👩‍👧‍👦 flag: 🇫🇷 rainbow: 🏳️‍🌈",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "Digits 1234567890 and 3.14159 and 1,000,000",
    "The year 1995 and 2024-01-15T10:30:00Z",
    "long number 98765432109876543210",
    "Numbers: ١٢٣ ½ Ⅻ ²",
    "def f(x):\n    return x * 2  # double\n\n\tif x:\n\t\tpass",
    "int main() { std::vector<int> v{1, 2, 3}; return v[0]; }",
    "I'm sure it's fine, they're here, we've got it, you'll see, he'd go, don't",
    "IT'S LOUD AND I'M SHOUTING",
    "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n",
    "text<|im_end|>more<|endoftext|> after",
    "<|im_start|><|im_start|>x <|im_end|>",
    "Toy Story (1995), GoldenEye (1995), Four Rooms (1995), Get Shorty (1995), Copycat (1995)",
    "The user watched: Star Wars (1977) [Action, Sci-Fi]; Fargo (1996) [Crime, Drama, Thriller]",
    "Twelve Monkeys (1995) is a 1995 science-fiction film about time travel.",
    "URL https://example.com/path?q=1&r=two#frag and email a.b@c.de",
    "Symbols: @#$%^&*()_+-=[]{}|;':\",./<>?`~",
    "non\u00a0breaking\u2003em space\u3000ideographic",
    "zero\u200bwidth\u200djoiner\u00adsoft hyphen",
    "control\x01chars\x7fhere\x0bvt\x0cff",
    "A sentence with [MASK] token and [CLS] inside [SEP]",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism " + "x" * 120,
    # Edge cases where regex engines, Unicode tables or normalisers tend to disagree.
    "next\x85line and\u2028separator\u2029para",
    "a \x85b \x85\x85 c\x85 ",
    "a  \n  b \r\n\r\n c" + " " * 50 + "d",
    "don\u2019t 'S 'LL we'VE O'Neil's",
    "e\u0301 cafe\u0301 na\u0308ive",
    "ภาษาไทย ქართული Ελληνικά ΟΔΟΣ",
    "İstanbul ǅ ﬁne ＡＢＣ１２３",
    "«quoted» — dash… ¿Qué? ¡Hola! 「括弧」",
    "∑ x² ≤ 10 ± 3 € 5 ¥ 6 → ∞",
    "keycap 1\ufe0f\u20e3 and #\ufe0f\u20e3 and ©\ufe0f",
    "private \ue000 use and \U0001F9EA test tube",
    "hello<|im_end|>world<|endoftext|><|endoftext|>",
    "カタカナー ｶﾀｶﾅ ㈱ ①②③",
    "𠀀𠀁 rare CJK 𪜀 and 丽",
]

CONVERSATIONS = [
    [{"role": "user", "content": "Recommend a movie for tonight."}],
    [
        {"role": "system", "content": "You are a movie recommender."},
        {"role": "user", "content": "I liked Toy Story (1995) and Fargo (1996)."},
        {"role": "assistant", "content": "Try Twelve Monkeys (1995)."},
        {"role": "user", "content": "Why?"},
    ],
    [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "Multi-line\ncontent with  spaces\tand émojis 😀"},
    ],
]


def entries(tok, texts):
    out = []
    for text in texts:
        enc = tok(text, add_special_tokens=False)
        ids = enc["input_ids"]
        out.append({"text": text, "ids": ids, "tokens": tok.convert_ids_to_tokens(ids)})
    return out


def smollm2():
    plain = AutoTokenizer.from_pretrained(str(SMOL_DIR), gguf_file=SMOL_GGUF)
    fixed = AutoTokenizer.from_pretrained(str(SMOL_DIR), gguf_file=SMOL_GGUF)
    backend = fixed.backend_tokenizer
    print("transformers GGUF pre-tokenizer:", backend.pre_tokenizer, file=sys.stderr)
    backend.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])

    # The vocabulary must be the GGUF's token list, in order, with the 17 control tokens special.
    reader = gguf.GGUFReader(str(SMOL_DIR / SMOL_GGUF))
    field = reader.fields["tokenizer.ggml.tokens"]
    gguf_tokens = [bytes(field.parts[i]).decode() for i in field.data]
    vocab = fixed.get_vocab()
    assert len(vocab) == len(gguf_tokens), (len(vocab), len(gguf_tokens))
    assert all(vocab[t] == i for i, t in enumerate(gguf_tokens))

    golden = entries(fixed, STRINGS)
    differing = 0
    for entry in golden:
        plain_ids = plain(entry["text"], add_special_tokens=False)["input_ids"]
        if plain_ids != entry["ids"]:
            entry["transformers_gguf_ids"] = plain_ids
            differing += 1
        assert fixed.decode(entry["ids"]) == entry["text"], entry["text"]
    digits = fixed("1995", add_special_tokens=False)["input_ids"]
    assert len(digits) == 4, digits  # individual digits, as the original tokenizer.json does
    print(f"smollm2: {len(golden)} strings, {differing} differ from the plain GGUF load", file=sys.stderr)
    return fixed, {
        "source": f"transformers AutoTokenizer.from_pretrained(gguf_file={SMOL_GGUF}) with the original "
                  "SmolLM2 pre-tokenizer Sequence[Digits(individual_digits), ByteLevel(use_regex)]",
        "add_special_tokens": False,
        "entries": golden,
    }


def minilm():
    tok = Tokenizer.from_file(str(MINILM_DIR / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    golden = []
    for text in STRINGS:
        enc = tok.encode(text, add_special_tokens=True)
        golden.append({"text": text, "ids": enc.ids, "tokens": enc.tokens})
    long_text = " ".join(["personalization"] * 300 + ["end"])
    tok.enable_truncation(max_length=512)
    enc = tok.encode(long_text, add_special_tokens=True)
    return {
        "source": "tokenizers.Tokenizer.from_file(models/all-minilm-l6-v2/tokenizer.json), add_special_tokens",
        "entries": golden,
        "truncation": {"text": long_text, "max_length": 512, "ids": enc.ids},
        "decode": [{"ids": e["ids"], "text": tok.decode(e["ids"], skip_special_tokens=True)} for e in golden[:12]],
    }


def chat(fixed):
    out = []
    for conv in CONVERSATIONS:
        for gen in (True, False):
            text = fixed.apply_chat_template(conv, tokenize=False, add_generation_prompt=gen)
            out.append({"messages": conv, "add_generation_prompt": gen, "text": text})
    return {"template": fixed.chat_template, "cases": out}


CORPUS = [
    "Toy Story (1995) is an animated film. GoldenEye (1995) is an action film.",
    "The quick brown fox jumps over the lazy dog. It's 12:30 and they're late!",
    "def main():\n    print('hello world')\n    return 0\n",
    "Recommendations for users who liked Star Wars (1977) and Fargo (1996).",
    "Café, naïve, résumé. 中文 测试. Emoji 😀 and more.",
] * 20


def tiny(kind):
    tok = Tokenizer(models.BPE(ignore_merges=(kind == "split")))
    if kind == "split":
        llama3 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
                  r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(llama3), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ])
        specials = ["<s>", "</s>"]
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
        ])
        specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS, trainer=trainer)
    if kind == "split":
        tok.add_tokens(["<user>"])  # a non-special added token
    folder = OUT / ("tiny_bpe" if kind != "split" else "tiny_bpe_split")
    folder.mkdir(parents=True, exist_ok=True)
    tok.save(str(folder / "tokenizer.json"))
    golden = []
    for text in STRINGS + ["<user> said <s>hi</s>"]:
        enc = tok.encode(text, add_special_tokens=False)
        assert tok.decode(enc.ids, skip_special_tokens=False) == text or kind == "split", text
        golden.append({"text": text, "ids": enc.ids, "tokens": enc.tokens})
    return golden


def no_tokenizer_gguf():
    path = OUT / "no_tokenizer.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_uint32("llama.context_length", 16)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    fixed, smol = smollm2()
    (OUT / "smollm2_golden.json").write_text(json.dumps(smol, ensure_ascii=False, indent=1))
    (OUT / "minilm_golden.json").write_text(json.dumps(minilm(), ensure_ascii=False, indent=1))
    (OUT / "chat_template_golden.json").write_text(json.dumps(chat(fixed), ensure_ascii=False, indent=1))
    tiny_golden = {"tiny_bpe": tiny("digits"), "tiny_bpe_split": tiny("split")}
    (OUT / "tiny_bpe_golden.json").write_text(json.dumps(tiny_golden, ensure_ascii=False, indent=1))
    no_tokenizer_gguf()
    for p in sorted(OUT.rglob("*")):
        if p.is_file():
            print(f"{p.relative_to(ROOT)}: {p.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
