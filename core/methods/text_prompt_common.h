// What every text-prompt method shares (text prompting, MiLP): the history is in the prompt ids, so
// the loss is the decoder's target loss on prompt + target and a prediction is plain generation
// from the prompt. Leaves out what the methods add (LoRA placement, decoder modes).
#pragma once

#include "core/methods/method.h"
#include "core/nn/llama_decoder.h"

#include <string>
#include <vector>

namespace persona::methods {

// Mean target loss of the batch (prompt ids, then target ids, per example): a scalar with
// autograd. Throws ShapeError naming `caller` for an empty batch.
torch::Tensor textPromptLoss(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& batch,
                             const std::string& caller);
// Each example's summed target log-probability (Method::targetLogProbs), in one batch.
torch::Tensor textPromptLogProbs(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& batch,
                                 const std::string& caller);
// Several target sets after the same text prompts, the prompts run once (Method::targetLogProbsSets).
std::vector<torch::Tensor> textPromptLogProbsSets(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& inputs,
                                                  const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets,
                                                  const std::string& caller);

// Generates from the example's prompt ids without autograd; the text is decoded with special
// tokens skipped, seconds is the wall time of generation and decoding. Borrows both arguments.
Prediction textPromptPredict(nn::LlamaDecoderImpl& decoder, const tokenizers::Tokenizer& tokenizer,
                             const Example& example, const runtime::GenerationOptions& options);

// Batched generation (runtime::generateBatch) of prompts made by the caller, decoded like
// textPromptPredict; inputTokens[i] is prediction i's decoder input length. Each prediction's
// seconds are the batch's wall time over its size.
std::vector<Prediction> batchPredict(nn::LlamaDecoderImpl& decoder, const tokenizers::Tokenizer& tokenizer,
                                     const std::vector<runtime::BatchPrompt>& prompts, const std::vector<int>& inputTokens,
                                     const runtime::GenerationOptions& options, int batchSize);
// textPromptPredict for several examples at once: their prompt ids decoded together.
std::vector<Prediction> textPromptPredictBatch(nn::LlamaDecoderImpl& decoder, const tokenizers::Tokenizer& tokenizer,
                                               const std::vector<const Example*>& examples,
                                               const runtime::GenerationOptions& options, int batchSize);

} // namespace persona::methods
