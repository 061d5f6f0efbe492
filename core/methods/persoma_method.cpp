#include "core/methods/persoma_method.h"

#include "core/common/error.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <chrono>

namespace persona::methods {

PersomaMethod::PersomaMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, PersomaConfig config)
    : m_decoder(std::move(decoder)), m_tokenizer(tokenizer), m_config(std::move(config))
{
    if (m_config.taskTokens < 0 || m_config.taskTokens > 1024)
        throw ConfigError("taskTokens must be in [0, 1024], got " + std::to_string(m_config.taskTokens));
    m_config.adapter.outputDim = m_decoder->config().hidden;
    m_config.adapter.validate();
    m_adapter = makeAdapter(m_config.adapter);
    m_adapter->to(m_decoder->device());
    {
        torch::NoGradGuard noGrad;
        const auto vocab = m_decoder->config().vocabSize;
        const torch::Tensor ids = torch::randint(vocab, {m_config.taskTokens}, torch::kInt64).to(m_decoder->device());
        m_taskPrompt = m_decoder->inputEmbeddingMatrix().index_select(0, ids).to(torch::kFloat32).clone();
    }
    m_taskPrompt.set_requires_grad(true);
    applyDecoderMode(*m_decoder, m_config.decoderMode, m_config.lora);
}

std::string PersomaMethod::name() const
{
    return std::string("persoma-") + adapterName(m_config.adapter.kind) + "-" + decoderModeName(m_config.decoderMode);
}

std::vector<torch::Tensor> PersomaMethod::userSoftTokens(const std::vector<const Example*>& batch)
{
    if (batch.empty())
        throw ShapeError("PersomaMethod: empty batch");
    std::int64_t maxItems = 0;
    for (const Example* e : batch) {
        if (!e->items.defined() || e->items.dim() != 2 || e->items.size(0) == 0)
            throw ShapeError("PersomaMethod: user " + std::to_string(e->user) + " has no history items");
        if (e->items.size(1) != m_config.adapter.inputDim)
            throw ShapeError("PersomaMethod: item vectors of " + std::to_string(e->items.size(1)) +
                             " values, the adapter expects " + std::to_string(m_config.adapter.inputDim));
        maxItems = std::max(maxItems, e->items.size(0));
    }
    const auto b = static_cast<std::int64_t>(batch.size());
    torch::Tensor items = torch::zeros({b, maxItems, m_config.adapter.inputDim});
    torch::Tensor mask = torch::zeros({b, maxItems}, torch::kBool);
    for (std::int64_t i = 0; i < b; ++i) {
        const auto n = batch[static_cast<std::size_t>(i)]->items.size(0);
        items[i].slice(0, 0, n).copy_(batch[static_cast<std::size_t>(i)]->items);
        mask[i].slice(0, 0, n).fill_(true);
    }
    const auto dev = m_decoder->device();
    AdapterOutput out = m_adapter->forward(items.to(dev), mask.to(dev));
    std::vector<torch::Tensor> tokens;
    for (std::int64_t i = 0; i < b; ++i)
        tokens.push_back(out.tokens[i].index({out.mask[i]}));
    return tokens;
}

torch::Tensor PersomaMethod::loss(const std::vector<const Example*>& batch)
{
    const auto user = userSoftTokens(batch);
    std::vector<DecoderSequence> seqs;
    for (std::size_t i = 0; i < batch.size(); ++i)
        seqs.push_back({torch::cat({user[i], m_taskPrompt}, 0), batch[i]->promptIds, batch[i]->targetIds});
    return targetLoss(*m_decoder, buildDecoderBatch(*m_decoder, seqs));
}

torch::Tensor PersomaMethod::softPrompt(const Example& example)
{
    torch::NoGradGuard noGrad;
    const auto user = userSoftTokens({&example});
    return torch::cat({user[0], m_taskPrompt}, 0).detach();
}

Prediction PersomaMethod::predict(const Example& example, const runtime::GenerationOptions& options)
{
    torch::NoGradGuard noGrad;
    const auto start = std::chrono::steady_clock::now();
    const torch::Tensor embeds = promptEmbeddings(*m_decoder, softPrompt(example), example.promptIds);
    const auto r = runtime::generateFromEmbeddings(*m_decoder, embeds, options);
    Prediction p;
    p.ids = r.ids;
    p.text = m_tokenizer.decode(std::vector<std::int32_t>(r.ids.begin(), r.ids.end()), true);
    p.inputTokens = static_cast<int>(embeds.size(1));
    p.generatedTokens = r.generatedTokens;
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return p;
}

std::vector<torch::Tensor> PersomaMethod::parameters()
{
    std::vector<torch::Tensor> out = m_adapter->parameters();
    out.push_back(m_taskPrompt);
    for (auto& [name, t] : decoderTrainedTensors(*m_decoder, m_config.decoderMode))
        out.push_back(t);
    return out;
}

NamedTensors PersomaMethod::trainedState()
{
    NamedTensors out;
    for (auto& p : m_adapter->named_parameters())
        out.emplace_back("adapter." + p.key(), p.value());
    out.emplace_back("task_prompt", m_taskPrompt);
    for (auto& t : decoderTrainedTensors(*m_decoder, m_config.decoderMode))
        out.push_back(t);
    return out;
}

void PersomaMethod::setTraining(bool training)
{
    m_adapter->train(training);
    m_decoder->train(training);
}

int PersomaMethod::inputTokens(const Example& example)
{
    const std::int64_t user = m_config.adapter.kind == AdapterKind::Perceiver ? m_config.adapter.latents
                                                                                : static_cast<std::int64_t>(example.positions.size());
    return static_cast<int>(user + m_config.taskTokens + static_cast<std::int64_t>(example.promptIds.size()));
}

} // namespace persona::methods
