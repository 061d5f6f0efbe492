// safetensors reader (one file, or a Hugging Face folder with model.safetensors or a sharded
// model.safetensors.index.json). The header's length and every data offset are checked against the
// file before anything is read. F32, F16 and BF16 data convert to float32.
#pragma once

#include "core/io/tensor_source.h"

#include <memory>
#include <string>

namespace persona::io {

// Throws IoError / FormatError naming the file and the problem.
std::unique_ptr<TensorSource> openSafetensors(const std::string& fileOrFolder);

} // namespace persona::io
