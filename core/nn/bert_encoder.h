// BERT encoder (word + position + token-type embeddings, LayerNorm, post-LN blocks with exact-erf
// GELU) with sentence-transformers' mean pooling over the attention mask and L2 normalisation, as
// all-MiniLM-L6-v2 computes sentence embeddings. Leaves out the pooler and MLM heads and loading.
#pragma once

#include "core/nn/lora_linear.h"
#include "core/nn/model_config.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace persona::nn {

class BertLayerImpl : public torch::nn::Module {
public:
    explicit BertLayerImpl(const BertConfig& config);
    // x [batch, seq, hidden], mask additive [batch, 1, 1, seq] -> [batch, seq, hidden]
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

    LoraLinear query{nullptr}, key{nullptr}, value{nullptr}, attnOut{nullptr};
    torch::nn::LayerNorm attnNorm{nullptr};
    LoraLinear intermediate{nullptr}, output{nullptr};
    torch::nn::LayerNorm outNorm{nullptr};

private:
    std::int64_t m_heads;
};
TORCH_MODULE(BertLayer);

class BertEncoderImpl : public torch::nn::Module {
public:
    // Random weights; load with loadBertWeights (weight_map.h). Parameter names follow Hugging Face
    // BertModel ("embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight").
    explicit BertEncoderImpl(const BertConfig& config);

    // ids [batch, seq] int64, attentionMask [batch, seq] (1 = token; undefined = all ones),
    // tokenTypeIds [batch, seq] (undefined = zeros) -> last hidden states [batch, seq, hidden].
    // Throws ShapeError for mismatched shapes, ids outside the vocabulary or seq > max positions.
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& attentionMask = {},
                          const torch::Tensor& tokenTypeIds = {});
    // Mean of the hidden states over real tokens, L2-normalised: [batch, hidden] float32.
    torch::Tensor encode(const torch::Tensor& ids, const torch::Tensor& attentionMask = {});

    // hidden [batch, seq, hidden], mask [batch, seq] -> [batch, hidden], as sentence-transformers'
    // Pooling(mean) then Normalize.
    static torch::Tensor meanPoolNormalize(const torch::Tensor& hidden, const torch::Tensor& mask);

    const BertConfig& config() const { return m_config; }
    torch::Device device() const { return wordEmbeddings->weight.device(); }

    torch::nn::Embedding wordEmbeddings{nullptr}, positionEmbeddings{nullptr}, tokenTypeEmbeddings{nullptr};
    torch::nn::LayerNorm embeddingNorm{nullptr};
    std::vector<BertLayer> layers;

private:
    BertConfig m_config;
};
TORCH_MODULE(BertEncoder);

} // namespace persona::nn
