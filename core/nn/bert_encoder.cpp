#include "core/nn/bert_encoder.h"

#include "core/common/error.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/normalization.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace persona::nn {

namespace {

// A named submodule holding nothing but children, so parameter names nest as in Hugging Face.
struct Group : torch::nn::Module {};

std::string shapeText(const torch::Tensor& t)
{
    std::ostringstream out;
    out << t.sizes();
    return out.str();
}

torch::nn::LayerNorm makeNorm(const BertConfig& c)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.hidden}).eps(c.layerNormEps));
}

void freeze(torch::nn::Module& module)
{
    for (auto& p : module.parameters(/*recurse=*/true))
        p.set_requires_grad(false);
}

} // namespace

BertLayerImpl::BertLayerImpl(const BertConfig& c) : m_heads(c.heads)
{
    // encoder.layer.N.{attention.{self.{query,key,value}, output.{dense, LayerNorm}}, intermediate.dense,
    // output.{dense, LayerNorm}}
    auto attention = register_module("attention", std::make_shared<Group>());
    auto self = attention->register_module("self", std::make_shared<Group>());
    query = self->register_module("query", LoraLinear(c.hidden, c.hidden, true));
    key = self->register_module("key", LoraLinear(c.hidden, c.hidden, true));
    value = self->register_module("value", LoraLinear(c.hidden, c.hidden, true));
    auto attnOutput = attention->register_module("output", std::make_shared<Group>());
    attnOut = attnOutput->register_module("dense", LoraLinear(c.hidden, c.hidden, true));
    attnNorm = attnOutput->register_module("LayerNorm", makeNorm(c));
    auto inter = register_module("intermediate", std::make_shared<Group>());
    intermediate = inter->register_module("dense", LoraLinear(c.hidden, c.intermediate, true));
    auto out = register_module("output", std::make_shared<Group>());
    output = out->register_module("dense", LoraLinear(c.intermediate, c.hidden, true));
    outNorm = out->register_module("LayerNorm", makeNorm(c));
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    const std::int64_t batch = x.size(0);
    const std::int64_t seq = x.size(1);
    const std::int64_t hidden = x.size(2);
    const std::int64_t headDim = hidden / m_heads;
    auto heads = [&](const torch::Tensor& t) { return t.view({batch, seq, m_heads, headDim}).transpose(1, 2); };
    torch::Tensor q = heads(query->forward(x));
    torch::Tensor k = heads(key->forward(x));
    torch::Tensor v = heads(value->forward(x));
    torch::Tensor scores = torch::matmul(q, k.transpose(-1, -2)).mul_(1.0 / std::sqrt(static_cast<double>(headDim)));
    torch::Tensor probs = torch::softmax(scores + mask, -1);
    torch::Tensor ctx = torch::matmul(probs, v).transpose(1, 2).reshape({batch, seq, hidden});
    torch::Tensor h = attnNorm->forward(attnOut->forward(ctx) + x);
    torch::Tensor ff = output->forward(torch::gelu(intermediate->forward(h)));
    return outNorm->forward(ff + h);
}

BertEncoderImpl::BertEncoderImpl(const BertConfig& c) : m_config(c)
{
    c.validate("BertEncoder");
    auto embeddings = register_module("embeddings", std::make_shared<Group>());
    wordEmbeddings = embeddings->register_module("word_embeddings", torch::nn::Embedding(c.vocabSize, c.hidden));
    positionEmbeddings = embeddings->register_module("position_embeddings", torch::nn::Embedding(c.maxPositions, c.hidden));
    tokenTypeEmbeddings = embeddings->register_module("token_type_embeddings", torch::nn::Embedding(c.typeVocabSize, c.hidden));
    embeddingNorm = embeddings->register_module("LayerNorm", makeNorm(c));
    auto encoder = register_module("encoder", std::make_shared<Group>());
    auto layerList = encoder->register_module("layer", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < c.layers; ++i) {
        BertLayer layer(c);
        layerList->push_back(layer);
        layers.push_back(layer);
    }
    freeze(*this);
}

torch::Tensor BertEncoderImpl::forward(const torch::Tensor& ids, const torch::Tensor& attentionMask,
                                       const torch::Tensor& tokenTypeIds)
{
    if (ids.dim() != 2 || ids.scalar_type() != torch::kInt64)
        throw ShapeError("BertEncoder: expected int64 ids [batch, seq], got " + shapeText(ids));
    const std::int64_t batch = ids.size(0);
    const std::int64_t seq = ids.size(1);
    if (seq > m_config.maxPositions)
        throw ShapeError("BertEncoder: sequence of " + std::to_string(seq) + " tokens is longer than the " +
                         std::to_string(m_config.maxPositions) + " positions of the model");
    if (ids.numel() > 0 && (ids.min().item<std::int64_t>() < 0 || ids.max().item<std::int64_t>() >= m_config.vocabSize))
        throw ShapeError("BertEncoder: token id outside the vocabulary [0, " + std::to_string(m_config.vocabSize) + ")");
    const torch::Device dev = device();
    const auto longOpts = torch::TensorOptions().dtype(torch::kInt64).device(dev);
    torch::Tensor mask = attentionMask.defined() ? attentionMask.to(dev, torch::kInt64) : torch::ones({batch, seq}, longOpts);
    if (mask.sizes() != ids.sizes())
        throw ShapeError("BertEncoder: attention mask " + shapeText(mask) + " does not match ids " + shapeText(ids));
    torch::Tensor types = tokenTypeIds.defined() ? tokenTypeIds.to(dev, torch::kInt64) : torch::zeros({batch, seq}, longOpts);
    if (types.sizes() != ids.sizes())
        throw ShapeError("BertEncoder: token type ids " + shapeText(types) + " do not match ids " + shapeText(ids));

    torch::Tensor positions = torch::arange(seq, longOpts).unsqueeze(0);
    torch::Tensor h = torch::embedding(wordEmbeddings->weight, ids.to(dev)) +
                      torch::embedding(tokenTypeEmbeddings->weight, types) +
                      torch::embedding(positionEmbeddings->weight, positions);
    h = embeddingNorm->forward(h);
    const auto dtype = h.scalar_type();
    // As transformers: (1 - mask) * lowest, broadcast over heads and query positions.
    torch::Tensor additive = (1 - mask.to(dtype)).mul_(static_cast<double>(std::numeric_limits<float>::lowest()))
                                 .view({batch, 1, 1, seq});
    for (auto& layer : layers)
        h = layer->forward(h, additive);
    return h;
}

torch::Tensor BertEncoderImpl::meanPoolNormalize(const torch::Tensor& hidden, const torch::Tensor& mask)
{
    torch::Tensor m = mask.to(hidden.device(), torch::kFloat32).unsqueeze(-1); // [batch, seq, 1]
    torch::Tensor h = hidden.to(torch::kFloat32);
    torch::Tensor summed = (h * m).sum(1);
    torch::Tensor counts = m.sum(1).clamp_min(1e-9);
    torch::Tensor pooled = summed / counts;
    return torch::nn::functional::normalize(pooled, torch::nn::functional::NormalizeFuncOptions().p(2).dim(1).eps(1e-12));
}

torch::Tensor BertEncoderImpl::encode(const torch::Tensor& ids, const torch::Tensor& attentionMask)
{
    torch::Tensor mask = attentionMask.defined() ? attentionMask : torch::ones_like(ids);
    return meanPoolNormalize(forward(ids, mask), mask);
}

} // namespace persona::nn
