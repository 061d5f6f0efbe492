// Autoregressive generation with the decoder's KV cache: greedy, or temperature + top-p sampling
// from a seeded generator (reproducible on any device), stop tokens, a token limit, a per-token
// callback that can stop early, and timing. Leaves out tokenization and chat templates.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace persona::nn {
class LlamaDecoderImpl;
}

namespace persona::runtime {

struct GenerationOptions {
    int maxNewTokens = 64;
    double temperature = 0.0;      // <= 0: greedy (argmax)
    double topP = 1.0;             // nucleus sampling when < 1 (only with a temperature)
    std::uint64_t seed = 0;        // same seed, same prompt, same model: same tokens
    std::vector<std::int64_t> stopTokenIds;
    // Runs after each decoder layer (nn::LayerHook: User-LLM's cross-attention); generate() and
    // generateFromEmbeddings() only (generateBatch refuses it: its rows leave the batch).
    std::function<at::Tensor(std::size_t layer, const at::Tensor& hidden)> afterLayer;
};

struct GenerationResult {
    std::vector<std::int64_t> ids;   // generated tokens, without the prompt and without a stop token
    int promptTokens = 0;
    int generatedTokens = 0;         // tokens sampled, the stop token included
    int decodeSteps = 0;             // forward passes after the prefill (one token each)
    double prefillSeconds = 0.0;     // prompt forward + the first token
    double decodeSeconds = 0.0;
    std::string stopReason;          // "stop_token", "max_tokens" or "callback"
    std::int64_t stopTokenId = -1;   // the stop token met, when stopReason is "stop_token"

    double prefillTokensPerSecond() const { return prefillSeconds > 0 ? promptTokens / prefillSeconds : 0.0; }
    double decodeTokensPerSecond() const { return decodeSeconds > 0 ? decodeSteps / decodeSeconds : 0.0; }
};

// Called with each new token (stop tokens excluded); return false to stop.
using TokenCallback = std::function<bool(std::int64_t tokenId)>;

// Generates after `promptIds` (non-empty). Runs without autograd. Throws ConfigError for empty
// prompts or invalid options, ShapeError for ids outside the vocabulary.
GenerationResult generate(nn::LlamaDecoderImpl& model, const std::vector<std::int64_t>& promptIds,
                          const GenerationOptions& options, const TokenCallback& onToken = {});

// The same after a prompt given as input embeddings [1, seq, hidden] (soft prompts, or soft
// prompt embeddings concatenated with token embeddings by the caller).
GenerationResult generateFromEmbeddings(nn::LlamaDecoderImpl& model, const at::Tensor& promptEmbeds,
                                        const GenerationOptions& options, const TokenCallback& onToken = {});

// One row of a batched generation: token ids, or input embeddings [seq, hidden] (a soft prompt
// with the prompt's token embeddings after it); exactly one of the two.
struct BatchPrompt {
    std::vector<std::int64_t> ids;
    const at::Tensor* embeds = nullptr; // borrowed; [seq, hidden] on any device, any float dtype
};

struct BatchOptions {
    // Rows decoded together; 0 = as many as fit in memoryBudgetBytes (at least 1, at most 64).
    int batchSize = 0;
    std::int64_t memoryBudgetBytes = std::int64_t{1} << 30;
};

// Generates after every prompt, rows of different lengths decoded together (right-padded, a KV
// cache row each, padding masked; rows leave the batch when they stop). Each row's tokens are
// those generate() / generateFromEmbeddings() would give it alone (greedy; sampling uses the same
// seed per row); its timing fields are those of the batch it ran in. ConfigError naming the row
// for an empty prompt, one longer than the model's context (maxPositions), a mis-shaped
// embedding, or a negative batch size; nothing is generated then.
std::vector<GenerationResult> generateBatch(nn::LlamaDecoderImpl& model, const std::vector<BatchPrompt>& prompts,
                                            const GenerationOptions& options, const BatchOptions& batch = {});

// The rows generateBatch runs together for prompts of this many tokens (the longest) when
// BatchOptions::batchSize is 0: the KV cache, the prefill's attention scores and activations of
// one row against the budget.
int automaticBatchSize(const nn::LlamaDecoderImpl& model, std::int64_t longestPrompt, int maxNewTokens,
                       std::int64_t memoryBudgetBytes);

// Picks the next token from logits [vocab] (any device): argmax when temperature <= 0, else
// top-p sampling with `uniform` in [0, 1). Exposed for tests.
std::int64_t pickToken(const at::Tensor& logits, double temperature, double topP, double uniform);

} // namespace persona::runtime
