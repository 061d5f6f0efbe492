#include "core/train/run_config.h"

#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/methods/milp/milp_section.h"
#include "core/common/json_fields.h"
#include "core/common/enum_names.h"

#include <nlohmann/json.hpp>


namespace persona::train {

namespace {
constexpr EnumName<MethodKind> kMethodNames[] = {{MethodKind::Persoma, "persoma"},
                                                 {MethodKind::Text, "text"},
                                                 {MethodKind::ZeroShot, "zero-shot", {"zeroshot"}},
                                                 {MethodKind::Counting, "counting"},
                                                 {MethodKind::Milp, "milp"}};
} // namespace

const char* methodName(MethodKind kind)
{
    return enumName(kMethodNames, kind, "?");
}

MethodKind parseMethod(const std::string& name)
{
    if (const auto m = enumFromName(kMethodNames, name))
        return *m;
    throw ConfigError("run config: unknown method '" + name + "' (expected " + enumChoices(kMethodNames) + ")");
}

nlohmann::json RunConfig::toJson() const
{
    nlohmann::json j;
    j["name"] = name;
    j["method"] = methodName(method);
    j["task"] = methods::taskName(task);
    j["outputDir"] = outputDir;
    j["models"] = {{"decoder", decoder}, {"encoder", encoder}, {"device", device}, {"dtype", dtype},
                   {"threads", threads}, {"cacheDir", cacheDir}};
    j["data"] = {{"dataset", dataset},
                 {"dataDir", dataDir},
                 {"minItemRatings", minItemRatings},
                 {"historySize", historySize},
                 {"holdout", holdout},
                 {"sampling", data::samplingName(sampling)},
                 {"samplingSeed", samplingSeed},
                 {"split", split.toJson()},
                 {"maxTrainUsers", maxTrainUsers},
                 {"maxValUsers", maxValUsers},
                 {"maxTestUsers", maxTestUsers},
                 {"promptStyle", methods::promptStyleName(promptStyle)},
                 {"itemParts",
                  {{"title", itemParts.title}, {"genres", itemParts.genres}, {"description", itemParts.description},
                   {"rating", itemParts.rating}, {"signals", itemParts.signalBlock}}}};
    j["persoma"] = persoma.toJson();
    j["decoder"] = decoderTraining.toJson();
    j["train"] = train.toJson();
    if (method == MethodKind::Milp)
        j["milp"] = milp.toJson();
    return j;
}

RunConfig RunConfig::fromJson(const nlohmann::json& j)
{
    RunConfig c;
    JsonFields top(j, "");
    top.get("name", c.name);
    std::string s = methodName(c.method);
    top.get("method", s);
    c.method = parseMethod(s);
    s = methods::taskName(c.task);
    top.get("task", s);
    c.task = methods::parseTask(s);
    top.get("outputDir", c.outputDir);

    const nlohmann::json models = top.object("models");
    JsonFields m(models, "models");
    m.get("decoder", c.decoder);
    m.get("encoder", c.encoder);
    m.get("device", c.device);
    m.get("dtype", c.dtype);
    m.get("threads", c.threads);
    m.get("cacheDir", c.cacheDir);
    m.finish();

    const nlohmann::json dataJ = top.object("data");
    JsonFields d(dataJ, "data");
    d.get("dataset", c.dataset);
    d.get("dataDir", c.dataDir);
    d.get("minItemRatings", c.minItemRatings);
    d.get("historySize", c.historySize);
    d.get("holdout", c.holdout);
    s = data::samplingName(c.sampling);
    d.get("sampling", s);
    c.sampling = data::parseSampling(s);
    d.get("samplingSeed", c.samplingSeed);
    const nlohmann::json splitJ = d.object("split");
    if (!splitJ.empty()) {
        nlohmann::json merged = c.split.toJson();
        JsonFields sp(splitJ, "data.split");
        for (const auto& [k, v] : merged.items()) {
            nlohmann::json tmp = v;
            sp.get(k, tmp);
            merged[k] = tmp;
        }
        sp.finish();
        c.split = data::SplitConfig::fromJson(merged);
    }
    d.get("maxTrainUsers", c.maxTrainUsers);
    d.get("maxValUsers", c.maxValUsers);
    d.get("maxTestUsers", c.maxTestUsers);
    s = methods::promptStyleName(c.promptStyle);
    d.get("promptStyle", s);
    c.promptStyle = methods::parsePromptStyle(s);
    const nlohmann::json partsJ = d.object("itemParts");
    JsonFields p(partsJ, "data.itemParts");
    p.get("title", c.itemParts.title);
    p.get("genres", c.itemParts.genres);
    p.get("description", c.itemParts.description);
    p.get("rating", c.itemParts.rating);
    p.get("signals", c.itemParts.signalBlock);
    p.finish();
    d.finish();

    c.persoma = methods::PersomaSection::fromJson(top.object("persoma"));
    c.decoderTraining = methods::DecoderSection::fromJson(top.object("decoder"));

    const nlohmann::json trainJ = top.object("train");
    c.train = TrainOptions::fromJson(trainJ);
    const nlohmann::json milpJ = top.object("milp");
    if (c.method == MethodKind::Milp)
        c.milp = methods::MilpSection::fromJson(milpJ);
    else if (!milpJ.empty())
        throw ConfigError("run config: 'milp' is only for method milp");
    top.finish();
    c.validate();
    return c;
}

RunConfig RunConfig::fromSavedJson(nlohmann::json j)
{
    if (j.is_object()) {
        // Written before session 22: every saved config has these sections whole.
        if (j.contains("data") && j["data"].is_object() && j["data"].contains("itemParts") &&
            j["data"]["itemParts"].is_object() && !j["data"]["itemParts"].contains("signals"))
            j["data"]["itemParts"]["signals"] = false;
        if (j.contains("persoma"))
            methods::PersomaSection::upgradeSaved(j["persoma"]);
    }
    return fromJson(j);
}

RunConfig RunConfig::fromFile(const std::string& path)
{
    const nlohmann::json j = readJsonObjectFile(path, kMaxConfigFileBytes, "run config");
    try {
        return fromJson(j);
    } catch (const ConfigError& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

void RunConfig::validate() const
{
    if (name.empty())
        throw ConfigError("run config: 'name' is empty");
    if (outputDir.empty())
        throw ConfigError("run config: 'outputDir' is empty");
    checkRange<int>("models.threads", threads, 0, 1024);
    checkRange<std::size_t>("data.historySize", historySize, 1, 512);
    checkRange<std::size_t>("data.holdout", holdout, 1, 100000);
    if (task == methods::TaskKind::NextItem && method == MethodKind::Counting)
        throw ConfigError("run config: method 'counting' predicts genres only: it has no next-item output (task next-item)");
    checkRange<std::uint32_t>("data.minItemRatings", minItemRatings, 0, 1000000);
    persoma.validate(itemParts);
    decoderTraining.validate();
    if (method == MethodKind::Text && decoderTraining.mode == methods::DecoderMode::Frozen)
        throw ConfigError("run config: method 'text' trains the decoder: use decoder.mode lora or full (or method zero-shot)");
    if (!itemParts.title && !itemParts.genres && !itemParts.description && !itemParts.rating && !itemParts.signalBlock)
        throw ConfigError("run config: 'data.itemParts' enables no part");
    train.validate();
}

methods::ExampleOptions RunConfig::exampleOptions() const
{
    methods::ExampleOptions o;
    o.historySize = historySize;
    o.sampling = sampling;
    o.samplingSeed = samplingSeed;
    o.style = promptStyle;
    o.task = task;
    o.holdout = holdout;
    return o;
}

} // namespace persona::train
