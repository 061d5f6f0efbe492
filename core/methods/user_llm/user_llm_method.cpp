#include "core/methods/user_llm/user_llm_method.h"

#include "core/common/error.h"
#include "core/methods/text_prompt_common.h"

#include <torch/torch.h>

namespace persona::methods {

GatedCrossAttentionImpl::GatedCrossAttentionImpl(std::int64_t dim, std::int64_t heads)
{
    attention = register_module("attention", AdapterAttention(dim, heads));
    attentionNorm = register_module("attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    ffnNorm = register_module("ffn_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    ffn = register_module("ffn", torch::nn::Sequential(torch::nn::Linear(dim, 4 * dim), torch::nn::GELU(),
                                                       torch::nn::Linear(4 * dim, dim)));
    attentionGate = register_parameter("attention_gate", torch::zeros({1}));
    ffnGate = register_parameter("ffn_gate", torch::zeros({1}));
}

torch::Tensor GatedCrossAttentionImpl::forward(const torch::Tensor& hidden, const torch::Tensor& user)
{
    const auto keyMask = torch::ones({user.size(0), user.size(1)}, torch::TensorOptions().dtype(torch::kBool).device(user.device()));
    torch::Tensor h = hidden + torch::tanh(attentionGate) * attention(attentionNorm(hidden), user, keyMask);
    return h + torch::tanh(ffnGate) * ffn->forward(ffnNorm(h));
}

torch::Tensor GatedCrossAttentionImpl::lastAttention() const
{
    return attention->lastWeights.defined() ? attention->lastWeights.mean(1) : torch::Tensor();
}

UserLlmMethod::UserLlmMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, std::int64_t itemDim,
                             const UserLlmSection& section, DecoderMode mode, const LoraSettings& lora)
    : m_decoder(std::move(decoder)), m_tokenizer(tokenizer), m_mode(mode), m_itemDim(itemDim)
{
    section.validate();
    const nn::LlamaConfig& c = m_decoder->config();
    m_layers = section.resolvedLayers(c.layers);
    if (c.hidden % section.heads != 0)
        throw ConfigError("run config: 'userLlm.heads' " + std::to_string(section.heads) + " does not divide the decoder's width " +
                          std::to_string(c.hidden));
    applyDecoderMode(*m_decoder, m_mode, lora);
    AdapterConfig a;
    a.kind = AdapterKind::Perceiver;
    a.inputDim = itemDim;
    a.outputDim = c.hidden;
    a.hidden = section.hidden;
    a.perceiverLayers = section.perceiverLayers;
    a.latents = section.latents;
    a.heads = section.heads;
    a.validate();
    const torch::Device dev = m_decoder->device();
    m_perceiver = makeAdapter(a);
    m_perceiver->to(dev);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        m_blocks.emplace_back(c.hidden, section.heads);
        m_blocks.back()->to(dev);
    }
}

torch::Tensor UserLlmMethod::userEmbeddings(const std::vector<const Example*>& batch)
{
    if (batch.empty())
        throw ShapeError("UserLlmMethod: empty batch");
    std::vector<torch::Tensor> histories;
    for (const Example* e : batch) {
        if (!e->items.defined() || e->items.dim() != 2 || e->items.size(0) == 0)
            throw ShapeError("UserLlmMethod: user " + std::to_string(e->user) + " has no history items");
        if (e->items.size(1) != m_itemDim)
            throw ShapeError("UserLlmMethod: item vectors of " + std::to_string(e->items.size(1)) +
                             " values, the Perceiver expects " + std::to_string(m_itemDim));
        histories.push_back(e->items);
    }
    const auto [items, mask] = padItemBatch(histories, m_itemDim, m_decoder->device());
    return m_perceiver->forward(items, mask).tokens; // [b, latents, hidden]
}

nn::LayerHook UserLlmMethod::hook(const torch::Tensor& user)
{
    return [this, user](std::size_t layer, const torch::Tensor& hidden) -> torch::Tensor {
        const auto it = std::find(m_layers.begin(), m_layers.end(), static_cast<std::int64_t>(layer));
        if (it == m_layers.end())
            return hidden;
        GatedCrossAttention& block = m_blocks[static_cast<std::size_t>(it - m_layers.begin())];
        // The blocks compute in float32 whatever the decoder's dtype.
        return block->forward(hidden.to(torch::kFloat32), user).to(hidden.scalar_type());
    };
}

DecoderBatch UserLlmMethod::batchOf(const std::vector<const Example*>& batch, bool withTargets)
{
    std::vector<DecoderSequence> seqs;
    seqs.reserve(batch.size());
    for (const Example* e : batch)
        seqs.push_back({torch::Tensor(), e->promptIds, withTargets ? e->targetIds : std::vector<std::int64_t>{}});
    DecoderBatch db = buildDecoderBatch(*m_decoder, seqs);
    db.afterLayer = hook(userEmbeddings(batch));
    return db;
}

torch::Tensor UserLlmMethod::loss(const std::vector<const Example*>& batch)
{
    return targetLoss(*m_decoder, batchOf(batch, true));
}

torch::Tensor UserLlmMethod::targetLogProbs(const std::vector<const Example*>& batch)
{
    torch::NoGradGuard noGrad;
    return methods::targetLogProbs(*m_decoder, batchOf(batch, true));
}

Prediction UserLlmMethod::predict(const Example& example, const runtime::GenerationOptions& options)
{
    torch::NoGradGuard noGrad;
    runtime::GenerationOptions o = options;
    o.afterLayer = hook(userEmbeddings({&example}));
    return textPromptPredict(*m_decoder, m_tokenizer, example, o);
}

std::vector<torch::Tensor> UserLlmMethod::parameters()
{
    std::vector<torch::Tensor> out = m_perceiver->parameters();
    for (GatedCrossAttention& b : m_blocks)
        for (const torch::Tensor& p : b->parameters())
            out.push_back(p);
    for (auto& [name, t] : decoderTrainedTensors(*m_decoder, m_mode))
        out.push_back(t);
    return out;
}

NamedTensors UserLlmMethod::trainedState()
{
    NamedTensors out;
    for (const auto& p : m_perceiver->named_parameters())
        out.emplace_back("perceiver." + p.key(), p.value());
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        for (const auto& p : m_blocks[i]->named_parameters())
            out.emplace_back("xattn." + std::to_string(m_layers[i]) + "." + p.key(), p.value());
    for (auto& named : decoderTrainedTensors(*m_decoder, m_mode))
        out.push_back(std::move(named));
    return out;
}

void UserLlmMethod::setTraining(bool training)
{
    m_perceiver->train(training);
    for (GatedCrossAttention& b : m_blocks)
        b->train(training);
    m_decoder->train(training && m_mode != DecoderMode::Frozen);
}

std::map<std::int64_t, torch::Tensor> UserLlmMethod::lastAttention() const
{
    std::map<std::int64_t, torch::Tensor> out;
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        out[m_layers[i]] = m_blocks[i]->lastAttention();
    return out;
}

std::map<std::int64_t, std::pair<double, double>> UserLlmMethod::gates() const
{
    std::map<std::int64_t, std::pair<double, double>> out;
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        out[m_layers[i]] = {torch::tanh(m_blocks[i]->attentionGate).item<double>(),
                            torch::tanh(m_blocks[i]->ffnGate).item<double>()};
    return out;
}

} // namespace persona::methods
