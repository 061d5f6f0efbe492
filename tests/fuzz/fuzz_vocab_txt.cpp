// A BERT folder's vocab.txt (one WordPiece token a line, no tokenizer.json), loaded and used.
#include "fuzz_util.h"

#include "core/tokenizers/tokenizer.h"

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto dir = fuzz::freshFolder("vocab");
    fuzz::writeFile(dir / "vocab.txt", fuzz::view(data, size));
    fuzz::acceptingPersonaErrors([&] {
        const auto tok = tokenizers::loadTokenizer(dir.string());
        for (const char* text : {"Hello, world!", "unaffable running", "Ünïcödé ✓ 日本語", ""})
            (void)tok->decode(tok->encode(text, true), false);
    });
    return 0;
}
