#include "core/methods/persoma_method.h"

#include "core/common/error.h"
#include "core/tokenizers/tokenizer.h"

#include <torch/torch.h>

#include <chrono>

namespace persona::methods {
namespace {

void checkItemWidth(const torch::Tensor& items, std::int64_t inputDim)
{
    if (items.size(1) != inputDim)
        throw ShapeError("PersomaMethod: item vectors of " + std::to_string(items.size(1)) + " values, the adapter expects " +
                         std::to_string(inputDim));
}

} // namespace

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
    if (m_config.standardizeItems) {
        const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(m_decoder->device());
        m_itemMean = torch::zeros({m_config.adapter.inputDim}, opts);
        m_itemScale = torch::ones({m_config.adapter.inputDim}, opts);
    }
    applyDecoderMode(*m_decoder, m_config.decoderMode, m_config.lora);
}

std::string PersomaMethod::name() const
{
    return std::string("persoma-") + adapterName(m_config.adapter.kind) + "-" + decoderModeName(m_config.decoderMode);
}

void PersomaMethod::fitItemStandardization(const std::vector<Example>& examples)
{
    if (!m_config.standardizeItems)
        throw ConfigError("PersomaMethod: item standardization is off (standardizeItems)");
    std::vector<torch::Tensor> rows;
    for (const Example& e : examples)
        if (e.items.defined() && e.items.dim() == 2 && e.items.size(0) > 0) {
            checkItemWidth(e.items, m_config.adapter.inputDim);
            rows.push_back(e.items.to(torch::kCPU, torch::kFloat64));
        }
    if (rows.empty())
        throw ConfigError("PersomaMethod: no history items to fit the item standardization on");
    torch::NoGradGuard noGrad;
    const torch::Tensor all = torch::cat(rows, 0);
    const torch::Tensor mean = all.mean(0);
    const torch::Tensor sd = (all - mean).pow(2).mean(0).sqrt();
    const torch::Tensor scale = torch::where(sd > 1e-6, sd, torch::ones_like(sd));
    m_itemMean.copy_(mean.to(m_itemMean.device(), torch::kFloat32));
    m_itemScale.copy_(scale.to(m_itemScale.device(), torch::kFloat32));
}

torch::Tensor PersomaMethod::adapterInput(const Example& example)
{
    if (!example.items.defined() || example.items.dim() != 2 || example.items.size(0) == 0)
        throw ShapeError("PersomaMethod: user " + std::to_string(example.user) + " has no history items");
    checkItemWidth(example.items, m_config.adapter.inputDim);
    const torch::Tensor items = example.items.to(m_decoder->device(), torch::kFloat32);
    if (!m_config.standardizeItems)
        return items;
    return (items - m_itemMean) / m_itemScale;
}

std::vector<torch::Tensor> PersomaMethod::userSoftTokens(const std::vector<const Example*>& batch)
{
    if (batch.empty())
        throw ShapeError("PersomaMethod: empty batch");
    std::vector<torch::Tensor> inputs;
    std::int64_t maxItems = 0;
    for (const Example* e : batch) {
        inputs.push_back(adapterInput(*e));
        maxItems = std::max(maxItems, inputs.back().size(0));
    }
    const auto b = static_cast<std::int64_t>(batch.size());
    const auto dev = m_decoder->device();
    torch::Tensor items = torch::zeros({b, maxItems, m_config.adapter.inputDim}, torch::TensorOptions().device(dev));
    torch::Tensor mask = torch::zeros({b, maxItems}, torch::kBool);
    for (std::int64_t i = 0; i < b; ++i) {
        const auto n = inputs[static_cast<std::size_t>(i)].size(0);
        items[i].slice(0, 0, n).copy_(inputs[static_cast<std::size_t>(i)]);
        mask[i].slice(0, 0, n).fill_(true);
    }
    AdapterOutput out = m_adapter->forward(items, mask.to(dev));
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
    if (m_config.standardizeItems) {
        out.emplace_back("item_mean", m_itemMean);
        out.emplace_back("item_scale", m_itemScale);
    }
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
