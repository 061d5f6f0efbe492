// The MiLP search driver: each trial puts fresh LoRA modules of one configuration on the shared
// frozen decoder, trains stage 1 (memory injection: next-item text of the user's own history) then
// stage 2 (instruction tuning on the task), scores validation loss (down) and the validation task
// metric (up: genre F1 or next-item ROUGE-L), and removes the modules; the Bayesian optimiser picks
// the configurations. The chosen one is trained again and saved as a run folder that Run::open
// reopens. Also the per-user memory pass on a saved MiLP run. Leaves out the store (core/api/milp).
#pragma once

#include "core/common/cancel_token.h"
#include "core/data/dataset.h"
#include "core/data/user_split.h"
#include "core/methods/milp/milp_method.h"
#include "core/runtime/model_loader.h"
#include "core/search/bayes_optimizer.h"
#include "core/tokenizers/tokenizer.h"
#include "core/methods/milp/search/milp_config.h"
#include "core/train/trainer.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace persona::train {


struct MilpTrialResult {
    double valLoss = 0.0;
    double valMetric = 0.0;   // F1 (genres) or mean ROUGE-L F (next item)
    double seconds = 0.0;     // the whole trial (>= trainSeconds + validationSeconds)
    double trainSeconds = 0.0;      // both stages (up to the failure for a failed trial)
    double validationSeconds = 0.0; // scoring the validation users
    std::string failure;      // why the trial failed in the search ("" when it succeeded)
    int stage1Examples = 0, stage2Examples = 0;
    TrainResult stage1, stage2;
};

struct MilpScore {
    double loss = 0.0;        // mean target loss
    double metric = 0.0;      // F1 or ROUGE-L
    double rouge1 = 0.0;      // next item only
    int users = 0;
    nlohmann::json summary;   // evalSummaryJson: F1, precision, recall (genres) or ROUGE-1/L, Persona-F1
};

struct MilpSearchOutcome {
    search::SearchResult search;
    nlohmann::json metrics;   // what metrics.json holds (trials, front, chosen, hypervolumes, test)
    std::string runDir;       // empty when cancelled before a configuration was chosen
    bool cancelled = false;
};

// Called for every trial (after it) and for every optimiser step of the final training.
using MilpTrialCallback = search::TrialCallback;

class MilpSearch {
public:
    // Validates the config, loads dataset, split, decoder and tokenizer and checks the space
    // against the decoder (layer index past depth, rank wider than a projection): every
    // ConfigError is thrown here, before any training.
    explicit MilpSearch(MilpRunConfig config);
    // The same on an in-memory world (tests): borrows the dataset, decoder and tokenizer;
    // base.decoder is then only recorded in the saved config.
    MilpSearch(MilpRunConfig config, const data::Dataset& ds, nn::LlamaDecoder decoder,
               const tokenizers::Tokenizer& tokenizer);
    ~MilpSearch();

    const MilpRunConfig& config() const { return m_config; }
    const search::MilpSpace& space() const { return *m_space; }
    const data::UserSplit& split() const { return m_split; }

    // One trial: fresh modules (seeded with search.seed), stage 1, stage 2, validation; the
    // modules are removed afterwards. Same config and seed give the same result. A diverged
    // training run throws ConfigError (run() records it as a failed trial and goes on).
    MilpTrialResult runTrial(const search::MilpConfig& config, CancelToken* cancel = nullptr);
    // Fresh modules trained through both stages with the given steps; the caller destroys the
    // method (removing the modules) before the next one is made.
    std::unique_ptr<methods::MilpMethod> trainModules(const search::MilpConfig& config, int stage1Steps,
                                                      int stage2Steps, CancelToken* cancel = nullptr,
                                                      MilpTrialResult* record = nullptr,
                                                      const ProgressCallback& progress = {});
    // Loss and task metric on a split (validation: maxValUsers, test: maxTestUsers).
    MilpScore score(methods::Method& method, data::Split split, CancelToken* cancel = nullptr);
    // Stage 1's examples for the given users (sliding windows, holdout 1).
    std::vector<methods::Example> memoryExamples(const std::vector<std::size_t>& users);

    // The whole search, then the chosen configuration trained and saved into base.outputDir
    // (config.json with method "milp", checkpoint.safetensors, metrics.json).
    MilpSearchOutcome run(const MilpTrialCallback& onTrial = {}, const ProgressCallback& progress = {},
                          CancelToken* cancel = nullptr);
    // The trials of the current (or last) run(), by trial index: timings and failure reasons. A
    // trial's entry exists when onTrial is called for it.
    const std::vector<MilpTrialResult>& trialResults() const { return m_trialResults; }

private:
    void prepare();
    std::vector<methods::Example> taskExamples(data::Split split, std::size_t maxUsers);

    MilpRunConfig m_config;
    data::Dataset m_ownedDs;
    const data::Dataset* m_ds = nullptr;
    data::UserSplit m_split;
    runtime::LoadedDecoder m_loaded;
    nn::LlamaDecoder m_decoder{nullptr};
    std::unique_ptr<tokenizers::Tokenizer> m_ownedTokenizer;
    const tokenizers::Tokenizer* m_tokenizer = nullptr;
    std::unique_ptr<search::MilpSpace> m_space;
    std::vector<methods::Example> m_stage1, m_stage2, m_val;
    std::vector<MilpTrialResult> m_trialResults;
};

// A trial's timings as JSON: "seconds" (the objective: training and validation), "trainSeconds",
// "validationSeconds" (0 without r), "gpSeconds", "acquisitionSeconds", "searchSeconds" (their sum)
// and "wallSeconds" (the whole trial, >= every part summed).
nlohmann::json milpTrialTimingJson(const search::Trial& t, const MilpTrialResult* r);
// Totals over trial JSON objects holding those fields (and "failed"): {"trials", "failedTrials",
// "wallSeconds", "trainSeconds", "validationSeconds", "gpSeconds", "acquisitionSeconds",
// "searchSeconds", "searchShare" = searchSeconds / wallSeconds}.
nlohmann::json milpTimingTotals(const nlohmann::json& trials);

// The decoder facts a checkpoint must match (saved as config.json's decoderIdentity).
nlohmann::json milpDecoderIdentity(const nn::LlamaConfig& config);

struct MemoryPassOptions {
    int steps = 10;
    double learningRate = 1e-3;
    int batchSize = 4;
    std::size_t windowsPerUser = 8;
    int maxNewTokens = 32;
    std::uint64_t seed = 0;
};

// The per-user memory pass on a saved MiLP run: the user's task output before, a short stage-1
// pass on that user's history alone (holdout 0: every item), the output after. Works on a copy of
// the weights in memory; the run folder is never written. Returns {"user", "steps", "before":
// {output, f1, memoryLoss}, "after": {...}, "losses": [...], "weightChange": L2 of the module
// update, "modules": [...]}. ConfigError for a run of another method or an unknown user.
nlohmann::json milpMemoryPass(const std::string& runDir, const std::string& userKey, const MemoryPassOptions& options,
                              CancelToken* cancel = nullptr);

} // namespace persona::train
