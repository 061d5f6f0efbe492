// Torch-free reading of a run's personalization diagnostics (an evaluation summary as metrics.json
// and `persona eval --run --json` write it): does the run answer different users differently and
// read their histories? One verdict, in plain words, for the CLI, the Training view's summary and
// the Runs view. Leaves out computing the figures (core/train/evaluator.h).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <limits>
#include <string>
#include <vector>

namespace persona::store {
struct MetricSummary;
}

namespace persona::api {

enum class Personalization { Unknown, None, Weak, Personal };
const char* personalizationName(Personalization p); // "unknown", "none", "weak", "personal"

struct PersonalizationReport {
    Personalization level = Personalization::Unknown;
    double users = std::numeric_limits<double>::quiet_NaN();
    double distinctOutputs = std::numeric_limits<double>::quiet_NaN();
    double f1 = std::numeric_limits<double>::quiet_NaN();
    double crossUserF1 = std::numeric_limits<double>::quiet_NaN();
    double personalF1 = std::numeric_limits<double>::quiet_NaN(); // f1 - crossUserF1
    double lossGap = std::numeric_limits<double>::quiet_NaN();    // swappedHistoryLoss - loss
    double userTokenNorm = std::numeric_limits<double>::quiet_NaN();
    double vocabularyNorm = std::numeric_limits<double>::quiet_NaN();
    double userTokenSpread = std::numeric_limits<double>::quiet_NaN();
    double readoutF1 = std::numeric_limits<double>::quiet_NaN(); // what the summary tokens spell (PERSOMA sketch)
    std::string sentence; // English, plain words: "Answers every one of the 94 users alike ..."
};

// The thresholds: None when every user got the same answer (or, for soft prompts, the users'
// tokens differ by under 1 %); Weak when under a fifth of the users got an answer of their own, or
// the answers fit the user's own truth less than 0.02 F1 better than other users' truths, or a
// swapped history changes the loss by under 0.005; Personal otherwise. Unknown without figures
// (a next-item run has no crossUserF1: it is judged on distinct answers and the loss gap).
PersonalizationReport personalizationReport(const nlohmann::json& evaluation);

// The same test figures as an evaluation summary, read from a stored run's last metric values
// (test_f1 -> f1, test_users -> users, ...: the names training writes them under).
nlohmann::json testMetricsFromStore(const std::vector<store::MetricSummary>& metrics);

} // namespace persona::api
