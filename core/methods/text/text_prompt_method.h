// Text prompting: the serialized history in the prompt, fine-tuned (LoRA or full, PERSOMA's
// "Fine-tuned PaLM 2 Text Prompting") or zero-shot (frozen, no training). Leaves out prompt
// construction (examples.h) and the Counting baseline (counting/counting_method.h).
#pragma once

#include "core/methods/decoder_training.h"
#include "core/methods/method.h"
#include "core/nn/llama_decoder.h"

namespace persona::methods {

class TextPromptMethod : public Method {
public:
    // Borrows the decoder and tokenizer. Frozen mode is zero-shot prompting (nothing to train).
    TextPromptMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, DecoderMode mode,
                     const LoraSettings& lora = {});

    std::string name() const override;
    bool trainable() const override { return m_mode != DecoderMode::Frozen; }
    torch::Tensor loss(const std::vector<const Example*>& batch) override;
    torch::Tensor targetLogProbs(const std::vector<const Example*>& batch) override;
    std::vector<torch::Tensor> targetLogProbsSets(const std::vector<const Example*>& inputs,
                                                  const std::vector<std::vector<std::vector<std::int64_t>>>& targetSets) override;
    Prediction predict(const Example& example, const runtime::GenerationOptions& options) override;
    std::vector<Prediction> predictBatch(const std::vector<const Example*>& examples,
                                         const runtime::GenerationOptions& options, int batchSize = 0) override;
    std::vector<torch::Tensor> parameters() override;
    NamedTensors trainedState() override;
    void setTraining(bool training) override { m_decoder->train(training); }
    int inputTokens(const Example& example) override { return static_cast<int>(example.promptIds.size()); }

private:
    nn::LlamaDecoder m_decoder;
    const tokenizers::Tokenizer& m_tokenizer;
    DecoderMode m_mode;
};

// The registry's entries (text_spec.cpp): fine-tuned text prompting ("text", LoRA or full) and
// zero-shot prompting ("zero-shot", a frozen decoder, nothing to train).
struct MethodSpec;
const MethodSpec& textSpec();
const MethodSpec& zeroShotSpec();

} // namespace persona::methods
