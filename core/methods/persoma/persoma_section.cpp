#include "core/methods/persoma/persoma_section.h"

#include "core/common/enum_names.h"
#include "core/common/error.h"
#include "core/common/json_fields.h"
#include "core/methods/item_encoder.h"

#include <nlohmann/json.hpp>

namespace persona::methods {

namespace {
constexpr EnumName<AdapterKind> kAdapterNames[] = {
    {AdapterKind::Mlp, "mlp"}, {AdapterKind::Transformer, "transformer"}, {AdapterKind::Perceiver, "perceiver"}};
constexpr EnumName<SummaryInput> kSummaryInputNames[] = {
    {SummaryInput::Items, "items"}, {SummaryInput::Profile, "profile"}, {SummaryInput::Both, "both"}};
} // namespace

const char* adapterName(AdapterKind kind)
{
    return enumName(kAdapterNames, kind, "?");
}

AdapterKind parseAdapter(const std::string& name)
{
    if (const auto a = enumFromName(kAdapterNames, name))
        return *a;
    throw ConfigError("unknown adapter '" + name + "' (expected " + enumChoices(kAdapterNames) + ")");
}

const char* summaryInputName(SummaryInput input)
{
    return enumName(kSummaryInputNames, input, "?");
}

SummaryInput parseSummaryInput(const std::string& name)
{
    if (const auto s = enumFromName(kSummaryInputNames, name))
        return *s;
    throw ConfigError("unknown summary input '" + name + "' (expected " + enumChoices(kSummaryInputNames) + ")");
}

nlohmann::json PersomaSection::toJson() const
{
    return {{"adapter", adapterName(adapter)},
            {"hidden", hidden},
            {"mlpLayers", mlpLayers},
            {"transformerLayers", transformerLayers},
            {"perceiverLayers", perceiverLayers},
            {"latents", latents},
            {"heads", heads},
            {"taskTokens", taskTokens},
            {"standardizeItems", standardizeItems},
            {"matchVocabNorm", matchVocabNorm},
            {"userTokensInTurn", userTokensInTurn},
            {"summaryTokens", summaryTokens},
            {"vocabMixture", vocabMixture},
            {"sketchWeight", sketchWeight},
            {"sketchWarmupSteps", sketchWarmupSteps},
            {"sketchWarmupSamples", sketchWarmupSamples},
            {"summaryInput", summaryInputName(summaryInput)}};
}

PersomaSection PersomaSection::fromJson(const nlohmann::json& section)
{
    PersomaSection p;
    JsonFields a(section, "persoma");
    std::string s = adapterName(p.adapter);
    a.get("adapter", s);
    p.adapter = parseAdapter(s);
    a.get("hidden", p.hidden);
    a.get("mlpLayers", p.mlpLayers);
    a.get("transformerLayers", p.transformerLayers);
    a.get("perceiverLayers", p.perceiverLayers);
    a.get("latents", p.latents);
    a.get("heads", p.heads);
    a.get("taskTokens", p.taskTokens);
    a.get("standardizeItems", p.standardizeItems);
    a.get("matchVocabNorm", p.matchVocabNorm);
    a.get("userTokensInTurn", p.userTokensInTurn);
    a.get("summaryTokens", p.summaryTokens);
    a.get("vocabMixture", p.vocabMixture);
    a.get("sketchWeight", p.sketchWeight);
    a.get("sketchWarmupSteps", p.sketchWarmupSteps);
    a.get("sketchWarmupSamples", p.sketchWarmupSamples);
    s = summaryInputName(p.summaryInput);
    a.get("summaryInput", s);
    try {
        p.summaryInput = parseSummaryInput(s);
    } catch (const ConfigError& e) {
        throw ConfigError(std::string("run config: 'persoma.summaryInput': ") + e.what());
    }
    a.finish();
    return p;
}

void PersomaSection::upgradeSaved(nlohmann::json& p)
{
    if (!p.is_object())
        return;
    // Written before session 22: every saved config has the section whole.
    if (p.contains("standardizeItems")) {
        for (const char* key : {"matchVocabNorm", "userTokensInTurn", "vocabMixture"})
            if (!p.contains(key))
                p[key] = false;
        if (!p.contains("summaryTokens"))
            p["summaryTokens"] = 0;
        if (!p.contains("sketchWeight"))
            p["sketchWeight"] = 0.0;
    }
    // Written in session 22 or before: no sketch warm-up.
    if (p.contains("taskTokens") && !p.contains("sketchWarmupSteps"))
        p["sketchWarmupSteps"] = 0;
    // Written in session 24 or before: the summary MLP read the mean item vector alone.
    if (p.contains("taskTokens") && !p.contains("summaryInput"))
        p["summaryInput"] = "items";
}

void PersomaSection::validate(const ItemParts& parts) const
{
    checkRange<std::int64_t>("persoma.hidden", hidden, 8, 16384);
    checkRange<std::int64_t>("persoma.mlpLayers", mlpLayers, 1, 16);
    checkRange<std::int64_t>("persoma.transformerLayers", transformerLayers, 1, 16);
    checkRange<std::int64_t>("persoma.perceiverLayers", perceiverLayers, 1, 16);
    checkRange<std::int64_t>("persoma.latents", latents, 1, 1024);
    checkRange<std::int64_t>("persoma.heads", heads, 1, 64);
    checkRange<std::int64_t>("persoma.taskTokens", taskTokens, 0, 1024);
    checkRange<std::int64_t>("persoma.summaryTokens", summaryTokens, 0, 64);
    checkRange<double>("persoma.sketchWeight", sketchWeight, 0.0, 1000.0);
    checkRange<std::int64_t>("persoma.sketchWarmupSteps", sketchWarmupSteps, 0, 1000000);
    checkRange<std::int64_t>("persoma.sketchWarmupSamples", sketchWarmupSamples, 0, 1000);
    if (summaryTokens > 0 && summaryInput != SummaryInput::Items && !parts.signalBlock)
        throw ConfigError(std::string("run config: 'persoma.summaryInput' ") + summaryInputName(summaryInput) +
                          " reads the genre profile from the signals block: turn 'data.itemParts.signals' on or use 'items'");
    if (sketchWeight > 0.0 && summaryTokens == 0)
        throw ConfigError("run config: 'persoma.sketchWeight' needs 'persoma.summaryTokens' > 0 (the sketch is written there)");
    if (adapter != AdapterKind::Mlp && hidden % heads != 0)
        throw ConfigError("run config: 'persoma.hidden' must be a multiple of 'persoma.heads'");
}

} // namespace persona::methods
