// Evaluating a trained run folder on a split, for `persona eval --run` and any front end that
// wants the same figures: the scores, the personalization diagnostics and, for the next-item
// task, the first outputs beside their targets. Torch-free. Leaves out predictions per user
// (trained_run.h) and evaluating a dataset baseline (core/eval/baselines.h).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace persona::api {

struct RunEvaluationRequest {
    std::string runDir;
    std::string split = "test";  // "train", "validation" (or "val"), "test"
    std::size_t maxUsers = 0;    // 0 = every user of the split
    std::string device;          // "" or "auto": the run's device
    int generationBatch = -1;    // users generated together; -1 = the run's setting, 0 = automatic
    int checkpointStep = -1;     // -1: the final state; otherwise a saved step (checkpoints/step-N)
    // User attributes to break the scores down by ("age", "gender", "occupation" where the dataset
    // has a user file; "history", "rating", "genres" always): the result's "slices". {"all"}: every
    // attribute the dataset has.
    std::vector<std::string> sliceBy;
    // The result's "perUser": one row per user (user, output, f1 or rougeL, liked, disliked,
    // truthLiked, truthDisliked, target), in split order.
    bool perUser = false;
};

// The run's evaluation summary (core/train/evaluator.h evalSummaryJson: f1 or ROUGE, loss,
// swappedHistoryLoss, distinctOutputs, crossUserF1, soft-token norms), plus "microF1", "run",
// "split", "method", "checkpointStep" when one was asked, and "examples" for the next-item task.
// With sliceBy, "slices" (train::slicesJson: attribute, value, users, f1, crossUserF1,
// distinctOutputs, rougeL) and "sliceAttributes" (every name the dataset offers); an unknown
// attribute is a ConfigError before anything is generated.
// ConfigError naming the run folder for an unknown split, a missing checkpoint step or a method
// without checkpoints; the reader's errors for a broken folder.
nlohmann::json evaluateRun(const RunEvaluationRequest& request);

} // namespace persona::api
