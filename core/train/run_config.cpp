#include "core/train/run_config.h"

#include "core/common/enum_names.h"
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/json_fields.h"

#include <nlohmann/json.hpp>


namespace persona::train {

nlohmann::json RunConfig::toJson() const
{
    nlohmann::json j;
    j["name"] = name;
    j["method"] = method->name;
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
                 {"promptContent", data::promptContentName(promptContent)},
                 {"itemParts",
                  {{"title", itemParts.title}, {"genres", itemParts.genres}, {"description", itemParts.description},
                   {"rating", itemParts.rating}, {"signals", itemParts.signalBlock}}}};
    for (const methods::SectionSpec& sec : methods::sectionSpecs())
        if (sec.alwaysWritten || method->reads(sec.key))
            j[sec.key] = sec.write(sections);
    j["train"] = train.toJson();
    return j;
}

RunConfig RunConfig::fromJson(const nlohmann::json& j)
{
    RunConfig c;
    JsonFields top(j, "");
    top.get("name", c.name);
    std::string s = c.method->name;
    top.get("method", s);
    c.method = &methods::findMethod(s);
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
    s = data::promptContentName(c.promptContent);
    d.get("promptContent", s);
    c.promptContent = data::parsePromptContent(s);
    const nlohmann::json partsJ = d.object("itemParts");
    JsonFields p(partsJ, "data.itemParts");
    p.get("title", c.itemParts.title);
    p.get("genres", c.itemParts.genres);
    p.get("description", c.itemParts.description);
    p.get("rating", c.itemParts.rating);
    p.get("signals", c.itemParts.signalBlock);
    p.finish();
    d.finish();

    for (const methods::SectionSpec& sec : methods::sectionSpecs()) {
        const nlohmann::json section = top.object(sec.key);
        if (sec.alwaysWritten || c.method->reads(sec.key)) {
            sec.read(c.sections, section);
            continue;
        }
        if (section.empty())
            continue;
        std::vector<std::string> readers;
        for (const methods::MethodSpec* spec : methods::methodSpecs())
            if (spec->reads(sec.key))
                readers.emplace_back(spec->name);
        throw ConfigError(std::string("run config: '") + sec.key + "' is only for method " + joinChoices(readers, ", "));
    }

    const nlohmann::json trainJ = top.object("train");
    c.train = TrainOptions::fromJson(trainJ);
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
        for (const methods::SectionSpec& sec : methods::sectionSpecs())
            if (sec.upgradeSaved && j.contains(sec.key))
                sec.upgradeSaved(j[sec.key]);
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
    if (task == methods::TaskKind::NextItem && !method->nextItem)
        throw ConfigError(std::string("run config: method '") + method->name +
                          "' predicts genres only: it has no next-item output (task next-item)");
    if (promptContent != data::PromptContent::History && method->input != methods::InputKind::Text)
        throw ConfigError(std::string("run config: 'data.promptContent' ") + data::promptContentName(promptContent) +
                          " is for text prompts: method '" + method->name + "' does not put the history in its prompt");
    checkRange<std::uint32_t>("data.minItemRatings", minItemRatings, 0, 1000000);
    for (const methods::SectionSpec& sec : methods::sectionSpecs())
        if (sec.validate)
            sec.validate(sections, itemParts);
    if (method->validate)
        method->validate(sections);
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
    o.content = promptContent;
    o.task = task;
    o.holdout = holdout;
    return o;
}

} // namespace persona::train
