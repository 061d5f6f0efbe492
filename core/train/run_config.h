// The JSON config of a run: method, models, data and history sampling, PERSOMA adapter, decoder
// mode, trainer options. Every field has a default (`persona train --print-default-config`);
// unknown fields and out-of-range values are ConfigErrors before anything is loaded.
// Leaves out executing the run (run.h).
#pragma once

#include "core/data/sampling.h"
#include "core/data/user_split.h"
#include "core/methods/examples.h"
#include "core/methods/item_encoder.h"
#include "core/methods/method_sections.h"
#include "core/methods/registry.h"
#include "core/train/trainer.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace persona::train {

// The item parts of a new run: the four sentence-embedded text parts and the signals block.
inline methods::ItemParts defaultItemParts()
{
    methods::ItemParts p;
    p.signalBlock = true;
    return p;
}

struct RunConfig {
    std::string name = "run";
    const methods::MethodSpec* method = &methods::defaultMethod(); // core/methods/registry.h
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
    // Text prompts: the sampled items, their profile, or both (profile-augmented prompting).
    data::PromptContent promptContent = data::PromptContent::History;
    methods::ItemParts itemParts = defaultItemParts(); // parts that no item of the dataset has are dropped

    // The methods' own sections (core/methods/method_sections.h); each method reads those its spec
    // lists. "persoma" and "decoder" are written for every method (the layout runs have always
    // had); "milp" only for method milp.
    methods::MethodSections sections;

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
