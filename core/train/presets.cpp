#include "core/train/presets.h"

#include "core/common/error.h"
#include "core/train/run_config.h"

namespace persona::train {

const std::vector<RunPreset>& runPresets()
{
    // The figures in the descriptions are docs/results.md's (2-core CPU, default data).
    static const std::vector<RunPreset> presets = {
        {"default", "Default",
         "PERSOMA with an MLP adapter and a frozen decoder over 10 recent history items: item vectors with the "
         "rating and genre signals, standardized, user tokens at the vocabulary's scale inside the chat turn, "
         "summary tokens trained to sketch the answer, the sketch warmed up on fresh history samples first.",
         nlohmann::json::object()},
        {"teaching", "Teaching",
         "The default PERSOMA run made short for a demo: warms the answer sketch up, trains and tests on every "
         "test user in under ten minutes on a 2-core CPU, and answers different users differently.",
         {{"name", "teaching"},
          {"data", {{"historySize", 10}, {"maxValUsers", 20}}},
          {"train", {{"steps", 150}, {"batchSize", 8}, {"evalEvery", 0}, {"warmupSteps", 10}}}}},
        {"history-50", "History 50",
         "The teaching run over the 50 most recent items, its summary tokens written from the sample's genre "
         "profile: the answer sketch warmed up, 150 steps of 8, every test user; about a quarter of an hour on "
         "2 cores, F1 0.374 +- 0.022 over three seeds (Popular 0.145).",
         {{"name", "history-50"},
          {"data", {{"historySize", 50}, {"maxValUsers", 20}}},
          {"persoma", {{"summaryInput", "profile"}}},
          {"train", {{"steps", 150}, {"batchSize", 8}, {"evalEvery", 0}, {"warmupSteps", 10}}}}},
        {"text-zeroshot", "Text prompting",
         "Zero-shot: the sampled history as text in the prompt, no training.",
         {{"name", "text-zeroshot"}, {"method", "zero-shot"}, {"train", {{"steps", 0}}}}},
        {"text-lora", "Text prompting, LoRA",
         "The sampled history as text, the decoder fine-tuned with LoRA rank 4.",
         {{"name", "text-lora"}, {"method", "text"}, {"decoder", {{"mode", "lora"}, {"loraRank", 4}}},
          {"train", {{"steps", 240}, {"batchSize", 4}, {"microBatchSize", -1}}}}},
        {"milp", "MiLP",
         "LoRA memory injection into the decoder with the default module configuration (the search "
         "itself is `persona milp`).",
         {{"name", "milp"}, {"method", "milp"}, {"decoder", {{"mode", "lora"}}}}},
        {"full-gpu", "Full run (GPU)",
         "Perceiver adapter over 50 history items for 2000 steps of 16: for a GPU (device auto).",
         {{"name", "full-gpu"},
          {"models", {{"device", "auto"}}},
          {"persoma", {{"adapter", "perceiver"}}},
          {"data", {{"historySize", 50}}},
          {"train", {{"steps", 2000}, {"batchSize", 16}, {"evalEvery", 200}}}}},
    };
    return presets;
}

const RunPreset& findPreset(const std::string& name)
{
    std::string known;
    for (const RunPreset& p : runPresets()) {
        if (p.name == name)
            return p;
        known += (known.empty() ? "" : ", ") + p.name;
    }
    throw ConfigError("unknown preset '" + name + "' (expected one of: " + known + ")");
}

nlohmann::json presetConfig(const std::string& name)
{
    nlohmann::json j = RunConfig().toJson();
    j.merge_patch(findPreset(name).overrides);
    try {
        return RunConfig::fromJson(j).toJson();
    } catch (const ConfigError& e) {
        throw ConfigError("preset '" + name + "': " + e.what());
    }
}

} // namespace persona::train
