// User-LLM (seeds/001): the history's item vectors compressed by a Perceiver into user embeddings,
// which the decoder reads through gated cross-attention blocks inserted after chosen layers
// (Flamingo's gated xattn-dense: h + tanh(a) * attend(norm(h), user), then h + tanh(b) * ffn(norm(h))).
// The gates start at zero, so an untrained run answers as the frozen decoder does; the decoder's
// own weights stay as loaded (frozen) or get the decoder section's LoRA or full fine-tuning. The
// decoder reads only the task prompt: the user costs no input tokens. Leaves out the history
// encoder (item_encoder.h) and the config section (user_llm_section.h).
#pragma once

#include "core/methods/decoder_training.h"
#include "core/methods/method.h"
#include "core/methods/persoma/adapters.h"
#include "core/methods/user_llm/user_llm_section.h"
#include "core/nn/llama_decoder.h"

#include <map>

namespace persona::methods {

// One gated cross-attention block: hidden [batch, seq, dim] reads user [batch, users, dim].
class GatedCrossAttentionImpl : public torch::nn::Module {
public:
    GatedCrossAttentionImpl(std::int64_t dim, std::int64_t heads);
    torch::Tensor forward(const torch::Tensor& hidden, const torch::Tensor& user);
    // The attention of the last forward, averaged over heads: [batch, seq, users].
    torch::Tensor lastAttention() const;

    AdapterAttention attention{nullptr};
    torch::nn::LayerNorm attentionNorm{nullptr}, ffnNorm{nullptr};
    torch::nn::Sequential ffn{nullptr};
    torch::Tensor attentionGate; // [1], starts at 0
    torch::Tensor ffnGate;       // [1], starts at 0
};
TORCH_MODULE(GatedCrossAttention);

class UserLlmMethod : public Method {
public:
    // Borrows the tokenizer. itemDim: the history encoder's item width. Throws ConfigError naming
    // userLlm.layers for a layer outside the decoder, userLlm.heads when it does not divide the
    // decoder's width.
    UserLlmMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, std::int64_t itemDim,
                  const UserLlmSection& section, DecoderMode mode, const LoraSettings& lora = {});

    std::string name() const override { return "user-llm"; }
    bool trainable() const override { return true; }
    torch::Tensor loss(const std::vector<const Example*>& batch) override;
    torch::Tensor targetLogProbs(const std::vector<const Example*>& batch) override;
    Prediction predict(const Example& example, const runtime::GenerationOptions& options) override;
    std::vector<torch::Tensor> parameters() override;
    NamedTensors trainedState() override;
    void setTraining(bool training) override;
    int inputTokens(const Example& example) override { return static_cast<int>(example.promptIds.size()); }

    // The user embeddings of a batch's histories: [batch, latents, decoder hidden].
    torch::Tensor userEmbeddings(const std::vector<const Example*>& batch);
    nn::LlamaDecoderImpl& decoder() { return *m_decoder; }
    // The decoder layers followed by a cross-attention block, ascending.
    const std::vector<std::int64_t>& crossLayers() const { return m_layers; }
    // The hook that runs the blocks with these user embeddings (rows aligned with the batch).
    nn::LayerHook hook(const torch::Tensor& user);
    // Each block's cross-attention over the user embeddings in the last forward pass, by layer:
    // [batch, seq, latents] (Inspect: which user embeddings each token read).
    std::map<std::int64_t, torch::Tensor> lastAttention() const;
    // Each block's gates (tanh(a), tanh(b)), by layer: how far training opened them.
    std::map<std::int64_t, std::pair<double, double>> gates() const;

private:
    DecoderBatch batchOf(const std::vector<const Example*>& batch, bool withTargets);

    nn::LlamaDecoder m_decoder;
    const tokenizers::Tokenizer& m_tokenizer;
    DecoderMode m_mode;
    std::int64_t m_itemDim;
    std::vector<std::int64_t> m_layers;
    std::shared_ptr<SoftPromptAdapter> m_perceiver;
    std::vector<GatedCrossAttention> m_blocks; // one per m_layers entry
};

// The registry's entry (user_llm_spec.cpp).
struct MethodSpec;
const MethodSpec& userLlmSpec();

} // namespace persona::methods
