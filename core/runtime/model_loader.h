// Loads a decoder or an encoder from what users have on disk: a .gguf file or a Hugging Face folder
// (config.json + model.safetensors, or a sharded index), onto the chosen device and dtype, in eval
// mode with frozen base weights. Leaves out tokenizers (core/tokenizers) and generation.
#pragma once

#include "core/nn/bert_encoder.h"
#include "core/nn/llama_decoder.h"
#include "core/nn/model_config.h"
#include "core/runtime/device.h"

#include <torch/types.h>

#include <string>

namespace persona::tokenizers {
class Tokenizer;
}

namespace persona::runtime {

struct LoadOptions {
    std::string device = "auto"; // see resolveDevice
    DType dtype = DType::Float32;
};

struct LoadedDecoder {
    nn::LlamaDecoder model{nullptr};
    nn::LlamaConfig config;
    std::string path;    // the file or folder it came from
    std::string format;  // "gguf" or "safetensors"
    std::string device;  // resolved, e.g. "cpu"
    DType dtype = DType::Float32;
    double loadSeconds = 0.0;
};

struct LoadedEncoder {
    nn::BertEncoder model{nullptr};
    nn::BertConfig config;
    std::string path;
    std::string device;
    DType dtype = DType::Float32;
    double loadSeconds = 0.0;
};

// `path` is a .gguf file, a Hugging Face folder, or a .safetensors file with config.json beside it.
// Throws IoError when it does not exist, ConfigError for an unknown architecture (naming it and the
// file) or an unusable device, FormatError for a missing or unreadable tensor, ShapeError for a
// tensor of the wrong shape; every message names the file.
LoadedDecoder loadDecoder(const std::string& path, const LoadOptions& options = {});
// A Hugging Face BERT folder (or .safetensors with config.json beside it); errors as above.
LoadedEncoder loadEncoder(const std::string& path, const LoadOptions& options = {});

// Refuses a tokenizer whose ids reach past the model's embedding table (a vocabulary file from
// another model): ConfigError naming `path`, both counts and what it means. A smaller tokenizer
// is fine (tables are often padded).
void requireTokenizerFits(const tokenizers::Tokenizer& tokenizer, std::int64_t embeddingRows, const std::string& path);

torch::Device torchDevice(const std::string& request);
torch::ScalarType torchDtype(DType dtype);

} // namespace persona::runtime
