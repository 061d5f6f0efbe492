// The "persoma" section of a run config: PERSOMA's adapter and the soft-prompt choices this project
// adds (standardized items, vocabulary-norm tokens, summary tokens, the answer sketch and its
// warm-up). Torch-free, so the API and its callers can hold it; the defaults are the run config's
// (which personalize best for their budget, docs/results.md), not PersomaConfig's (PERSOMA's own
// layout). Leaves out building the method (persoma_method.h: persomaConfig).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace persona::methods {

struct ItemParts;

enum class AdapterKind { Mlp, Transformer, Perceiver };
const char* adapterName(AdapterKind kind); // "mlp", "transformer", "perceiver"
AdapterKind parseAdapter(const std::string& name); // ConfigError otherwise

// What the summary MLP reads. Items: the mean of the (standardized) item vectors. Profile: the
// genre profile of the sampled items, 3 numbers a genre computed from the signals block as it is
// (not standardized): the genre's share of the items, the mean centred rating of its items (0 when
// none) and min(count / 3, 1). Both: the two, concatenated. The mean vector holds the profile only
// as ratios of its dimensions, which an MLP learns slowly from a few thousand users, and its
// sentence-embedding part lets the MLP tell training users apart and memorise their answers
// (docs/persoma.md).
enum class SummaryInput { Items, Profile, Both };
const char* summaryInputName(SummaryInput input);           // "items", "profile", "both"
SummaryInput parseSummaryInput(const std::string& name);    // ConfigError otherwise

struct PersomaSection {
    AdapterKind adapter = AdapterKind::Mlp;
    std::int64_t hidden = 512;
    std::int64_t mlpLayers = 3;
    std::int64_t transformerLayers = 1;
    std::int64_t perceiverLayers = 4;
    std::int64_t latents = 20;
    std::int64_t heads = 8;
    std::int64_t taskTokens = 8;            // PERSOMA's |T| is 20; the instruction is text here too
    bool standardizeItems = true;           // PersomaConfig::standardizeItems
    bool matchVocabNorm = true;             // PersomaConfig::matchVocabNorm
    bool userTokensInTurn = true;           // PersomaConfig::userTokensInTurn
    std::int64_t summaryTokens = 24;        // room for a genre answer's tokens
    bool vocabMixture = false;
    double sketchWeight = 1.0;
    // Steps of the history MLP alone on the answer sketch (batch 64, Adam 1e-3) before the decoder
    // joins (SketchWarmup); 0 = none. Without the sketch (sketchWeight 0) there is nothing to warm up
    // and both are ignored.
    std::int64_t sketchWarmupSteps = 500;
    // Fresh random history samples of each training user the warm-up learns from, besides the
    // run's own sample (same size, seeds train.seed + 1, + 2, ...).
    std::int64_t sketchWarmupSamples = 8;
    // What the summary MLP reads (SummaryInput). The profile needs the signals block; ignored
    // without summary tokens. The mean item vector reads the user better over 10 items, the genre
    // profile over 50 (docs/results.md, session 25): the history-50 preset sets "profile".
    SummaryInput summaryInput = SummaryInput::Items;

    nlohmann::json toJson() const;
    // Missing fields keep their defaults; unknown fields, wrong types and unknown names are
    // ConfigErrors naming "persoma.<field>".
    static PersomaSection fromJson(const nlohmann::json& section);
    // A section saved by an earlier version: the fields it did not write take the value it ran
    // with (off, none), not today's default. Leaves other sections alone.
    static void upgradeSaved(nlohmann::json& section);
    // Ranges and the combinations that cannot work, naming the field; parts are the run's item parts.
    void validate(const ItemParts& parts) const;
    // The answer sketch is warmed up before training.
    bool warmsUp() const { return sketchWeight > 0.0 && sketchWarmupSteps > 0; }
};

} // namespace persona::methods
