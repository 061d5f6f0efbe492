#include "core/methods/text/text_prompt_method.h"

#include "core/common/error.h"
#include "core/methods/text_prompt_common.h"

#include <torch/torch.h>

namespace persona::methods {

TextPromptMethod::TextPromptMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, DecoderMode mode,
                                   const LoraSettings& lora)
    : m_decoder(std::move(decoder)), m_tokenizer(tokenizer), m_mode(mode)
{
    applyDecoderMode(*m_decoder, m_mode, lora);
}

std::string TextPromptMethod::name() const
{
    return m_mode == DecoderMode::Frozen ? "zero-shot-text" : std::string("text-") + decoderModeName(m_mode);
}

torch::Tensor TextPromptMethod::loss(const std::vector<const Example*>& batch)
{
    return textPromptLoss(*m_decoder, batch, "TextPromptMethod");
}

torch::Tensor TextPromptMethod::targetLogProbs(const std::vector<const Example*>& batch)
{
    return textPromptLogProbs(*m_decoder, batch, "TextPromptMethod");
}

std::vector<torch::Tensor> TextPromptMethod::targetLogProbsSets(
    const std::vector<const Example*>& inputs, const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets)
{
    return textPromptLogProbsSets(*m_decoder, inputs, targetSets, "TextPromptMethod");
}

Prediction TextPromptMethod::predict(const Example& example, const runtime::GenerationOptions& options)
{
    return textPromptPredict(*m_decoder, m_tokenizer, example, options);
}

std::vector<Prediction> TextPromptMethod::predictBatch(const std::vector<const Example*>& examples,
                                                      const runtime::GenerationOptions& options, int batchSize)
{
    return textPromptPredictBatch(*m_decoder, m_tokenizer, examples, options, batchSize);
}

std::vector<torch::Tensor> TextPromptMethod::parameters()
{
    std::vector<torch::Tensor> out;
    for (auto& [name, t] : decoderTrainedTensors(*m_decoder, m_mode))
        out.push_back(t);
    return out;
}

NamedTensors TextPromptMethod::trainedState()
{
    return decoderTrainedTensors(*m_decoder, m_mode);
}

} // namespace persona::methods
