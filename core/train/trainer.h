// The training loop shared by every trainable method: AdamW with linear warm-up, gradient clipping,
// seeded shuffling (reproducible on CPU), evaluation on the validation examples every K steps with
// early stopping on validation F1 (the best state is restored at the end), a progress callback and
// a cancel/pause token, and resuming from a saved TrainState (train_state.h) with the same losses
// as an uninterrupted run. Leaves out building examples and writing runs (run.h).
#pragma once

#include "core/common/cancel_token.h"
#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/methods/method.h"
#include "core/train/evaluator.h"
#include "core/train/train_state.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace persona::train {


// The training loss became NaN or infinite: this configuration does not train (a ConfigError, so
// the CLI exits with 2 and suggests a lower learning rate). The MiLP search catches exactly this to
// record the trial as failed; every other ConfigError still ends the search.
class TrainingDivergedError : public ConfigError {
public:
    using ConfigError::ConfigError;
};

struct TrainOptions {
    double learningRate = 1e-3;  // PERSOMA section 4
    double weightDecay = 0.0;
    int batchSize = 8;
    // Examples per forward/backward pass: a batch runs as ceil(batchSize / microBatchSize) passes
    // whose gradients add up to the whole batch's (each pass weighted by its share of the batch's
    // target tokens, as the losses are token means), so the update is the same and the peak memory
    // that of one pass. For long prompts (text prompting at history 50: 1,217 tokens a sequence).
    // 0 = the whole batch in one pass. -1 = automatic (a Run picks the whole batch when its memory
    // estimate fits, else the largest pass that fits: core/train/memory_estimate.h; the workbench
    // uses this; elsewhere -1 runs the whole batch).
    int microBatchSize = 0;
    int steps = 200;
    int warmupSteps = 10;        // linear warm-up from 0, then constant
    double gradClip = 1.0;       // max global L2 norm; <= 0 disables
    int evalEvery = 50;          // steps between validation runs; 0 = only at the end
    int patience = 3;            // evaluations without a better val F1 before stopping; 0 = never
    std::uint64_t seed = 0;
    // Step checkpoints kept in <run>/checkpoints (the newest; older ones are deleted as new ones
    // come), so a long run does not fill the disk; 0 = keep all. The run's final state and its
    // resume state are separate files and always kept.
    int keepCheckpoints = 20;
    // The memory a run may grow by while training, checked before the first step against the
    // estimate of core/train/memory_estimate.h (Run::planMemory): 0 = the memory available when
    // training starts (CPU runs; a GPU run raises CUDA's own error), -1 = no check.
    int memoryLimitMiB = 0;
    EvalOptions eval;

    nlohmann::json toJson() const;
    // Unknown fields and out-of-range values throw ConfigError naming "train.<field>".
    static TrainOptions fromJson(const nlohmann::json& j);
    void validate() const;
};

struct Progress {
    int step = 0;
    int totalSteps = 0;
    double trainLoss = 0.0;      // this step's loss
    double smoothedLoss = 0.0;   // exponential moving average (0.9)
    double learningRate = 0.0;
    bool evaluated = false;      // valLoss / valF1 are fresh at this step
    double valLoss = std::numeric_limits<double>::quiet_NaN();
    // The task's main validation metric (evaluator.h mainMetric): weighted F1 for the genre task,
    // mean ROUGE-L F for the next-item task. The name stays valF1 (here, in EvalPoint, TrainResult
    // and the JSON) so stored runs and callers keep working.
    double valF1 = std::numeric_limits<double>::quiet_NaN();
    double tokensPerSecond = 0.0; // decoder input tokens per second of training, in this process
    double elapsedSeconds = 0.0;  // over every leg of a resumed run
    double etaSeconds = 0.0;      // the remaining steps at this process's pace
};
using ProgressCallback = std::function<void(const Progress&)>;

struct TrainResult {
    std::vector<double> losses; // one per step
    std::vector<EvalPoint> evals;
    int stepsDone = 0;
    int bestStep = 0;           // the step whose state was kept (0 = the last one, no validation)
    double bestValF1 = std::numeric_limits<double>::quiet_NaN();
    bool stoppedEarly = false;
    double seconds = 0.0;
    double tokensPerSecond = 0.0;
    nlohmann::json toJson() const;
};

// Resuming and checkpointing; every member is optional.
struct TrainHooks {
    // Continue after resumeFrom->step: loads its tensors into the method and restores the
    // optimiser, early stopping, counters, data order and torch CPU RNG. The method kind, options
    // and examples must be those of the saved run (ConfigError when the parameter count differs).
    const TrainState* resumeFrom = nullptr;
    int checkpointEvery = 0; // steps between onCheckpoint calls; 0 = at each evaluation
    // Called (on the training thread) after the progress report of a checkpoint step, after the
    // last step, and when cancelled, with the state of the last whole step, before CancelledError
    // propagates. The state's tensors are the live ones: save them during the call, do not keep them.
    std::function<void(const TrainState&)> onCheckpoint;
};

// Trains `method` in place. Seeds torch with options.seed first. val may be empty (no early
// stopping). Throws ConfigError when the method has nothing to train or train is empty,
// TrainingDivergedError when the loss becomes non-finite, and CancelledError when the token is cancelled (the method keeps its current state).
TrainResult trainMethod(methods::Method& method, const std::vector<methods::Example>& train,
                        const std::vector<methods::Example>& val, const data::Dataset& ds, const TrainOptions& options,
                        const ProgressCallback& progress = {}, CancelToken* cancel = nullptr,
                        const TrainHooks& hooks = {});

} // namespace persona::train
