#include "core/methods/persoma/adapters.h"

#include "core/common/error.h"

#include <torch/torch.h>

#include <cmath>

namespace persona::methods {
namespace {

torch::nn::Sequential feedForward(std::int64_t dim)
{
    return torch::nn::Sequential(torch::nn::Linear(dim, 2 * dim), torch::nn::GELU(), torch::nn::Linear(2 * dim, dim));
}

void checkItems(const char* who, const AdapterConfig& c, const torch::Tensor& items, const torch::Tensor& mask)
{
    if (items.dim() != 3 || items.size(2) != c.inputDim)
        throw ShapeError(std::string(who) + ": items must be [batch, n, " + std::to_string(c.inputDim) + "], got " +
                         std::to_string(items.dim()) + " dims" +
                         (items.dim() == 3 ? " with last " + std::to_string(items.size(2)) : std::string()));
    if (mask.dim() != 2 || mask.size(0) != items.size(0) || mask.size(1) != items.size(1))
        throw ShapeError(std::string(who) + ": item mask must be [batch, n] like the items");
    if (items.size(1) == 0)
        throw ShapeError(std::string(who) + ": a history with no items");
}

} // namespace

void AdapterConfig::validate() const
{
    auto positive = [](const char* field, std::int64_t v, std::int64_t max) {
        if (v <= 0 || v > max)
            throw ConfigError(std::string("adapter.") + field + " must be in [1, " + std::to_string(max) + "], got " +
                              std::to_string(v));
    };
    positive("inputDim", inputDim, 1 << 20);
    positive("outputDim", outputDim, 1 << 20);
    positive("hidden", hidden, 1 << 16);
    positive("mlpLayers", mlpLayers, 16);
    positive("transformerLayers", transformerLayers, 16);
    positive("perceiverLayers", perceiverLayers, 16);
    positive("latents", latents, 1024);
    positive("heads", heads, 64);
    positive("maxItems", maxItems, 1 << 16);
    if (kind != AdapterKind::Mlp && hidden % heads != 0)
        throw ConfigError("adapter.hidden (" + std::to_string(hidden) + ") must be a multiple of adapter.heads (" +
                          std::to_string(heads) + ")");
}

AdapterAttentionImpl::AdapterAttentionImpl(std::int64_t dim, std::int64_t heads) : m_heads(heads)
{
    m_q = register_module("q", torch::nn::Linear(dim, dim));
    m_k = register_module("k", torch::nn::Linear(dim, dim));
    m_v = register_module("v", torch::nn::Linear(dim, dim));
    m_o = register_module("o", torch::nn::Linear(dim, dim));
}

torch::Tensor AdapterAttentionImpl::forward(const torch::Tensor& query, const torch::Tensor& keyValue,
                                            const torch::Tensor& keyMask)
{
    const auto b = query.size(0), lq = query.size(1), lk = keyValue.size(1), d = query.size(2);
    const auto hd = d / m_heads;
    auto split = [&](const torch::Tensor& x, std::int64_t len) { return x.view({b, len, m_heads, hd}).transpose(1, 2); };
    torch::Tensor q = split(m_q(query), lq), k = split(m_k(keyValue), lk), v = split(m_v(keyValue), lk);
    torch::Tensor scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(hd));
    // A large negative instead of -inf: a fully masked row stays finite (callers refuse empty histories).
    scores = scores.masked_fill(keyMask.logical_not().view({b, 1, 1, lk}), -1e9);
    torch::Tensor w = torch::softmax(scores, -1);
    lastWeights = w.detach();
    return m_o(torch::matmul(w, v).transpose(1, 2).reshape({b, lq, d}));
}

