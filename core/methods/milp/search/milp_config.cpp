#include "core/methods/milp/search/milp_config.h"

#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/methods/examples.h"
#include "core/methods/milp/milp_method.h"
#include "core/common/json_fields.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace persona::train {
namespace {

std::string rankSetText()
{
    return "{8, 16, 32, 64, 96}";
}

bool inRankSet(int r)
{
    return std::find(methods::kMilpRanks.begin(), methods::kMilpRanks.end(), r) != methods::kMilpRanks.end();
}

} // namespace

MilpRunConfig::MilpRunConfig()
{
    base.name = "milp";
    base.outputDir = "runs/milp";
    base.method = &methods::milpSpec();
    base.maxValUsers = 10;
}

nlohmann::json MilpRunConfig::toJson() const
{
    const nlohmann::json b = base.toJson();
    nlohmann::json j;
    j["name"] = b["name"];
    j["outputDir"] = b["outputDir"];
    j["models"] = {{"decoder", base.decoder}, {"device", base.device}, {"dtype", base.dtype}, {"threads", base.threads}};
    j["data"] = b["data"];
    const auto& s = search;
    j["search"] = {{"task", methods::taskName(s.task)},
                   {"seed", s.seed},
                   {"initialTrials", s.initialTrials},
                   {"totalTrials", s.totalTrials},
                   {"randomOnly", s.randomOnly},
                   {"stage1Steps", s.stage1Steps},
                   {"stage2Steps", s.stage2Steps},
                   {"finalStage1Steps", s.finalStage1Steps},
                   {"finalStage2Steps", s.finalStage2Steps},
                   {"learningRate", s.learningRate},
                   {"batchSize", s.batchSize},
                   {"windowsPerUser", s.windowsPerUser},
                   {"loraScale", s.loraScale},
                   {"maxNewTokens", s.maxNewTokens},
                   {"searchLayers", s.searchLayers},
                   {"searchCount", s.searchCount},
                   {"searchRank", s.searchRank},
                   {"countMin", s.countMin},
                   {"countMax", s.countMax},
                   {"ranks", s.ranks},
                   {"fixed", {{"layers", s.fixedLayers}, {"modules", s.fixedModules}, {"rank", s.fixedRank}}}};
    return j;
}

MilpRunConfig MilpRunConfig::fromJson(const nlohmann::json& j)
{
    MilpRunConfig c;
    JsonFields top(j, "");
    nlohmann::json baseJ = nlohmann::json::object();
    for (const char* key : {"name", "outputDir", "models", "data"}) {
        const nlohmann::json v = top.object(key);
        if (j.contains(key))
            baseJ[key] = v;
    }
    const nlohmann::json searchJ = top.object("search");
    top.finish();
    baseJ["method"] = "milp";
    if (!baseJ.contains("name"))
        baseJ["name"] = c.base.name;
    if (!baseJ.contains("outputDir"))
        baseJ["outputDir"] = c.base.outputDir;
    if (!baseJ.contains("data") || !baseJ["data"].is_object() || !baseJ["data"].contains("maxValUsers")) {
        if (!baseJ.contains("data"))
            baseJ["data"] = nlohmann::json::object();
        if (baseJ["data"].is_object())
            baseJ["data"]["maxValUsers"] = c.base.maxValUsers;
    }
    c.base = RunConfig::fromJson(baseJ);

    auto& s = c.search;
    JsonFields f(searchJ, "search");
    std::string task = methods::taskName(s.task);
    f.get("task", task);
    try {
        s.task = methods::parseTask(task);
    } catch (const ConfigError&) {
        throw ConfigError("milp config: 'search.task' = '" + task + "' (expected genres or next-item)");
    }
    f.get("seed", s.seed);
    f.get("initialTrials", s.initialTrials);
    f.get("totalTrials", s.totalTrials);
    f.get("randomOnly", s.randomOnly);
    f.get("stage1Steps", s.stage1Steps);
    f.get("stage2Steps", s.stage2Steps);
    f.get("finalStage1Steps", s.finalStage1Steps);
    f.get("finalStage2Steps", s.finalStage2Steps);
    f.get("learningRate", s.learningRate);
    f.get("batchSize", s.batchSize);
    f.get("windowsPerUser", s.windowsPerUser);
    f.get("loraScale", s.loraScale);
    f.get("maxNewTokens", s.maxNewTokens);
    f.get("searchLayers", s.searchLayers);
    f.get("searchCount", s.searchCount);
    f.get("searchRank", s.searchRank);
    f.get("countMin", s.countMin);
    f.get("countMax", s.countMax);
    f.get("ranks", s.ranks);
    const nlohmann::json fixedJ = f.object("fixed");
    f.finish();
    JsonFields fx(fixedJ, "search.fixed");
    fx.get("layers", s.fixedLayers);
    fx.get("modules", s.fixedModules);
    fx.get("rank", s.fixedRank);
    fx.finish();
    c.validate();
    return c;
}

