// Torch-free facade over training for the CLI and the GUI: run a training job from a RunConfig
// JSON on the calling thread (a GUI worker thread, the CLI's main thread), record it in the
// experiment store (run lifecycle, metric curves, checkpoints as artifacts, test predictions), and
// resume a cancelled or crashed run from its last checkpoint so its curve continues.
// Leaves out reopening a finished run for predictions and inspection (trained_run.h).
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace persona::api {

// One progress report per optimiser step (mirrors core/train's Progress without torch).
struct TrainingProgress {
    std::int64_t runId = 0;      // store run id, 0 without a store
    int step = 0;
    int totalSteps = 0;
    double trainLoss = 0.0;
    double smoothedLoss = 0.0;
    double learningRate = 0.0;
    bool evaluated = false;      // valLoss / valF1 are fresh at this step
    double valLoss = std::numeric_limits<double>::quiet_NaN();
    double valF1 = std::numeric_limits<double>::quiet_NaN();
    double tokensPerSecond = 0.0;
    double elapsedSeconds = 0.0;
    double etaSeconds = 0.0;
    std::string phase;           // "loading", "encoding", "warm-up", "training", "testing", "saving"
};
using TrainingProgressCallback = std::function<void(const TrainingProgress&)>;

// Pause, resume and cancel from any thread (a GUI button, a signal handler); the job polls it
// between steps. Cancelling a paused job wakes it and cancels it.
class TrainingControl {
public:
    TrainingControl();
    ~TrainingControl();
    void pause();
    void resume();
    void cancel();
    bool isPaused() const;
    bool isCancelled() const;

    struct Impl;                 // shared with the implementation (wraps core/train's CancelToken)
    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

struct TrainingRequest {
    nlohmann::json config = nlohmann::json::object(); // a RunConfig; missing fields keep defaults
    std::string storePath;        // "" = do not record in a store
    std::int64_t resumeRunId = 0; // > 0: resume that store run from its last checkpoint (config ignored)
    int checkpointEvery = 0;      // steps between resumable checkpoints; 0 = defaultCheckpointEvery(config)
    int threads = 0;              // > 0: CPU threads in place of the config's models.threads (a resumed
                                  // run keeps its recorded config, so this is how it gets more cores)
};

struct TrainingOutcome {
    std::int64_t runId = 0;       // 0 without a store
    std::string runDir;           // the run folder (config.json, checkpoint.safetensors, metrics.json)
    std::string status;           // "finished" or "cancelled" (errors are thrown)
    int resumedFromStep = 0;      // 0 for a fresh run
    nlohmann::json metrics = nlohmann::json::object(); // what metrics.json holds
};

// The default RunConfig with every field (what `persona train --print-default-config` prints).
nlohmann::json defaultRunConfig();

// The named presets (core/train/presets.h), in the Method view's order.
struct PresetInfo {
    std::string name, title, description;
};
std::vector<PresetInfo> runPresets();
// A preset's full run config (every field). ConfigError listing the names for an unknown one.
nlohmann::json presetRunConfig(const std::string& name);
// The run config a command line asks for: the preset's (or the default) config, then the fields of
// the JSON file `configPath` (when not empty) merged over it, then `dataset` (when not empty) as
// data.dataset; validated. The built-in relative paths of the default decoder, encoder and data
// folder ("models/...") that the file does not set become the ones defaultModelPaths() finds, so a
// preset trains from any working folder. Errors name the file or the preset.
nlohmann::json composeRunConfig(const std::string& preset, const std::string& configPath, const std::string& dataset);
// The checkpoint interval of a request that leaves checkpointEvery at 0, so a crashed run loses
// little and stays resumable: the config's train.evalEvery, or with evaluation only at the end a
// tenth of its steps (1 to kMaxCheckpointEvery). `runConfig` may leave fields out (defaults apply).
constexpr int kMaxCheckpointEvery = 50;
int defaultCheckpointEvery(const nlohmann::json& runConfig);
// Throws persona::ConfigError naming the field for an unknown field or an out-of-range value.
void validateRunConfig(const nlohmann::json& config);

// What `persona train --plan` prints, without training: the config's users per split (as the run
// would use them), the longest training sequence, the pass size (train.microBatchSize, -1
// resolved) and the memory estimate against the limit. Loads the models and builds the training
// examples (PERSOMA encodes their items, through the cache). Throws like runTraining, and the
// memory check's ConfigError (naming the micro-batch size that fits) when a step does not fit.
nlohmann::json planTraining(const nlohmann::json& config);

// Runs a training job to the end on the calling thread. Errors (bad config, missing files, a
// locked store, a diverging loss) are thrown as persona::Error subclasses; with a store the run is
// then marked failed with that message. A cancelled job returns status "cancelled" (the run is
// marked cancelled and stays resumable from its last checkpoint).
TrainingOutcome runTraining(const TrainingRequest& request, const TrainingProgressCallback& onProgress = {},
                            TrainingControl* control = nullptr);

} // namespace persona::api