torch::Tensor SoftPromptAdapter::lastItemAttention(const torch::Tensor& items)
{
    if (items.dim() != 2)
        throw ShapeError("SoftPromptAdapter::lastItemAttention: items must be [n, inputDim], got " +
                         std::to_string(items.dim()) + " dims");
    torch::NoGradGuard noGrad;
    const auto dev = parameters().empty() ? items.device() : parameters().front().device();
    const torch::Tensor x = items.to(dev).unsqueeze(0);
    forward(x, torch::ones({1, items.size(0)}, torch::TensorOptions().dtype(torch::kBool).device(dev)));
    const std::vector<torch::Tensor> layers = itemAttention();
    if (layers.empty())
        return {};
    return layers.back()[0].to(torch::kCPU, torch::kFloat32);
}

MlpAdapter::MlpAdapter(const AdapterConfig& config) : SoftPromptAdapter(config)
{
    config.validate();
    m_layers = register_module("layers", torch::nn::ModuleList());
    std::int64_t in = config.inputDim;
    for (std::int64_t i = 0; i < config.mlpLayers; ++i) {
        const std::int64_t out = i + 1 == config.mlpLayers ? config.outputDim : config.hidden;
        m_layers->push_back(torch::nn::Linear(in, out));
        in = out;
    }
}

AdapterOutput MlpAdapter::forward(const torch::Tensor& items, const torch::Tensor& itemMask)
{
    checkItems("MlpAdapter", m_config, items, itemMask);
    torch::Tensor x = items;
    const auto n = m_layers->size();
    for (std::size_t i = 0; i < n; ++i) {
        x = m_layers[i]->as<torch::nn::Linear>()->forward(x);
        if (i + 1 < n)
            x = torch::gelu(x);
    }
    return {x, itemMask.to(torch::kBool)};
}

