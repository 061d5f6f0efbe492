// The JSON config of a MiLP search (`persona milp --config`): the base run settings shared with
// RunConfig (name, outputDir, models, data) and a "search" section (trial budget, the two training
// stages' steps, which factors of the paper's Table 2 space are searched and the fixed values of the
// others, the validation task). Leaves out running the search (milp_run.h).
#pragma once

#include "core/methods/method.h"
#include "core/search/search_space.h"
#include "core/train/run_config.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace persona::train {

struct MilpSearchOptions {
    methods::TaskKind task = methods::TaskKind::Genres; // validation/test metric: F1 or ROUGE-L
    std::uint64_t seed = 0;       // LoRA init, shuffling and the BO; every trial uses it (fair comparison)
    int initialTrials = 4;        // random points before the first GP
    int totalTrials = 12;
    bool randomOnly = false;      // random search with the same budget
    int stage1Steps = 20;         // memory injection (next-item) steps per trial
    int stage2Steps = 20;         // instruction tuning (task) steps per trial
    int finalStage1Steps = -1;    // the chosen configuration's final training; -1 = as in the trials
    int finalStage2Steps = -1;
    double learningRate = 1e-3;
    int batchSize = 4;
    std::size_t windowsPerUser = 3; // stage-1 sliding-window examples per training user
    double loraScale = 2.0;       // alpha = loraScale * rank
    int maxNewTokens = 32;        // validation/test generation
    bool searchLayers = true, searchCount = true, searchRank = true; // Table 5's ablation
    int countMin = 1, countMax = 32;
    std::vector<int> ranks{8, 16, 32, 64, 96};
    // Fixed values of the factors that are not searched. fixedLayers empty = every layer.
    std::vector<int> fixedLayers;
    int fixedModules = 4;
    int fixedRank = 16;
};

struct MilpRunConfig {
    RunConfig base;               // method "milp"; its name, outputDir, models and data
    MilpSearchOptions search;

    MilpRunConfig();
    // {"name","outputDir","models":{...},"data":{...},"search":{...}}
    nlohmann::json toJson() const;
    // Missing fields keep their defaults. Throws ConfigError naming the field ("search.ranks", ...)
    // for an unknown field, a wrong type or a value out of range (validate()).
    static MilpRunConfig fromJson(const nlohmann::json& j);
    // A JSON file of at most 1 MiB; errors name the file.
    static MilpRunConfig fromFile(const std::string& path);
    // The checks that need no model: an empty search space (no factor searched), a rank outside
    // {8,16,32,64,96}, bad counts and trial budgets.
    void validate() const;
    // The search space for a decoder of `layerCount` layers. Throws ConfigError for a fixed layer
    // index past the depth (or the other MilpSpace errors), naming the field.
    search::MilpSpaceOptions spaceOptions(int layerCount) const;
    // The trainer options of one stage.
    TrainOptions stageOptions(int steps) const;
};

} // namespace persona::train
