// An evaluation broken down by user attribute (core/data/user_attributes.h): for each value of
// each attribute asked for, its users, F1, crossUserF1 and distinct answers (genre task) or mean
// ROUGE-L (next item), so an analyst sees for which kinds of users personalization fails.
// Leaves out reading the attributes and running the evaluation.
#pragma once

#include "core/data/user_attributes.h"
#include "core/train/evaluator.h"

#include <nlohmann/json_fwd.hpp>

#include <limits>
#include <string>
#include <vector>

namespace persona::train {

struct SliceScores {
    std::string attribute, value;
    std::size_t users = 0;
    double f1 = std::numeric_limits<double>::quiet_NaN();          // genre task: weighted F1 of the slice
    double crossUserF1 = std::numeric_limits<double>::quiet_NaN(); // genre task; NaN under two users
    std::size_t distinctOutputs = 0;
    double rougeL = std::numeric_limits<double>::quiet_NaN();      // next-item task: mean over the slice
};

// Checks the names first (ConfigError naming the unknown one and listing the dataset's), then one
// SliceScores per attribute value with users, attribute by attribute in `by` order, values in
// attributeValueLess order. The users of each attribute's slices add up to the evaluation's.
std::vector<SliceScores> sliceEvaluation(const data::Dataset& ds, const EvalResult& result,
                                         const data::UserAttributes& attributes, const std::vector<std::string>& by);
// ConfigError for a name the dataset does not have (before any evaluation runs).
void checkSliceAttributes(const data::Dataset& ds, const data::UserAttributes& attributes,
                          const std::vector<std::string>& by);

// [{"attribute", "value", "users", "f1", "crossUserF1", "distinctOutputs", "rougeL"}], NaN as null.
nlohmann::json slicesJson(const std::vector<SliceScores>& slices);

} // namespace persona::train
