// Torch-free facade over MiLP for the CLI and the GUI: the Bayesian-optimisation search over
// LoRA memory-injection configurations (each trial a short two-stage training run), the chosen
// configuration trained into a run folder, and the per-user memory pass on a trained MiLP run.
// Leaves out the search itself (core/search) and the method (core/methods/milp_*).
#pragma once

#include "core/api/training.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace persona::api {

struct MilpTrialView {
    int trial = 0;                 // 0-based
    bool random = false;           // an initial random point rather than a BO proposal
    nlohmann::json config = nlohmann::json::object(); // {"layers":[...], "modules":N, "rank":r}
    double valLoss = 0.0;          // objective 1 (down); NaN for a failed trial
    double valMetric = 0.0;        // objective 2 (up): validation F1 (genre task) or ROUGE-L (next item)
    bool failed = false;           // diverged or unscorable: off the front, out of the hypervolume
    std::string failure;           // why it failed ("" when it did not)
    bool onFront = false;          // on the Pareto front after this trial
    // Of the front after this trial, always finite (0 before a trial succeeds). Until the initial
    // trials are done it is w.r.t. a provisional reference point (hypervolumeProvisional); the
    // outcome's trials carry the values w.r.t. the final one.
    double hypervolume = 0.0;
    bool hypervolumeProvisional = false;
    double seconds = 0.0;          // the trial's training and validation time
    double trainSeconds = 0.0;     // of which training (both stages)
    double validationSeconds = 0.0; // of which scoring the validation users
    double searchSeconds = 0.0;    // GP fit + acquisition time spent proposing it
    double gpSeconds = 0.0;        // of which fitting the GPs
    double acquisitionSeconds = 0.0; // of which maximising the acquisition
    double wallSeconds = 0.0;      // the whole trial (>= seconds + searchSeconds)
};
using MilpTrialCallback = std::function<void(const MilpTrialView&)>;

struct MilpRequest {
    nlohmann::json config = nlohmann::json::object(); // a MilpConfig; missing fields keep defaults
    std::string storePath;         // "" = do not record in a store
};

struct MilpOutcome {
    std::int64_t runId = 0;
    std::string runDir;            // the chosen configuration's trained run folder
    std::string status;            // "finished" or "cancelled"
    std::vector<MilpTrialView> trials;
    nlohmann::json chosen = nlohmann::json::object();
    nlohmann::json testMetrics = nlohmann::json::object();
    // Totals over the trials: {"trials", "failedTrials", "wallSeconds", "trainSeconds",
    // "validationSeconds", "gpSeconds", "acquisitionSeconds", "searchSeconds", "searchShare"}.
    nlohmann::json timing = nlohmann::json::object();
};

nlohmann::json defaultMilpConfig();
// ConfigError before anything runs: an empty search space, a rank outside {8,16,32,64,96}, a layer
// index past the decoder's depth, an unknown field.
void validateMilpConfig(const nlohmann::json& config);

MilpOutcome runMilpSearch(const MilpRequest& request, const MilpTrialCallback& onTrial = {},
                          const TrainingProgressCallback& onProgress = {}, TrainingControl* control = nullptr);

// The per-user memory pass on a MiLP run folder: the user's output before, `steps` stage-1 steps on
// that user's history alone (on a copy of the weights in memory; the folder is not written), the
// output after. Returns {"user", "steps", "before": {"output", "f1"|"rougeL", "taskLoss",
// "memoryLoss"}, "after": {...}, "losses": [...], "weightChange", "modules": [...], "config"}.
// ConfigError for a run of another method, an unknown user or steps outside [1, 100000].
nlohmann::json runMilpMemoryPass(const std::string& runDir, const std::string& user, int steps = 10,
                                 TrainingControl* control = nullptr);

} // namespace persona::api
