// The JSON config of a run: method, models, data and history sampling, PERSOMA adapter, decoder
// mode, trainer options. Every field has a default (`persona train --print-default-config`);
// unknown fields and out-of-range values are ConfigErrors before anything is loaded.
// Leaves out executing the run (run.h).
#pragma once

#include "core/data/sampling.h"
#include "core/data/user_split.h"
#include "core/methods/adapters.h"
#include "core/methods/decoder_training.h"
#include "core/methods/examples.h"
#include "core/methods/item_encoder.h"
#include "core/search/search_space.h"
#include "core/train/trainer.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace persona::train {

enum class MethodKind { Persoma, Text, ZeroShot, Counting, Milp };
const char* methodName(MethodKind kind); // "persoma", "text", "zero-shot", "counting", "milp"
MethodKind parseMethod(const std::string& name);

// The item parts of a new run: the four sentence-embedded text parts and the signals block.
inline methods::ItemParts defaultItemParts()
{
    methods::ItemParts p;
    p.signalBlock = true;
    return p;
}

struct RunConfig {
    std::string name = "run";
    MethodKind method = MethodKind::Persoma;
    // "genres" (PERSOMA's genre preferences) or "next-item" (MiLP's next user content prediction:
    // generate the text of the first of the last data.holdout items; scored by ROUGE-1, ROUGE-L and
    // Persona-F1, validated and early-stopped on ROUGE-L). Counting has no next-item output.
    methods::TaskKind task = methods::TaskKind::Genres;
    std::string outputDir = "runs/run";    // the run folder (config.json, checkpoint, metrics)

    // models
    std::string decoder = "models/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf";
    std::string encoder = "models/all-minilm-l6-v2";
    std::string device = "cpu";
    std::string dtype = "float32";
    int threads = 0;                        // 0 = $PERSONA_NUM_THREADS or all cores
    std::string cacheDir = "cache/item-embeddings"; // "" = no on-disk embedding cache

    // data
    std::string dataset = "ml-100k";
    std::string dataDir = "models/data";
    std::uint32_t minItemRatings = 20;
    std::size_t historySize = 10;
    std::size_t holdout = 1;                // next-item task: final items held out (in [1, 100000])
    data::SamplingStrategy sampling = data::SamplingStrategy::Recency;
    std::uint64_t samplingSeed = 0;
    data::SplitConfig split;
    std::size_t maxTrainUsers = 0;          // 0 = all
    // Validation during training generates text for each user; the state it picks is trusted only
    // on enough users (10 or 20 chose states that tested 0.06 F1 below the last one). 0 = all.
    std::size_t maxValUsers = 50;
    std::size_t maxTestUsers = 0;
    methods::PromptStyle promptStyle = methods::PromptStyle::Chat;
    methods::ItemParts itemParts = defaultItemParts(); // parts that no item of the dataset has are dropped

    // PERSOMA
    methods::AdapterKind adapter = methods::AdapterKind::Mlp;
    std::int64_t adapterHidden = 512;
    std::int64_t mlpLayers = 3;
    std::int64_t transformerLayers = 1;
    std::int64_t perceiverLayers = 4;
    std::int64_t latents = 20;
    std::int64_t adapterHeads = 8;
    std::int64_t taskTokens = 8;            // PERSOMA's |T| is 20; the instruction is text here too
    bool standardizeItems = true;           // persoma.standardizeItems (methods::PersomaConfig)
    bool matchVocabNorm = true;             // persoma.matchVocabNorm (methods::PersomaConfig)
    bool userTokensInTurn = true;           // persoma.userTokensInTurn
    std::int64_t summaryTokens = 24;        // persoma.summaryTokens (room for a genre answer's tokens)
    bool vocabMixture = false;              // persoma.vocabMixture
    double sketchWeight = 1.0;              // persoma.sketchWeight
    // persoma.sketchWarmupSteps: steps of the history MLP alone on the answer sketch (batch 64,
    // Adam 1e-3) before the decoder joins (methods::SketchWarmup); 0 = none. Without the sketch
    // (sketchWeight 0) there is nothing to warm up and both are ignored.
    std::int64_t sketchWarmupSteps = 500;
    // persoma.sketchWarmupSamples: fresh random history samples of each training user the warm-up
    // learns from, besides the run's own sample (same size, seeds train.seed + 1, + 2, ...).
    std::int64_t sketchWarmupSamples = 8;
    // persoma.summaryInput: what the summary MLP reads, "items", "profile" or "both"
    // (methods::SummaryInput). The profile needs the signals block; ignored without summary tokens.
    // The mean item vector reads the user better over 10 items, the genre profile over 50
    // (docs/results.md, session 25): the history-50 preset sets "profile".
    methods::SummaryInput summaryInput = methods::SummaryInput::Items;

    // decoder
    methods::DecoderMode decoderMode = methods::DecoderMode::Frozen;
    methods::LoraSettings lora;

    // MiLP (method "milp" only; its "milp" section, see core/methods/milp_method.h): the module
    // configuration and the LoRA scale (alpha = scale * rank). Layer indices are checked against the
    // decoder when it is loaded.
    search::MilpConfig milp{std::vector<bool>{true}, 1, 8};
    double milpLoraScale = 2.0;

    TrainOptions train;

    nlohmann::json toJson() const;
    // Missing fields keep their defaults. Throws ConfigError naming the field.
    static RunConfig fromJson(const nlohmann::json& j);
    // A config saved by an earlier version (a run folder's config.json, a store record): fields
    // that version did not write take the value it ran with, not today's default (no signals
    // block, unscaled soft tokens), so old runs open and resume as they trained.
    static RunConfig fromSavedJson(nlohmann::json j);
    // Reads a JSON file (at most 1 MiB). IoError / FormatError / ConfigError name the file.
    static RunConfig fromFile(const std::string& path);
    void validate() const;
    methods::ExampleOptions exampleOptions() const;
};

} // namespace persona::train
