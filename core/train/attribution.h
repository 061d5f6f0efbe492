// Item attribution for one user of a run: what each shown history item does to the method's
// answer. Each item is left out in turn (and, for soft-prompt methods, its vector replaced by the
// mean of the shown items' vectors); every variant is generated and scored together, measuring
// the log-probability of the method's own answer on the full input and of the truth. For PERSOMA
// also the gradient-times-input salience of each item vector. Leaves out presentation (genre
// names, JSON: core/api/trained_run).
#pragma once

#include "core/methods/method.h"

#include <cstddef>
#include <limits>
#include <vector>

namespace persona::train {

class Run;

inline constexpr double kNoScore = std::numeric_limits<double>::quiet_NaN();

// One input of the attribution: the full one, one item left out, or one item's vector replaced.
struct AttributionVariant {
    methods::Example input;             // what the method was given
    methods::Prediction prediction;     // greedy, as the run generates
    double answerLogProb = kNoScore;    // log p(the full input's answer | this input), summed over tokens
    double truthLogProb = kNoScore;     // log p(the truth | this input)
};

struct ItemAttribution {
    std::size_t position = 0;           // into the user's history
    AttributionVariant leftOut;
    bool hasMeanVector = false;         // soft-prompt methods
    AttributionVariant meanVector;
    double salience = kNoScore;         // PERSOMA: d log p(answer) / d item · item
};

struct Attribution {
    AttributionVariant full;            // the full input
    std::vector<ItemAttribution> items; // in the order of example.positions
    bool scored = false;                // log-probabilities exist (methods with a decoder)
    int answerTokens = 0;               // tokens of the scored answer (the stop token included)
    double seconds = 0.0;
    double generateSeconds = 0.0;       // of which generating every variant
    double scoreSeconds = 0.0;          // scoring the answer and the truth under every variant
    double salienceSeconds = 0.0;       // PERSOMA's backward pass
};

// batchSize: inputs generated and scored together (0 = chosen from the input length). meanVector
// false skips the mean-vector variants of soft-prompt methods (half the inputs). A user whose
// sample shows one item only is a ConfigError (nothing is left when it is left out).
Attribution attributeItems(Run& run, const methods::Example& example, int batchSize = 0, bool meanVector = true);

} // namespace persona::train
