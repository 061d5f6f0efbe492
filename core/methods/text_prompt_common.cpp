#include "core/methods/text_prompt_common.h"

#include "core/common/error.h"
#include "core/methods/decoder_training.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <chrono>

namespace persona::methods {

namespace {

// The text prompts of a batch as decoder sequences, with their targets or without.
DecoderBatch textBatch(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& batch, bool withTargets,
                       const std::string& caller)
{
    if (batch.empty())
        throw ShapeError(caller + ": empty batch");
    std::vector<DecoderSequence> seqs;
    seqs.reserve(batch.size());
    for (const Example* e : batch)
        seqs.push_back({torch::Tensor(), e->promptIds, withTargets ? e->targetIds : std::vector<std::int64_t>{}});
    return buildDecoderBatch(decoder, seqs);
}

} // namespace

torch::Tensor textPromptLoss(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& batch,
                             const std::string& caller)
{
    return targetLoss(decoder, textBatch(decoder, batch, true, caller));
}

torch::Tensor textPromptLogProbs(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& batch,
                                 const std::string& caller)
{
    torch::NoGradGuard noGrad;
    return targetLogProbs(decoder, textBatch(decoder, batch, true, caller));
}

std::vector<torch::Tensor> textPromptLogProbsSets(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& inputs,
                                                  const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets,
                                                  const std::string& caller)
{
    torch::NoGradGuard noGrad;
    return targetLogProbsAfter(decoder, textBatch(decoder, inputs, false, caller), targetSets);
}

Prediction textPromptPredict(nn::LlamaDecoderImpl& decoder, const tokenizers::Tokenizer& tokenizer,
                             const Example& example, const runtime::GenerationOptions& options)
{
    torch::NoGradGuard noGrad;
    const auto start = std::chrono::steady_clock::now();
    const auto r = runtime::generate(decoder, example.promptIds, options);
    Prediction p;
    p.ids = r.ids;
    p.text = tokenizer.decode(std::vector<std::int32_t>(r.ids.begin(), r.ids.end()), true);
    p.inputTokens = static_cast<int>(example.promptIds.size());
    p.generatedTokens = r.generatedTokens;
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
}

std::vector<Prediction> batchPredict(nn::LlamaDecoderImpl& decoder, const tokenizers::Tokenizer& tokenizer,
                                     const std::vector<runtime::BatchPrompt>& prompts, const std::vector<int>& inputTokens,
                                     const runtime::GenerationOptions& options, int batchSize)
{
    torch::NoGradGuard noGrad;
    const auto start = std::chrono::steady_clock::now();
    runtime::BatchOptions bo;
    bo.batchSize = batchSize;
    const auto results = runtime::generateBatch(decoder, prompts, options, bo);
    std::vector<Prediction> out;
    out.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        Prediction p;
        p.ids = results[i].ids;
        p.text = tokenizer.decode(std::vector<std::int32_t>(p.ids.begin(), p.ids.end()), true);
        p.inputTokens = inputTokens[i];
        p.generatedTokens = results[i].generatedTokens;
        out.push_back(std::move(p));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (Prediction& p : out)
        p.seconds = seconds / static_cast<double>(out.size());
    return out;
}

std::vector<Prediction> textPromptPredictBatch(nn::LlamaDecoderImpl& decoder, const tokenizers::Tokenizer& tokenizer,
                                               const std::vector<const Example*>& examples,
                                               const runtime::GenerationOptions& options, int batchSize)
{
    std::vector<runtime::BatchPrompt> prompts;
    std::vector<int> tokens;
    for (const Example* e : examples) {
        prompts.push_back({e->promptIds, nullptr});
        tokens.push_back(static_cast<int>(e->promptIds.size()));
    }
    return batchPredict(decoder, tokenizer, prompts, tokens, options, batchSize);
}

} // namespace persona::methods
