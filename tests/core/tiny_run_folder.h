// A real PERSOMA run folder (Perceiver adapter) trained for a few steps on the tiny fixtures of
// tests/data/nn/tiny_train (random 2-layer Llama and 1-layer BERT over the tiny BPE vocabulary,
// 30 users), plus checkpoints/step-0.safetensors holding the state before training, for the
// TrainedRun and Inspect / Compare tests. Include it before any Qt header (LibTorch's `slots`).
#pragma once

#include "core/methods/checkpoint.h"
#include "core/train/run.h"
#include "core/train/run_config.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace persona::testing {

inline std::string tinyTrainPath(const std::string& name)
{
    return std::string(PERSONA_TEST_DATA) + "/nn/tiny_train/" + name;
}

// A RunConfig JSON over the tiny fixtures; method "persoma" (Perceiver) or "zero-shot".
inline nlohmann::json tinyRunConfig(const std::string& dir, const std::string& method = "persoma", int steps = 150)
{
    nlohmann::json j = train::RunConfig().toJson();
    j["name"] = "tiny-" + method;
    j["method"] = method;
    j["outputDir"] = dir;
    j["models"]["decoder"] = tinyTrainPath("decoder");
    j["models"]["encoder"] = tinyTrainPath("encoder");
    j["models"]["threads"] = 1;
    j["models"]["cacheDir"] = "";
    j["data"]["dataset"] = tinyTrainPath("dataset");
    j["data"]["dataDir"] = "";
    j["data"]["minItemRatings"] = 0;
    j["data"]["historySize"] = 4;
    j["data"]["maxValUsers"] = 2;
    j["data"]["maxTestUsers"] = 2;
    j["data"]["promptStyle"] = "plain";
    // Two summary tokens (trained with the answer sketch) after the latents: Inspect shows both kinds.
    j["persoma"] = {{"adapter", "perceiver"}, {"hidden", 32}, {"perceiverLayers", 2}, {"latents", 6}, {"heads", 4},
                    {"taskTokens", 4}, {"summaryTokens", 2}, {"sketchWeight", 0.5}};
    j["decoder"]["mode"] = "full"; // a random decoder: only fine-tuning it reaches genre-shaped text
    j["train"]["steps"] = steps;
    j["train"]["batchSize"] = 4;
    j["train"]["learningRate"] = 3e-3;
    j["train"]["warmupSteps"] = 0;
    j["train"]["evalEvery"] = 0;
    j["train"]["patience"] = 0;
    j["train"]["maxNewTokens"] = 32;
    j["train"]["evalLoss"] = false;
    return j;
}

// Trains the tiny PERSOMA run into dir (config.json, checkpoint.safetensors, metrics.json) and
// writes dir/checkpoints/step-0.safetensors with the untrained state. Returns metrics.json's content;
// throws what Run throws.
inline nlohmann::json makeTinyPersomaRun(const std::string& dir, int steps = 150)
{
    train::Run run(train::RunConfig::fromJson(tinyRunConfig(dir, "persoma", steps)));
    std::filesystem::create_directories(std::filesystem::path(dir) / "checkpoints");
    methods::saveCheckpoint((std::filesystem::path(dir) / "checkpoints" / "step-0.safetensors").string(),
                            run.method().trainedState());
    return run.trainAndSave();
}

} // namespace persona::testing
