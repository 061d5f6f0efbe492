// MiLP (memory-injected LLM personalization): the serialized history in a text prompt, as text
// prompting, plus a configured set of LoRA modules on the feed-forward projections of the active
// decoder layers, trained first on next-item prediction (memory injection) then on the task
// (instruction tuning). Leaves out the search over configurations (core/methods/milp/search/milp_run.h).
#pragma once

#include "core/methods/method.h"
#include "core/methods/milp/milp_section.h"
#include "core/nn/llama_decoder.h"
#include "core/search/search_space.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace persona::methods {


// Where one LoRA module sits. Count -> module mapping (milpPlacement): with the active layers
// l_0 < l_1 < ... < l_{A-1} and the projections P = (gate, up, down), module k (k = 0..n-1) goes to
// layer l_{k mod A}, projection P[(k div A) mod 3]. So the first A modules are the gate
// projections of the active layers (one each, shallow to deep), the next A the up projections, the
// next A the down projections; from 3A on the cycle restarts and a second (third, ...) module lands
// on an already used linear, where the modules add up (h = W x + sum_k B_k A_k x).
struct MilpModule {
    int index = 0;            // k
    std::string name;         // "milp<k>": the LoRA's name on its linear
    std::int64_t layer = 0;   // decoder layer
    std::string projection;   // "gate", "up" or "down"
};

// Throws ConfigError when no layer is active or count < 1.
std::vector<MilpModule> milpPlacement(const search::MilpConfig& config);

// The two training stages: 1 memory injection (next-item text), 2 instruction tuning (the task).
enum class MilpStage { MemoryInjection, InstructionTuning };
const char* milpStageName(MilpStage stage); // "memory-injection", "instruction-tuning"

class MilpMethod : public Method {
public:
    // Borrows the decoder (shared and frozen: only the LoRAs train) and the tokenizer, and adds the
    // modules of `config` to it, initialised from torch's current RNG (seed it first for
    // reproducible trials). The scale of every module is loraScale (alpha = loraScale * rank).
    // Throws ConfigError for a layer past the decoder's depth, a rank above a projection's width or
    // a decoder that already carries MiLP modules (one MilpMethod per decoder at a time).
    MilpMethod(nn::LlamaDecoder decoder, const tokenizers::Tokenizer& tokenizer, const search::MilpConfig& config,
               double loraScale = 2.0);
    // Removes its modules from the decoder, leaving it as it was.
    ~MilpMethod() override;
    MilpMethod(const MilpMethod&) = delete;
    MilpMethod& operator=(const MilpMethod&) = delete;

    std::string name() const override { return "milp"; }
    bool trainable() const override { return true; }
    torch::Tensor loss(const std::vector<const Example*>& batch) override;
    Prediction predict(const Example& example, const runtime::GenerationOptions& options) override;
    std::vector<Prediction> predictBatch(const std::vector<const Example*>& examples,
                                         const runtime::GenerationOptions& options, int batchSize = 0) override;
    std::vector<torch::Tensor> parameters() override;
    // "decoder.layers.<l>.mlp.<proj>_proj.milp<k>.lora_A" [r, in] and ".lora_B" [out, r], in module order.
    NamedTensors trainedState() override;
    void setTraining(bool training) override { m_decoder->train(training); }
    int inputTokens(const Example& example) override { return static_cast<int>(example.promptIds.size()); }

    const search::MilpConfig& config() const { return m_config; }
    const std::vector<MilpModule>& modules() const { return m_modules; }
    double loraScale() const { return m_scale; }
    std::int64_t parameterCount();

    // The stage only labels what the method is being trained on (both stages train the same
    // modules; the examples differ); kept so logs, JSON and the per-user pass can say which.
    MilpStage stage() const { return m_stage; }
    void setStage(MilpStage stage) { m_stage = stage; }

    // A detached copy of every module weight (trainedState cloned), to restore with
    // loadTrainedState after a temporary pass (the per-user memory pass).
    NamedTensors snapshot();

private:
    nn::LoraLinear linearOf(const MilpModule& module) const;

    nn::LlamaDecoder m_decoder;
    const tokenizers::Tokenizer& m_tokenizer;
    search::MilpConfig m_config;
    double m_scale;
    std::vector<MilpModule> m_modules;
    MilpStage m_stage = MilpStage::MemoryInjection;
};

// The registry's entry (milp_spec.cpp), and the MiLP method behind a Method (null otherwise).
struct MethodSpec;
const MethodSpec& milpSpec();
MilpMethod* asMilp(Method& method);

} // namespace persona::methods
