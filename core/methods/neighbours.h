// What soft prompts "mean": for each soft token, its top-k nearest vocabulary tokens by cosine
// similarity to the decoder's input embedding matrix, its norm, and whether it lands near a real
// word. Leaves out computing the soft prompt itself (persoma_method.h).
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace persona::tokenizers {
class Tokenizer;
}

namespace persona::methods {

struct TokenNeighbour {
    std::int64_t id = 0;
    std::string token; // the vocabulary string ("Ġthe"), empty without a tokenizer
    double cosine = 0.0;
};

struct SoftTokenNeighbours {
    std::size_t index = 0;  // position in the soft prompt
    std::string role;       // "user" (P_u) or "task" (T)
    double norm = 0.0;
    std::vector<TokenNeighbour> neighbours; // best first
    bool nearWord = false;
};

// A soft token is "near a real word" when its nearest vocabulary token (special tokens excluded)
// has cosine similarity >= threshold AND that token contains an ASCII letter (so punctuation, digits and
// byte pieces do not count). nearWordShare = near tokens / all soft tokens.
struct NeighbourReport {
    std::vector<SoftTokenNeighbours> tokens;
    double threshold = 0.5;
    double nearWordShare = 0.0;
    double meanVocabNorm = 0.0; // for comparing soft token norms with real embeddings
};

// soft [n, hidden], vocabulary [vocab, hidden]; userTokens = how many leading tokens are P_u.
// Special tokens of the tokenizer are never neighbours. Throws ShapeError for mismatched widths or
// k outside [1, vocab].
NeighbourReport softPromptNeighbours(const torch::Tensor& soft, const torch::Tensor& vocabulary, std::size_t userTokens,
                                     std::int64_t k, double threshold, const tokenizers::Tokenizer* tokenizer);

} // namespace persona::methods
