// Checkpoint tensors: what a method trained (adapter, task prompt, LoRA or decoder weights) saved as
// float32 safetensors, written atomically, and read back by name. Leaves out the run's JSON config
// (core/train/run.h), which records what the tensors belong to.
#pragma once

#include "core/methods/method.h"

#include <map>
#include <string>

namespace persona::methods {

// Copies the tensors to CPU float32 and writes them. Throws IoError naming the file.
void saveCheckpoint(const std::string& path, const NamedTensors& tensors);
// Every tensor of the file as CPU float32. Throws IoError / FormatError naming the file.
std::map<std::string, torch::Tensor> loadCheckpoint(const std::string& path);

} // namespace persona::methods
