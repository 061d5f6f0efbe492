// The resumable state of a training loop after a step: the step, the AdamW moments, the
// early-stopping state, the smoothed loss and counters, the data-order position and the torch RNG,
// with the method's trained tensors; saved into a run's resume/ folder and read back. Leaves out
// the loop itself (trainer.h) and the store (core/api/training.cpp).
#pragma once

#include "core/methods/method.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace persona::train {

struct EvalPoint {
    int step = 0;
    double valLoss = 0.0;
    double valF1 = 0.0;
};

struct TrainState {
    int step = 0;                // optimiser steps done
    bool pendingEval = false;    // cancelled while evaluating `step`: redo that evaluation first
    bool finished = false;       // the loop ended (last step or early stop): nothing left to train
    std::vector<double> losses;  // one per step done
    std::vector<EvalPoint> evals;
    double smoothedLoss = 0.0;
    double tokens = 0.0;         // decoder tokens processed so far
    double elapsedSeconds = 0.0; // training time so far (a resume continues the clock)
    // early stopping
    int bestStep = 0;
    double bestValF1 = std::numeric_limits<double>::quiet_NaN();
    int evalsWithoutGain = 0;
    methods::NamedTensors best;  // the best state so far (empty before the first evaluation)
    // AdamW, one entry per tensor of Method::parameters(), in that order; undefined tensors (and
    // step 0) where the optimiser has no state for the parameter yet.
    std::vector<torch::Tensor> expAvg;
    std::vector<torch::Tensor> expAvgSq;
    std::vector<std::int64_t> adamSteps;
    // data order: the seeded shuffle is replayed `shuffles` times (the first one included), then
    // `cursor` examples of that order were consumed.
    std::uint64_t shuffles = 0;
    std::size_t cursor = 0;
    torch::Tensor torchRng;      // CPU generator state (uint8), undefined when not captured
    methods::NamedTensors current; // the method's trainedState() at `step`
};

// Writes `dir`/state-<step>.safetensors and then `dir`/state.json naming it, each atomically (the
// JSON is the commit point, so a kill leaves the previous complete state), and removes older
// state-*.safetensors. Creates `dir`. Throws IoError naming the file.
void saveTrainState(const std::string& dir, const TrainState& state);
// Whether `dir`/state.json exists.
bool hasTrainState(const std::string& dir);
// Reads what saveTrainState wrote. Throws IoError / FormatError naming the file.
TrainState loadTrainState(const std::string& dir);

} // namespace persona::train
