// Checkpoint tensors: what a method trained (adapter, task prompt, LoRA or decoder weights) saved as
// float32 safetensors, written atomically, and read back by name. Leaves out the run's JSON config
// (core/train/run.h), which records what the tensors belong to.
#pragma once

#include "core/methods/method.h"

#include <map>
#include <string>
#include <vector>

namespace persona::methods {

// Copies the tensors to CPU float32 and writes them. Throws IoError naming the file.
void saveCheckpoint(const std::string& path, const NamedTensors& tensors);
// Every tensor of the file as CPU float32. Throws IoError / FormatError naming the file.
std::map<std::string, torch::Tensor> loadCheckpoint(const std::string& path);

// A run folder's step checkpoints: <runDir>/checkpoints/step-<N>.safetensors.
struct StepCheckpoint {
    int step = 0;
    std::string path;
};
std::string stepCheckpointPath(const std::string& runDir, int step);
// The regular files named step-<N>.safetensors there, ascending step; empty when the folder is
// missing or unreadable.
std::vector<StepCheckpoint> listStepCheckpoints(const std::string& runDir);
// The step checkpoint of `step`: ConfigError naming the run folder and the steps it has when there
// is none ("saved steps: 15, 30" or "the run folder has no step checkpoints"). The one lookup
// behind `persona eval --run --checkpoint-step` and the Inspect view's checkpoint chooser.
StepCheckpoint requireStepCheckpoint(const std::string& runDir, int step);

} // namespace persona::methods
