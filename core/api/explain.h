// Item attribution as files: the JSON of `persona explain --json` (one entry per shown history
// item, in "items") and a CSV with one row per item, for the CLI and the GUI's export. Leaves out
// computing it (TrainedRun::explain).
#pragma once

#include "core/api/trained_run.h"

#include <nlohmann/json.hpp>

#include <string>

namespace persona::api {

// {"user", "method", "dataset", "task", "output", "target", "f1" (genres) or "rougeL" (next item),
//  "scored", "answerLogProb", "truthLogProb", "answerTokens", "seconds", "items": [{"position",
//  "title", "rating", "leftOut": {"output", "f1"/"rougeL", "answerDelta", "truthDelta", "appeared",
//  "vanished"}, "meanVector": {...the same...} (soft-prompt methods), "salience" (PERSOMA)}]}.
// NaN is written as null.
nlohmann::json explainJson(const ExplainView& v);
// Whether a variant's answer differs from the full input's: other genres (the genre task: appeared
// or vanished not empty) or another text (the next-item task).
bool answerChanged(const UserPredictionView& full, const UserPredictionView& variant,
                   const std::vector<std::string>& appeared, const std::vector<std::string>& vanished);
// One row per item: position,title,rating,answer_delta,truth_delta,f1_without,output_without,
// appeared,vanished,mean_answer_delta,mean_truth_delta,salience ("nan" where a method has none).
std::string explainCsv(const ExplainView& v);

} // namespace persona::api
