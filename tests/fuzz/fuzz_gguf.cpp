// GGUF: header, metadata (every value type, arrays, strings), tensor infos and offsets, then what
// the product reads from a model file: its tokenizer (vocabulary, merges, token types, special
// ids), its chat template, and each tensor's float32 values.
#include "fuzz_util.h"

#include "core/io/gguf_file.h"
#include "core/tokenizers/chat_template.h"
#include "core/tokenizers/tokenizer.h"

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = fuzz::writeFile(fuzz::scratch() / "model.gguf", fuzz::view(data, size));
    fuzz::acceptingPersonaErrors([&] {
        const auto file = io::GgufFile::open(path);
        for (const auto& key : file->keys()) {
            fuzz::acceptingPersonaErrors([&] { (void)file->getString(key); });
            fuzz::acceptingPersonaErrors([&] { (void)file->getInt(key); });
            fuzz::acceptingPersonaErrors([&] { (void)file->getFloatArray(key); });
            fuzz::acceptingPersonaErrors([&] { (void)file->getStringArray(key); });
        }
        fuzz::readTensors(*file);
        fuzz::acceptingPersonaErrors([&] {
            const auto tok = tokenizers::loadTokenizer(*file);
            const auto ids = tok->encode("Hello, world! Ünïcödé 123 <|im_end|>", true);
            (void)tok->decode(ids, false);
        });
        fuzz::acceptingPersonaErrors([&] {
            (void)tokenizers::ChatTemplate::fromGguf(*file).apply({{"system", "s"}, {"user", "u"}}, true);
        });
    });
    return 0;
}
