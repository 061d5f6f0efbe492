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
    // Standardize each item-vector dimension (subtract its mean, divide by its standard deviation,
    // both over the training items, fitItemStandardization) before the adapter. Off by default
    // (PERSOMA feeds the sentence embeddings as they are). MiniLM's vectors share one large common
    // direction and its rating sentences differ little ("Rating: 1" and "Rating: 5" at cosine
    // 0.9), so without it the part that tells liked from not liked is a small ripple on a constant.
    bool standardizeItems = false;
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

    // Sets the standardization statistics from every history item of the examples (each dimension's
    // mean and population standard deviation; a dimension that does not vary is only centred).
    // ConfigError when standardizeItems is off or the examples hold no items.
    void fitItemStandardization(const std::vector<Example>& examples);
    // The item vectors the adapter sees for one example: standardized when standardizeItems is on,
    // as they are otherwise. [items, inputDim] on the decoder's device.
    torch::Tensor adapterInput(const Example& example);

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
    torch::Tensor m_itemMean;  // [inputDim] (standardizeItems only; saved in trainedState)
    torch::Tensor m_itemScale; // [inputDim]
};

} // namespace persona::methods
