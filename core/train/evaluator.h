// Scores a method on examples: greedy generation, then for the genre task genre parsing and
// class-weighted P/R/F1 (the PERSOMA metric), for the next-item task ROUGE-1, ROUGE-L and
// Persona-F1 (the MiLP metrics); optionally the mean target loss, and per-user predictions for
// display. Leaves out training (trainer.h).
#pragma once

#include "core/common/cancel_token.h"
#include "core/data/dataset.h"
#include "core/eval/classification_metrics.h"
#include "core/methods/method.h"

#include <nlohmann/json_fwd.hpp>

#include <limits>
#include <string>
#include <vector>

namespace persona::train {


struct UserPrediction {
    std::size_t user = 0;
    std::string userKey;
    std::string text;
    eval::ParsedGenres parsed;
    data::GenreLabels truth;
    double f1 = 0.0; // weighted F1 of this user alone (genre task; NaN for the next-item task)
    int inputTokens = 0;
    double seconds = 0.0;
    // Next-item task (NaN for the genre task): the target text and this user's F-measures.
    std::string target;
    double rouge1 = std::numeric_limits<double>::quiet_NaN();
    double rougeL = std::numeric_limits<double>::quiet_NaN();
    double personaF1 = std::numeric_limits<double>::quiet_NaN();
};

struct EvalResult {
    eval::ClassificationReport report;
    double loss = std::numeric_limits<double>::quiet_NaN(); // mean target loss, NaN when not computed
    // The same loss with every user's history (item vectors, prompt) swapped for the next user's:
    // above `loss` by as much as the targets depend on the user's own history; equal when the
    // method ignores it. NaN when the loss is not computed, when EvalOptions::swappedHistoryLoss
    // is off, or for fewer than two users.
    double swappedHistoryLoss = std::numeric_limits<double>::quiet_NaN();
    double meanInputTokens = 0.0;
    double seconds = 0.0;
    std::vector<UserPrediction> predictions;
    // The task of the examples. Next item: the means over users of ROUGE-1 F, ROUGE-L F and
    // Persona-F1 (NaN for the genre task, and for no examples); `report` then stays empty
    // (samples 0, every score 0).
    methods::TaskKind task = methods::TaskKind::Genres;
    double rouge1 = std::numeric_limits<double>::quiet_NaN();
    double rougeL = std::numeric_limits<double>::quiet_NaN();
    double personaF1 = std::numeric_limits<double>::quiet_NaN();
    // Genre task: the weighted F1 of the predictions against other users' truths
    // (eval::crossUserF1); NaN for the next-item task and for fewer than two users.
    double crossUserF1 = std::numeric_limits<double>::quiet_NaN();
    // Genre task, methods with a readout (methods::Method::readout; PERSOMA with summary tokens):
    // the weighted F1 of the answers the soft tokens spell, before the decoder reads them. NaN
    // otherwise.
    double readoutF1 = std::numeric_limits<double>::quiet_NaN();
    // Soft-prompt methods (NaN otherwise): the mean L2 norm of the user soft tokens, the decoder's
    // mean vocabulary-embedding norm beside it, and how much the users' tokens differ: the mean
    // distance of each user's mean token from the mean over users, over the mean user token's
    // norm (0 = every user gets the same tokens).
    double userTokenNorm = std::numeric_limits<double>::quiet_NaN();
    double vocabularyNorm = std::numeric_limits<double>::quiet_NaN();
    double userTokenSpread = std::numeric_limits<double>::quiet_NaN();
};

struct EvalOptions {
    runtime::GenerationOptions generation; // greedy by default
    bool computeLoss = true;               // for methods with a decoder
    bool swappedHistoryLoss = true;        // with computeLoss: EvalResult::swappedHistoryLoss too
    int lossBatchSize = 8;
    // Users generated together (runtime::generateBatch); 0 = as many as fit in memory, in chunks
    // of 32 users. 1 = one at a time.
    int generationBatch = 0;
};

// Runs without autograd and in eval mode (restores training mode after). `cancel` may be null.
// The task is taken from the examples (Example::task); a mix of tasks is a ConfigError.
EvalResult evaluateMethod(methods::Method& method, const std::vector<methods::Example>& examples,
                          const data::Dataset& ds, const EvalOptions& options, CancelToken* cancel = nullptr);

// Weighted F1 of one user's prediction.
double userF1(const data::Dataset& ds, const data::GenreLabels& truth, const eval::ParsedGenres& parsed);

// The scores of an evaluation as metrics.json and `persona eval` show them: weighted F1, precision,
// recall, users, mean input tokens, seconds, loss (null when not computed), task, and for the next
// item ROUGE-1 / ROUGE-L / Persona-F1 means (null when NaN; users counted from the predictions),
// distinctOutputs, swappedHistoryLoss (null when NaN), for the genre task crossUserF1 (null
// when NaN), and for soft-prompt methods userTokenNorm, vocabularyNorm and userTokenSpread.
nlohmann::json evalSummaryJson(const EvalResult& result);

// How many different output texts the users got: 1 means one answer for everyone (a method that
// learnt the population's favourites, not the user), the user count means every answer differs.
std::size_t distinctOutputs(const EvalResult& result);

struct NextItemScores {
    double rouge1 = 0.0;    // ROUGE-1 F of the output against example.targetText
    double rougeL = 0.0;    // ROUGE-L F, same
    double personaF1 = 0.0; // unigram F1 against data::nextItemHistoryText of example.positions
};
// One next-item output scored with core/eval/text_metrics.
NextItemScores scoreNextItem(const data::Dataset& ds, const methods::Example& example, const std::string& output);

// The task's main metric, used for validation and early stopping (the trainer's "valF1"):
// weighted F1 for the genre task, mean ROUGE-L F for the next-item task.
double mainMetric(const EvalResult& result);
const char* mainMetricName(methods::TaskKind task); // "f1", "rougeL"

} // namespace persona::train
