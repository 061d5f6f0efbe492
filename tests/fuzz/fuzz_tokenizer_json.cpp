// tokenizer.json (BPE with its merges, or WordPiece; normalizers, pre-tokenizers, added tokens)
// with an optional tokenizer_config.json after the first NUL byte, loaded from a folder as the
// product does, then used: encode with and without special tokens, decode, token strings.
#include "fuzz_util.h"

#include "core/tokenizers/tokenizer.h"

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto parts = fuzz::split(fuzz::view(data, size), '\0', 2);
    const auto dir = fuzz::freshFolder("tokenizer");
    fuzz::writeFile(dir / "tokenizer.json", parts[0]);
    if (parts.size() > 1)
        fuzz::writeFile(dir / "tokenizer_config.json", parts[1]);
    fuzz::acceptingPersonaErrors([&] {
        const auto tok = tokenizers::loadTokenizer(dir.string());
        for (const char* text : {"Hello, world!", "  leading spaces\tand tabs\n", "Ünïcödé ✓ 日本語 🙂", "[CLS] <s> </s>", ""}) {
            const auto ids = tok->encode(text, true);
            (void)tok->decode(ids, false);
            (void)tok->decode(tok->encode(text, false), true);
        }
    });
    return 0;
}
