// A run: a RunConfig made real (dataset, split, models, method), trained and saved as a folder
// (config.json + checkpoint.safetensors + metrics.json, each written atomically), or reopened
// from such a folder for eval, predict and soft-prompt neighbours. Leaves out the CLI and the store.
#pragma once

#include "core/common/cancel_token.h"
#include "core/data/dataset.h"
#include "core/data/user_split.h"
#include "core/methods/item_encoder.h"
#include "core/methods/method.h"
#include "core/methods/neighbours.h"
#include "core/runtime/model_loader.h"
#include "core/tokenizers/tokenizer.h"
#include "core/train/evaluator.h"
#include "core/train/memory_estimate.h"
#include "core/train/run_config.h"
#include "core/train/trainer.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace persona::methods {
class PersomaMethod;
}

namespace persona::train {


// Optional extras of Run::trainAndSave: resume/checkpoint hooks of the training loop, the phase the
// job enters ("encoding", "warm-up" (PERSOMA's sketch warm-up), "training", "testing", "saving") and
// the scored test split.
struct RunHooks {
    TrainHooks train;
    std::function<void(const std::string& phase)> onPhase;
    std::function<void(const EvalResult& test)> onTest;
};

class Run {
public:
    // Validates the config, loads the dataset, splits users, loads the models the method needs and
    // builds a fresh method seeded with train.seed. Every error (missing file, bad value, unknown
    // user) is thrown here, before any training.
    //
    // shareFrozenDecoder: when the method leaves the decoder as loaded (decoder mode frozen, no
    // LoRA added: PERSOMA frozen, zero-shot), take it from the process-wide cache
    // (runtime::sharedDecoder) so runs over one file hold one copy (issue 33, defect 7); whoever
    // runs the model then holds decoderMutex(). Viewers only: training changes modes and caches.
    explicit Run(RunConfig config, bool shareFrozenDecoder = false);
    // Reopens `dir`: its config.json, then the checkpoint (ConfigError when it was trained with
    // another decoder; ShapeError naming the tensor when a shape differs). device "" keeps the
    // config's device.
    //
    // `other` (when given) opens the run on another dataset than it was trained on: its users and
    // items are read from there with the run's trained state, which works when that dataset's
    // item catalogue speaks the run's language: the same genres (the adapters' and the genre
    // task's inputs and outputs). ConfigError naming both datasets and the genres when not, or when
    // the run's own dataset cannot be read to check it.
    struct OtherDataset {
        std::string dataset;               // a dataset folder or file
        std::uint32_t minItemRatings = 20; // the loader's item filter, as the data is shown
    };
    static std::unique_ptr<Run> open(const std::string& dir, const std::string& device = "",
                                     const OtherDataset* other = nullptr, bool shareFrozenDecoder = false);
    // The lock of a decoder shared with other runs (hold it while running the model); null when
    // this run's decoder is its own.
    std::shared_ptr<std::mutex> decoderMutex() const { return m_decoderMutex; }

    // The first maxUsers users (0 = all) of a split: their indices, and as examples.
    std::vector<std::size_t> users(data::Split split, std::size_t maxUsers) const;
    std::vector<methods::Example> examples(data::Split split, std::size_t maxUsers);
    // One user by key (any split). ConfigError when the key is unknown.
    methods::Example example(const std::string& userKey);
    // Puts another history in place of a user's and returns the one it replaced (what-if
    // histories: the caller puts the original back, also on errors).
    std::vector<data::Interaction> swapUserHistory(std::size_t user, std::vector<data::Interaction> history);
    // The same example shown other history positions (methods::withPositions with this run's
    // options, tokenizer and history encoder).
    methods::Example exampleWithPositions(const methods::Example& base, const std::vector<std::size_t>& positions);

