// Scores a method on examples: greedy generation, genre parsing and class-weighted P/R/F1 (the
// PERSOMA metric), optionally the mean target loss, and per-user predictions for display.
// Leaves out training (trainer.h).
#pragma once

#include "core/data/dataset.h"
#include "core/eval/classification_metrics.h"
#include "core/methods/method.h"

#include <limits>
#include <string>
#include <vector>

namespace persona::train {

class CancelToken;

struct UserPrediction {
    std::size_t user = 0;
    std::string userKey;
    std::string text;
    eval::ParsedGenres parsed;
    data::GenreLabels truth;
    double f1 = 0.0; // weighted F1 of this user alone
    int inputTokens = 0;
    double seconds = 0.0;
};

struct EvalResult {
    eval::ClassificationReport report;
    double loss = std::numeric_limits<double>::quiet_NaN(); // mean target loss, NaN when not computed
    double meanInputTokens = 0.0;
    double seconds = 0.0;
    std::vector<UserPrediction> predictions;
};

struct EvalOptions {
    runtime::GenerationOptions generation; // greedy by default
    bool computeLoss = true;               // for methods with a decoder
    int lossBatchSize = 8;
};

// Runs without autograd and in eval mode (restores training mode after). `cancel` may be null.
EvalResult evaluateMethod(methods::Method& method, const std::vector<methods::Example>& examples,
                          const data::Dataset& ds, const EvalOptions& options, CancelToken* cancel = nullptr);

// Weighted F1 of one user's prediction.
double userF1(const data::Dataset& ds, const data::GenreLabels& truth, const eval::ParsedGenres& parsed);

} // namespace persona::train
