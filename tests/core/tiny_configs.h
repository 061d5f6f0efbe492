// JSON configs over the tiny test fixtures, shared by the core, CLI and GUI tests: a MiLP search
// on the tiny Llama with its BPE tokenizer (tests/data/nn/tiny_llama_bpe) and the mini RecBole data,
// and a PERSOMA run on tests/data/nn/tiny_train (2-layer Llama, 1-layer BERT, 30 users). Callers
// change single fields for their case. Leaves out the fixtures themselves (tools/make_tiny_*.py).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace persona::testing {

// A MiLP search of 4 trials (2 random) of 3 + 3 steps, seed 3; the mini data split into 2 training,
// 1 validation and 1 test user.
inline nlohmann::json tinyMilpJson(const std::string& name, const std::string& outputDir)
{
    const std::string data = std::string(PERSONA_TEST_DATA);
    return {{"name", name},
            {"outputDir", outputDir},
            {"models", {{"decoder", data + "/nn/tiny_llama_bpe"}, {"threads", 1}}},
            {"data",
             {{"dataset", data + "/movielens/recbole"},
              {"minItemRatings", 0},
              {"historySize", 3},
              {"promptStyle", "plain"},
              {"split", {{"train", 0.5}, {"validation", 0.25}, {"test", 0.25}, {"only_labeled", false}}}}},
            {"search",
             {{"seed", 3},
              {"initialTrials", 2},
              {"totalTrials", 4},
              {"stage1Steps", 3},
              {"stage2Steps", 3},
              {"batchSize", 2},
              {"windowsPerUser", 2},
              {"maxNewTokens", 4},
              {"countMax", 6},
              {"ranks", {8, 16}}}}};
}

// A PERSOMA MLP run (hidden 16, 2 layers, 2 task tokens) on tests/data/nn/tiny_train: history 3,
// batch 2, validation on 2 users every evalEvery steps (0: none), no early stopping.
inline nlohmann::json tinyPersomaJson(const std::string& name, const std::string& outputDir, int steps, int evalEvery)
{
    const std::string tiny = std::string(PERSONA_TEST_DATA) + "/nn/tiny_train/";
    return {{"name", name},
            {"method", "persoma"},
            {"outputDir", outputDir},
            {"models", {{"decoder", tiny + "decoder"}, {"encoder", tiny + "encoder"}, {"device", "cpu"},
                        {"threads", 1}, {"cacheDir", ""}}},
            {"data", {{"dataset", tiny + "dataset"},
                      {"minItemRatings", 0},
                      {"historySize", 3},
                      {"maxValUsers", 2},
                      {"maxTestUsers", 2},
                      {"promptStyle", "plain"}}},
            {"persoma", {{"adapter", "mlp"}, {"hidden", 16}, {"mlpLayers", 2}, {"taskTokens", 2}}},
            {"train", {{"steps", steps}, {"batchSize", 2}, {"evalEvery", evalEvery}, {"patience", 0},
                       {"warmupSteps", 1}, {"maxNewTokens", 4}}}};
}

} // namespace persona::testing
