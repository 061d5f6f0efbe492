// Architecture hyper-parameters of the supported models, read from GGUF metadata or a Hugging Face
// config.json. Torch-free. Leaves out tensors (weight_map.h) and tokenizers (core/tokenizers).
#pragma once

#include <cstdint>
#include <string>

namespace persona::io {
class GgufFile;
}

namespace persona::nn {

struct LlamaConfig {
    std::int64_t vocabSize = 0;
    std::int64_t hidden = 0;
    std::int64_t intermediate = 0;
    std::int64_t layers = 0;
    std::int64_t heads = 0;
    std::int64_t kvHeads = 0;
    std::int64_t headDim = 0;          // hidden / heads unless the file says otherwise
    std::int64_t maxPositions = 2048;
    double ropeTheta = 10000.0;
    double rmsEps = 1e-5;
    bool tiedEmbeddings = true;        // no separate lm head: logits use the input embedding matrix

    // Throws ConfigError naming `origin` when a value is missing, non-positive or inconsistent.
    void validate(const std::string& origin) const;
};

struct BertConfig {
    std::int64_t vocabSize = 0;
    std::int64_t hidden = 0;
    std::int64_t intermediate = 0;
    std::int64_t layers = 0;
    std::int64_t heads = 0;
    std::int64_t maxPositions = 512;
    std::int64_t typeVocabSize = 2;
    double layerNormEps = 1e-12;

    void validate(const std::string& origin) const;
};

// general.architecture must be "llama"; reads the llama.* keys. tiedEmbeddings is true when the file
// has no "output.weight". Throws ConfigError naming the file and the architecture or key.
LlamaConfig llamaConfigFromGguf(const io::GgufFile& file);

// config.json of a LlamaForCausalLM (model_type "llama"). Throws IoError when the file cannot be
// read, FormatError when it is not JSON or too large, ConfigError for an unknown model type or a
// missing / invalid value; every message names the file.
LlamaConfig llamaConfigFromJson(const std::string& configPath);

// config.json of a BERT model (model_type "bert"); errors as above.
BertConfig bertConfigFromJson(const std::string& configPath);

// The "model_type" of a config.json (or the first "architectures" entry when model_type is absent);
// errors as above. Lets the loader pick the architecture before reading the rest.
std::string modelTypeFromJson(const std::string& configPath);

} // namespace persona::nn