TransformerAdapter::TransformerAdapter(const AdapterConfig& config) : SoftPromptAdapter(config)
{
    config.validate();
    const auto h = config.hidden;
    m_in = register_module("in", torch::nn::Linear(config.inputDim, h));
    m_out = register_module("out", torch::nn::Linear(h, config.outputDim));
    m_positions = register_parameter("positions", torch::randn({config.maxItems, h}) * 0.02);
    for (std::int64_t i = 0; i < config.transformerLayers; ++i) {
        const std::string p = "layer" + std::to_string(i) + "_";
        m_attn.push_back(register_module(p + "attn", AdapterAttention(h, config.heads)));
        m_norm1.push_back(register_module(p + "norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({h}))));
        m_norm2.push_back(register_module(p + "norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({h}))));
        m_ffn.push_back(register_module(p + "ffn", feedForward(h)));
    }
}

AdapterOutput TransformerAdapter::forward(const torch::Tensor& items, const torch::Tensor& itemMask)
{
    checkItems("TransformerAdapter", m_config, items, itemMask);
    const auto n = items.size(1);
    if (n > m_config.maxItems)
        throw ShapeError("TransformerAdapter: " + std::to_string(n) + " items exceed maxItems " +
                         std::to_string(m_config.maxItems));
    const torch::Tensor mask = itemMask.to(torch::kBool);
    torch::Tensor x = m_in(items) + m_positions.slice(0, 0, n).unsqueeze(0);
    for (std::size_t i = 0; i < m_attn.size(); ++i) {
        torch::Tensor y = m_norm1[i](x);
        x = x + m_attn[i](y, y, mask);
        x = x + m_ffn[i]->forward(m_norm2[i](x));
    }
    return {m_out(x), mask};
}

PerceiverAdapter::PerceiverAdapter(const AdapterConfig& config) : SoftPromptAdapter(config)
{
    config.validate();
    const auto h = config.hidden;
    m_in = register_module("in", torch::nn::Linear(config.inputDim, h));
    m_out = register_module("out", torch::nn::Linear(h, config.outputDim));
    m_positions = register_parameter("positions", torch::randn({config.maxItems, h}) * 0.02);
    m_latents = register_parameter("latents", torch::randn({config.latents, h}) * 0.02);
    for (std::int64_t i = 0; i < config.perceiverLayers; ++i) {
        const std::string p = "layer" + std::to_string(i) + "_";
        m_attn.push_back(register_module(p + "attn", AdapterAttention(h, config.heads)));
        m_normItems.push_back(register_module(p + "norm_items", torch::nn::LayerNorm(torch::nn::LayerNormOptions({h}))));
        m_normLatents.push_back(register_module(p + "norm_latents", torch::nn::LayerNorm(torch::nn::LayerNormOptions({h}))));
        m_normFfn.push_back(register_module(p + "norm_ffn", torch::nn::LayerNorm(torch::nn::LayerNormOptions({h}))));
        m_ffn.push_back(register_module(p + "ffn", feedForward(h)));
    }
    m_finalNorm = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({h})));
}

AdapterOutput PerceiverAdapter::forward(const torch::Tensor& items, const torch::Tensor& itemMask)
{
    checkItems("PerceiverAdapter", m_config, items, itemMask);
    const auto b = items.size(0), n = items.size(1);
    if (n > m_config.maxItems)
        throw ShapeError("PerceiverAdapter: " + std::to_string(n) + " items exceed maxItems " +
                         std::to_string(m_config.maxItems));
    const torch::Tensor mask = itemMask.to(torch::kBool);
    const torch::Tensor x = m_in(items) + m_positions.slice(0, 0, n).unsqueeze(0);
    torch::Tensor lat = m_latents.unsqueeze(0).expand({b, m_config.latents, m_config.hidden});
    // Flamingo's resampler: latents attend to the items and to themselves.
    const torch::Tensor kvMask =
        torch::cat({mask, torch::ones({b, m_config.latents}, torch::TensorOptions().dtype(torch::kBool).device(mask.device()))}, 1);
    m_itemAttention.clear();
    for (std::size_t i = 0; i < m_attn.size(); ++i) {
        const torch::Tensor l = m_normLatents[i](lat);
        lat = lat + m_attn[i](l, torch::cat({m_normItems[i](x), l}, 1), kvMask);
        lat = lat + m_ffn[i]->forward(m_normFfn[i](lat));
        torch::Tensor w = m_attn[i]->lastWeights.slice(3, 0, n).mean(1); // [b, latents, n]
        m_itemAttention.push_back(w / w.sum(-1, true).clamp_min(1e-12));
    }
    torch::Tensor tokens = m_out(m_finalNorm(lat));
    return {tokens, torch::ones({b, m_config.latents}, torch::TensorOptions().dtype(torch::kBool).device(items.device()))};
}

std::shared_ptr<SoftPromptAdapter> makeAdapter(const AdapterConfig& config)
{
    switch (config.kind) {
    case AdapterKind::Mlp: return std::make_shared<MlpAdapter>(config);
    case AdapterKind::Transformer: return std::make_shared<TransformerAdapter>(config);
    case AdapterKind::Perceiver: return std::make_shared<PerceiverAdapter>(config);
    }
    throw ConfigError("unknown adapter kind");
}

std::pair<torch::Tensor, torch::Tensor> padItemBatch(const std::vector<torch::Tensor>& histories, std::int64_t dim,
                                                     torch::Device device)
{
    std::int64_t longest = 0;
    for (const torch::Tensor& h : histories)
        longest = std::max(longest, h.size(0));
    const auto b = static_cast<std::int64_t>(histories.size());
    torch::Tensor items = torch::zeros({b, longest, dim}, torch::TensorOptions().device(device));
    torch::Tensor mask = torch::zeros({b, longest}, torch::kBool);
    for (std::int64_t i = 0; i < b; ++i) {
        const torch::Tensor& h = histories[static_cast<std::size_t>(i)];
        items[i].slice(0, 0, h.size(0)).copy_(h.to(device, torch::kFloat32));
        mask[i].slice(0, 0, h.size(0)).fill_(true);
    }
    return {items, mask.to(device)};
}

} // namespace persona::methods
