#include "core/methods/text_prompt_common.h"

#include "core/common/error.h"
#include "core/methods/decoder_training.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <chrono>

namespace persona::methods {

torch::Tensor textPromptLoss(nn::LlamaDecoderImpl& decoder, const std::vector<const Example*>& batch,
                             const std::string& caller)
{
    if (batch.empty())
        throw ShapeError(caller + ": empty batch");
    std::vector<DecoderSequence> seqs;
    seqs.reserve(batch.size());
    for (const Example* e : batch)
        seqs.push_back({torch::Tensor(), e->promptIds, e->targetIds});
    return targetLoss(decoder, buildDecoderBatch(decoder, seqs));
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

} // namespace persona::methods
