// PERSOMA's history encoder: the sentence encoder (MiniLM) embeds each part of a history item
// (title, genres, description, rating) separately and the parts are concatenated, as in PERSOMA
// section 3.2; embeddings are cached on disk keyed by the encoder's file hash and the text.
// Leaves out the adapters that turn item vectors into soft prompts (adapters.h).
#pragma once

#include "core/data/dataset.h"
#include "core/io/embedding_cache.h"
#include "core/nn/bert_encoder.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace persona::tokenizers {
class Tokenizer;
}

namespace persona::methods {

// A 64-bit content hash (hex) of a model file, or of every regular file directly inside a folder
// (names sorted), so a cache never mixes embeddings of two encoders. Throws IoError naming the file.
std::string fileContentHash(const std::string& fileOrFolder);

using io::ItemEmbeddingCache;

// Which parts of an item are embedded; each enabled text part adds `dim` values to the item
// vector. A part an item lacks (no description) is a zero vector, so every item vector has the
// same size.
//
// `signalBlock` (JSON "signals") is not a sentence embedding: it appends the item's genres and the user's rating in a
// form an adapter can read directly, 2 G + 1 values for a dataset of G genres: the genre
// indicators, the same indicators times the centred rating ((rating - 3) / 2, clamped to [-1, 1],
// 0 for an interaction without a rating) and the centred rating alone. MiniLM embeds "Rating: 1"
// and "Rating: 5" at cosine 0.9, so without it whether the user liked an item is a ripple on the
// text parts (docs/persoma.md, "Personalization that shows").
struct ItemParts {
    bool title = true;
    bool genres = true;      // MovieLens has no descriptions; genres carry the content (as UEM's text)
    bool description = true;
    bool rating = true;
    bool signalBlock = false;    // RunConfig turns this on by default; a saved run without it keeps it off
    std::vector<std::string> names() const; // enabled text parts in order: "title", "genres", ...
    std::size_t count() const;              // enabled text parts (signals not counted)
};

// The signals block of one interaction (see ItemParts::signalBlock) for a dataset of genreCount genres,
// written to out[2 * genreCount + 1]. Genre indices at or past genreCount are a ShapeError.
void itemSignals(const data::Dataset& ds, const data::Interaction& interaction, std::size_t genreCount, float* out);

class HistoryEncoder {
public:
    // The encoder and tokenizer are borrowed and must outlive this object. encoderKey names the
    // encoder's weights (fileContentHash); cacheDir "" = no file cache.
    // genreCount: the dataset's genre count, the width of the signals block (used only when
    // parts.signalBlock is on).
    HistoryEncoder(nn::BertEncoderImpl& encoder, const tokenizers::Tokenizer& tokenizer, const std::string& encoderKey,
                   const std::string& cacheDir, ItemParts parts = {}, std::size_t genreCount = 0);

    // Texts of the enabled parts of one interaction ("" for a part the item lacks).
    std::vector<std::string> partTexts(const data::Dataset& ds, const data::Interaction& interaction) const;
    // Embeds texts (cache first, the rest in batches without autograd): [n, dim] float32 on CPU.
    // "" gives a zero vector. Flushes the cache when something new was encoded.
    torch::Tensor encodeTexts(const std::vector<std::string>& texts);
    // The item vectors of user.history[positions]: [positions, itemDim()] float32 on CPU (the text
    // parts' embeddings, then the signals block when enabled).
    torch::Tensor encodeHistory(const data::Dataset& ds, const data::User& user, const std::vector<std::size_t>& positions);

    std::int64_t dim() const { return m_dim; }
    std::int64_t itemDim() const { return m_dim * static_cast<std::int64_t>(m_parts.count()) + signalDim(); }
    std::int64_t signalDim() const { return m_parts.signalBlock ? 2 * static_cast<std::int64_t>(m_genreCount) + 1 : 0; }
    const ItemParts& parts() const { return m_parts; }
    // Texts that went through the encoder (cache misses) since construction.
    std::size_t encodedCount() const { return m_encoded; }
    const ItemEmbeddingCache& cache() const { return m_cache; }

    int batchSize = 64;
    std::size_t maxTokens = 128;

private:
    nn::BertEncoderImpl& m_encoder;
    const tokenizers::Tokenizer& m_tokenizer;
    ItemParts m_parts;
    std::size_t m_genreCount;
    std::int64_t m_dim;
    ItemEmbeddingCache m_cache;
    std::size_t m_encoded = 0;
};

} // namespace persona::methods
