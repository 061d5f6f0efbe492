// What the methods share around the decoder: its training mode (frozen, LoRA on attention and
// feed-forward projections, full fine-tuning), the padded batch of [prefix embeddings ; prompt ;
// target] sequences, and the loss on target tokens only. Leaves out what the prefix is (PERSOMA
// soft prompts, nothing for text prompting) and the optimiser (core/train).
#pragma once

#include "core/methods/decoder_section.h"
#include "core/nn/llama_decoder.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace persona::methods {


// The LoRA every method adds in Lora mode (rank 4 on q, k, v, o, gate, up, down: PERSOMA 4.2).
inline constexpr const char* kLoraName = "persona";

// Frozen: nothing changes. Lora: adds a LoRA named kLoraName to every decoder linear. Full: every
// base parameter of the decoder becomes trainable. Throws ConfigError for a bad rank.
void applyDecoderMode(nn::LlamaDecoderImpl& decoder, DecoderMode mode, const LoraSettings& lora = {});

// The decoder tensors a mode trains, with their checkpoint names: "decoder.<linear>.lora_A" /
// "decoder.<linear>.lora_B" for Lora, "decoder.<parameter>" for Full, none for Frozen.
std::vector<std::pair<std::string, torch::Tensor>> decoderTrainedTensors(nn::LlamaDecoderImpl& decoder, DecoderMode mode);

inline constexpr std::int64_t kIgnoreLabel = -100;

// One training or prompting sequence: prefix embeddings (soft tokens), then prompt ids, then
// target ids (the only tokens the loss sees).
struct DecoderSequence {
    torch::Tensor prefix;              // [prefix, hidden] or undefined
    std::vector<std::int64_t> promptIds;
    std::vector<std::int64_t> targetIds;
};

struct DecoderBatch {
    torch::Tensor inputsEmbeds;  // [batch, seq, hidden], right-padded with zeros
    torch::Tensor attentionMask; // [batch, seq] int64, 1 = real
    torch::Tensor labels;        // [batch, seq] int64: the token id on target positions, else kIgnoreLabel
    std::int64_t targetTokens = 0;
    std::int64_t realTokens = 0;
    nn::LayerHook afterLayer;    // passed to the decoder by targetLoss and targetLogProbs (User-LLM)
};

// Embeds the ids with the decoder's input embedding (so Full mode trains it) and pads on the right.
// Throws ShapeError for an empty sequence, a prefix of the wrong width or ids outside the vocabulary.
DecoderBatch buildDecoderBatch(nn::LlamaDecoderImpl& decoder, const std::vector<DecoderSequence>& sequences);

// Mean cross-entropy of the target tokens (label at t predicted from position t - 1), computing the
// lm head only on those positions. A scalar with autograd.
torch::Tensor targetLoss(nn::LlamaDecoderImpl& decoder, const DecoderBatch& batch);
// The log-probability of each sequence's target tokens, summed over its tokens: [batch] float32,
// without autograd (item attribution scores an answer under several inputs at once). Throws
// ShapeError when a sequence has no target token.
torch::Tensor targetLogProbs(nn::LlamaDecoderImpl& decoder, const DecoderBatch& batch);
// The same for several target lists after the same inputs (`prompts` built without targets): the
// inputs run once into a KV cache and every target set continues from it, so scoring k sets costs
// one pass over the inputs instead of k. targetSets[k][row] is row's k-th target (not empty);
// returns one [batch] tensor per set.
std::vector<torch::Tensor> targetLogProbsAfter(nn::LlamaDecoderImpl& decoder, const DecoderBatch& prompts,
                                               const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets);
// The same from full logits [batch, seq, vocab] and labels [batch, seq] (tests, reference).
torch::Tensor lossFromLogits(const torch::Tensor& logits, const torch::Tensor& labels);

// [prefix ; embed(promptIds)] as [1, seq, hidden], for generation.
torch::Tensor promptEmbeddings(nn::LlamaDecoderImpl& decoder, const torch::Tensor& prefix,
                               const std::vector<std::int64_t>& promptIds);

} // namespace persona::methods
