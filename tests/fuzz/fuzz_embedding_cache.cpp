// The item-embedding cache file (cache/item-embeddings/items-KEY.bin): header, dimension, each
// record's text length and vector, checked against the file size; then a lookup and a rewrite.
#include "fuzz_util.h"

#include "core/io/embedding_cache.h"

#include <cstring>
#include <vector>

using namespace persona;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto dir = fuzz::freshFolder("cache");
    fuzz::writeFile(dir / "items-fuzz.bin", fuzz::view(data, size));
    fuzz::acceptingPersonaErrors([&] {
        io::ItemEmbeddingCache cache(dir.string(), "fuzz", 4);
        std::vector<float> v(4, 0.5f), w(4, 0.0f);
        (void)cache.find("Toy Story (1995)", v.data());
        cache.insert("a new item", v.data());
        cache.flush();
        io::ItemEmbeddingCache again(dir.string(), "fuzz", 4); // what was written reads back
        if (again.size() != cache.size() || !cache.find("a new item", v.data()) || !again.find("a new item", w.data()) ||
            std::memcmp(v.data(), w.data(), 4 * sizeof(float)) != 0)
            __builtin_trap();
    });
    return 0;
}