    // Trains (when the method is trainable), scores the test split and writes the run folder.
    // Returns the metrics written to metrics.json.
    nlohmann::json trainAndSave(const ProgressCallback& progress = {}, CancelToken* cancel = nullptr,
                                const RunHooks& hooks = {});
    // generationBatch >= 0 replaces train.eval's (users generated together; 0 = automatic).
    EvalResult evaluate(data::Split split, std::size_t maxUsers, CancelToken* cancel = nullptr, int generationBatch = -1);
    // PERSOMA only (ConfigError otherwise): the user's [P_u ; T] against the vocabulary.
    methods::NeighbourReport neighbours(const std::string& userKey, std::int64_t k, double threshold = 0.5);
    // Writes config.json and checkpoint.safetensors (and metrics.json when given) into dir.
    void save(const std::string& dir, const nlohmann::json& metrics = nullptr);

    const RunConfig& config() const { return m_config; }
    // config().exampleOptions() with what the run computed for them: retrieval sampling's vectors.
    methods::ExampleOptions exampleOptions() const;
    const data::Dataset& dataset() const { return m_ds; }
    const data::UserSplit& split() const { return m_split; }
    methods::Method& method() { return *m_method; }
    methods::PersomaMethod* persoma(); // null for other methods
    // What a method fits on the training examples before its first step: PERSOMA's item
    // standardization (persoma.standardizeItems) and answer-sketch vocabulary (persoma.sketchWeight
    // > 0), then with warmUp the sketch's warm-up (persoma.sketchWarmupSteps) on trainSet and fresh
    // history samples of the training users. trainAndSave calls it; a caller that trains the method
    // itself (bench --train) calls it first. Returns what the warm-up did ({"sketchWarmup": {steps,
    // examples, seconds, sketchLoss}}), an empty object when none ran.
    // onPhase, when given, hears "warm-up" before the warm-up starts.
    nlohmann::json prepareTraining(const std::vector<methods::Example>& trainSet, bool warmUp = true,
                                   const std::function<void(const std::string&)>& onPhase = {});
    const tokenizers::Tokenizer* decoderTokenizer() const { return m_tokenizer.get(); }
    std::int64_t trainableParameterCount();
    // What core/train/memory_estimate needs to estimate training on these examples (their longest
    // sequence and target, the decoder, the dtype, the batch settings). ConfigError for Counting.
    TrainingMemoryInput trainingMemoryInput(const std::vector<methods::Example>& trainSet);
    // The memory check trainAndSave runs before the first step: the limit (train.memoryLimitMiB,
    // else the memory available; none on a GPU or with -1), train.microBatchSize with -1 resolved,
    // and the estimate. Throws the check's ConfigError when the step does not fit.
    TrainingMemoryPlan planMemory(const std::vector<methods::Example>& trainSet);

private:
    // Bad data for this config, before any model loads: data.historySize past every user's history,
    // a split that leaves no training user (when the run trains) or no test user. ConfigError.
    void checkDataFits() const;
    // The examples of these users, as the method reads them (its spec's input kind).
    std::vector<methods::Example> buildExamples(const std::vector<std::size_t>& userIndices, const methods::ExampleOptions& options);
    // PERSOMA with an answer sketch and persoma.sketchWarmupSteps > 0 (whatever train.steps says).
    bool warmsUp() const;

    RunConfig m_config;
    data::Dataset m_ds;
    data::UserSplit m_split;
    runtime::LoadedDecoder m_decoder;
    std::shared_ptr<void> m_sharedDecoder;      // keeps a cached decoder alive (shareFrozenDecoder)
    std::shared_ptr<std::mutex> m_decoderMutex; // its lock; null for an own decoder
    std::unique_ptr<tokenizers::Tokenizer> m_tokenizer;
    runtime::LoadedEncoder m_encoder;
    std::unique_ptr<tokenizers::Tokenizer> m_encoderTokenizer;
    std::unique_ptr<methods::HistoryEncoder> m_history;
    std::shared_ptr<const data::RetrievalIndex> m_retrieval; // data.sampling retrieval only
    std::unique_ptr<methods::Method> m_method;
    runtime::ThreadSetup m_threads;
};

} // namespace persona::train
