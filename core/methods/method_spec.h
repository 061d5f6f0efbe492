// What the workbench knows of a method, in one place: its name, how it reads a user (soft prompt,
// text prompt, counts), which config sections it reads, whether it trains, and the hooks a run
// calls to build it and prepare it for training. Each method defines its spec in its folder
// (core/methods/<method>/); core/methods/registry.h lists them. A run never switches on a method's
// name: it asks the spec. Leaves out executing a run (core/train/run.h).
#pragma once

#include "core/methods/examples.h"
#include "core/methods/method.h"
#include "core/methods/method_sections.h"
#include "core/nn/llama_decoder.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace persona::data {
struct Dataset;
}
namespace persona::tokenizers {
class Tokenizer;
}

namespace persona::methods {

class HistoryEncoder;

// What a method is built from. decoder and tokenizer are empty for InputKind::CountsOnly; history
// is set for InputKind::SoftPrompt only.
struct BuildContext {
    const data::Dataset& dataset;
    const MethodSections& sections;
    nn::LlamaDecoder decoder;
    const tokenizers::Tokenizer* tokenizer = nullptr;
    HistoryEncoder* history = nullptr;
    std::size_t historySize = 0;
};

// What a method may fit before its first training step.
struct PrepareContext {
    const std::vector<Example>& trainSet;
    bool warmUp = true;             // false when a resumed run's state replaces what a warm-up gives
    std::string runName;            // for log lines
    // Fresh examples of the training users, their history sampled at random with this seed.
    std::function<std::vector<Example>(std::uint64_t samplingSeed)> randomSamples;
    std::uint64_t seed = 0;         // train.seed
    std::function<void(const std::string&)> onPhase; // hears "warm-up" and the like; may be empty
};

struct MethodSpec {
    const char* name;                      // the config's "method": "persoma", "zero-shot"
    std::array<const char*, 3> aliases{};  // also read: "zeroshot"
    const char* family;                    // what the GUI groups by: "persoma", "text", "milp", "counting"
    const char* title;                     // English label: "PERSOMA", "Text prompting (zero-shot)"
    InputKind input;                       // soft prompt (loads the item encoder), text, counts (no decoder)
    bool trains;                           // train.steps > 0 trains something
    bool nextItem;                         // has a next-item output (task next-item)
    // The run's label is the spec's name, not the method object's (zero-shot is a frozen text
    // prompter whose objects call themselves "zero-shot-text").
    bool labelIsName = false;
    // Its user part is soft tokens in the decoder's input (Inspect's neighbours, the norms beside
    // the vocabulary's): PERSOMA. User-LLM reads item vectors too, through cross-attention.
    bool softTokens = false;
    // It trains the decoder itself (decoder.mode lora or full): with a frozen decoder the family's
    // untrained member is the method (text prompting -> zero-shot; api::resolveMethod).
    bool needsTrainableDecoder = false;
    std::vector<const char*> sections;     // the sections it reads: {"persoma", "decoder"}
    std::unique_ptr<Method> (*create)(BuildContext& context);
    // Combinations the method cannot run, ConfigError naming the field; may be null.
    void (*validate)(const MethodSections& sections) = nullptr;
    // Needs the training examples even when nothing trains (fits on them); may be null (= no).
    bool (*fitsOnTrainSet)(const MethodSections& sections) = nullptr;
    // Trains before (or without) train.steps, on the training users (a warm-up); may be null.
    bool (*warmsUp)(const MethodSections& sections) = nullptr;
    // Fits what it needs on the training examples; returns what it did for metrics.json ({} = nothing).
    nlohmann::json (*prepare)(Method& method, const MethodSections& sections, const PrepareContext& context) = nullptr;
    // The decoder mode its training puts the decoder in (memory estimate); null: the decoder section's.
    DecoderMode (*trainedDecoderMode)(const MethodSections& sections) = nullptr;
    // A search that runs many trainings of this method, started through the API (MiLP's Bayesian
    // optimisation over module configurations: "search", its config section); null = none.
    const char* driver = nullptr;

    bool reads(const std::string& section) const;
    bool isCalled(std::string_view nameOrAlias) const; // its name or one of its aliases
};

} // namespace persona::methods
