// Checkpoint tensor name -> module parameter tables, one per architecture and file flavour (GGUF,
// Hugging Face safetensors), and the loader that copies tensors through them with shape checks.
// Leaves out opening files and picking the architecture (runtime/model_loader.h).
#pragma once

#include "core/nn/model_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}
namespace persona::io {
class TensorSource;
}

namespace persona::nn {

class LlamaDecoderImpl;
class BertEncoderImpl;

enum class CheckpointFormat { Gguf, HuggingFace };

struct WeightEntry {
    std::string checkpointName;       // "blk.0.attn_q.weight" / "model.layers.0.self_attn.q_proj.weight"
    std::string parameterName;        // "layers.0.self_attn.q_proj.weight"
    std::vector<std::int64_t> shape;  // expected, PyTorch order
    // llama.cpp's converter interleaves the rows of attn_q / attn_k per head for its RoPE; > 0 means
    // "undo that with this many heads" (heads for q, kv heads for k).
    std::int64_t unpermuteHeads = 0;
};

std::vector<WeightEntry> llamaWeightMap(const LlamaConfig& config, CheckpointFormat format);
// prefix is "" or "bert." (checkpoints saved from BertForMaskedLM and friends).
std::vector<WeightEntry> bertWeightMap(const BertConfig& config, const std::string& prefix);

// Copies every entry of `map` from `source` into the parameters of `module`. Throws FormatError
// naming the file and tensor when a tensor is missing (or unreadable), ShapeError naming the file,
// the tensor and both shapes when a shape differs. Runs without autograd.
void loadWeights(torch::nn::Module& module, const io::TensorSource& source, const std::vector<WeightEntry>& map);

// The two architectures' loaders: pick the table and load. The format decides the names.
void loadLlamaWeights(LlamaDecoderImpl& model, const io::TensorSource& source, CheckpointFormat format);
void loadBertWeights(BertEncoderImpl& model, const io::TensorSource& source);

// Inverse of convert_hf_to_gguf.py's permute for a row-major [rows, cols] matrix, in place on a
// copy: rows = heads * headDim. Exposed for tests.
std::vector<float> unpermuteRows(const std::vector<float>& data, std::int64_t rows, std::int64_t cols, std::int64_t heads);

} // namespace persona::nn
