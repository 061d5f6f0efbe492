// PERSOMA (section 3.1): an adapter turns the user's item vectors into soft tokens P_u, a learned
// task soft prompt T follows, then the tokenized instruction X; the decoder (frozen, LoRA or fully
// fine-tuned) is trained on the target Y. Leaves out the history encoder (item_encoder.h) and the
// optimiser (core/train).
#pragma once

#include "core/methods/adapters.h"
#include "core/methods/decoder_training.h"
#include "core/methods/method.h"
#include "core/nn/llama_decoder.h"

#include <memory>

namespace persona::methods {

struct PersomaConfig {
    AdapterConfig adapter;          // inputDim and outputDim are filled in by the constructor's caller
    std::int64_t taskTokens = 20;   // |T|
    DecoderMode decoderMode = DecoderMode::Frozen;
    LoraSettings lora;
};

class PersomaMethod : public Method {
public:
    // Borrows the decoder (shared module) and the tokenizer (must outlive this). Creates the adapter
    // and T with the current torch seed (T starts as the embeddings of random vocabulary tokens) and
    // applies the decoder mode. Throws ConfigError for invalid settings.
    PersomaMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, PersomaConfig config);

    std::string name() const override;
    bool trainable() const override { return true; }
    torch::Tensor loss(const std::vector<const Example*>& batch) override;
    Prediction predict(const Example& example, const runtime::GenerationOptions& options) override;
    std::vector<torch::Tensor> parameters() override;
    NamedTensors trainedState() override;
    void setTraining(bool training) override;
    int inputTokens(const Example& example) override;

    // The user soft tokens P_u for each example: [tokens_i, hidden] (gradients flow when enabled).
    std::vector<torch::Tensor> userSoftTokens(const std::vector<const Example*>& batch);
    // [P_u ; T] of one example, detached: [tokens + taskTokens, hidden].
    torch::Tensor softPrompt(const Example& example);

    const PersomaConfig& config() const { return m_config; }
    SoftPromptAdapter& adapter() { return *m_adapter; }
    torch::Tensor taskPrompt() const { return m_taskPrompt; } // [taskTokens, hidden]
    nn::LlamaDecoderImpl& decoder() { return *m_decoder; }

private:
    nn::LlamaDecoder m_decoder;
    const tokenizers::Tokenizer& m_tokenizer;
    PersomaConfig m_config;
    std::shared_ptr<SoftPromptAdapter> m_adapter;
    torch::Tensor m_taskPrompt;
};

} // namespace persona::methods