MilpRunConfig MilpRunConfig::fromFile(const std::string& path)
{
    const nlohmann::json j = readJsonObjectFile(path, kMaxConfigFileBytes, "MiLP config");
    try {
        return fromJson(j);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

void MilpRunConfig::validate() const
{
    base.validate();
    if (base.sampling == data::SamplingStrategy::Retrieval)
        throw ConfigError("milp config: 'data.sampling' retrieval is not available for MiLP's search (its trials sample "
                          "without the history encoder); train one MiLP configuration with persona train instead");
    const auto& s = search;
    if (!s.searchLayers && !s.searchCount && !s.searchRank)
        throw ConfigError("milp config: empty search space: 'search.searchLayers', 'search.searchCount' and "
                          "'search.searchRank' are all false");
    checkRange("search.initialTrials", s.initialTrials, 1, 100000);
    checkRange("search.totalTrials", s.totalTrials, 1, 100000);
    checkRange("search.stage1Steps", s.stage1Steps, 0, 10000000);
    checkRange("search.stage2Steps", s.stage2Steps, 0, 10000000);
    if (s.stage1Steps + s.stage2Steps < 1)
        throw ConfigError("milp config: 'search.stage1Steps' and 'search.stage2Steps' are both 0 (nothing to train)");
    checkRange("search.finalStage1Steps", s.finalStage1Steps, -1, 10000000);
    checkRange("search.finalStage2Steps", s.finalStage2Steps, -1, 10000000);
    checkRange("search.learningRate", s.learningRate, 1e-8, 10.0);
    checkRange("search.batchSize", s.batchSize, 1, 4096);
    checkRange<std::size_t>("search.windowsPerUser", s.windowsPerUser, 1, 100000);
    checkRange("search.loraScale", s.loraScale, 1e-6, 1e6);
    checkRange("search.maxNewTokens", s.maxNewTokens, 1, 4096);
    checkRange("search.countMin", s.countMin, 1, 4096);
    checkRange("search.countMax", s.countMax, s.countMin, 4096);
    checkRange("search.fixed.modules", s.fixedModules, 1, 4096);
    if (s.ranks.empty())
        throw ConfigError("milp config: 'search.ranks' is empty");
    for (std::size_t i = 0; i < s.ranks.size(); ++i) {
        if (!inRankSet(s.ranks[i]))
            throw ConfigError("milp config: 'search.ranks' holds " + std::to_string(s.ranks[i]) + ", not in " + rankSetText());
        if (i > 0 && s.ranks[i] <= s.ranks[i - 1])
            throw ConfigError("milp config: 'search.ranks' must be ascending without repeats");
    }
    if (!inRankSet(s.fixedRank))
        throw ConfigError("milp config: 'search.fixed.rank' = " + std::to_string(s.fixedRank) + " is not in " + rankSetText());
    if (!s.searchRank && std::find(s.ranks.begin(), s.ranks.end(), s.fixedRank) == s.ranks.end())
        throw ConfigError("milp config: 'search.fixed.rank' = " + std::to_string(s.fixedRank) + " is not in 'search.ranks'");
    if (!s.searchCount && (s.fixedModules < s.countMin || s.fixedModules > s.countMax))
        throw ConfigError("milp config: 'search.fixed.modules' = " + std::to_string(s.fixedModules) +
                          " is outside [countMin, countMax]");
    for (int l : s.fixedLayers)
        if (l < 0)
            throw ConfigError("milp config: 'search.fixed.layers' holds the negative index " + std::to_string(l));
}

search::MilpSpaceOptions MilpRunConfig::spaceOptions(int layerCount) const
{
    const auto& s = search;
    search::MilpSpaceOptions o;
    o.layerCount = layerCount;
    o.countMin = s.countMin;
    o.countMax = s.countMax;
    o.ranks = s.ranks;
    o.searchLayers = s.searchLayers;
    o.searchCount = s.searchCount;
    o.searchRank = s.searchRank;
    o.fixed.activeLayers.assign(static_cast<std::size_t>(layerCount), s.fixedLayers.empty());
    for (int l : s.fixedLayers) {
        if (l >= layerCount)
            throw ConfigError("milp config: 'search.fixed.layers' holds layer index " + std::to_string(l) +
                              ", past the decoder's depth (" + std::to_string(layerCount) + " layers, indices 0.." +
                              std::to_string(layerCount - 1) + ")");
        o.fixed.activeLayers[static_cast<std::size_t>(l)] = true;
    }
    o.fixed.loraCount = s.fixedModules;
    o.fixed.rank = s.fixedRank;
    return o;
}

TrainOptions MilpRunConfig::stageOptions(int steps) const
{
    TrainOptions o;
    o.learningRate = search.learningRate;
    o.weightDecay = 1e-4; // the paper's AdamW weight decay
    o.batchSize = search.batchSize;
    o.steps = steps;
    o.warmupSteps = steps / 10; // the paper's 10% linear warm-up
    o.evalEvery = 0;
    o.patience = 0;
    o.seed = search.seed;
    o.eval.generation.maxNewTokens = search.maxNewTokens;
    return o;
}

} // namespace persona::train
