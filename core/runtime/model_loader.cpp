#include "core/runtime/model_loader.h"

#include "core/common/error.h"
#include "core/common/log.h"
#include "core/io/gguf_file.h"
#include "core/io/safetensors_file.h"
#include "core/nn/weight_map.h"
#include "core/tokenizers/tokenizer.h"

#include <chrono>
#include <filesystem>

namespace persona::runtime {

namespace fs = std::filesystem;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The config.json that describes `path` (a folder, or a .safetensors file beside one).
std::string configJsonFor(const std::string& path)
{
    std::error_code ec;
    const fs::path p(path);
    const fs::path config = fs::is_directory(p, ec) ? p / "config.json" : p.parent_path() / "config.json";
    if (!fs::is_regular_file(config, ec))
        throw ConfigError(path + ": no config.json found at " + config.string() + " (not a Hugging Face model folder)");
    return config.string();
}

void checkExists(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw IoError(path + ": no such file or folder");
}

// What every load starts with: the file must exist; the device and dtype resolved, with a warning
// where the dtype is slow on that device.
template <typename Loaded>
void beginLoad(Loaded& out, const std::string& path, const LoadOptions& options)
{
    checkExists(path);
    out.path = path;
    out.device = resolveDevice(options.device);
    out.dtype = options.dtype;
    if (const std::string slow = dtypeWarning(out.dtype, out.device); !slow.empty())
        log::warning(path + ": " + slow);
}

template <typename Module>
void place(Module& model, const std::string& device, DType dtype)
{
    model->to(torchDevice(device), torchDtype(dtype));
    model->eval();
}

} // namespace

torch::Device torchDevice(const std::string& request)
{
    return torch::Device(resolveDevice(request));
}

torch::ScalarType torchDtype(DType dtype)
{
    return dtype == DType::BFloat16 ? torch::kBFloat16 : torch::kFloat32;
}

LoadedDecoder loadDecoder(const std::string& path, const LoadOptions& options)
{
    const auto start = std::chrono::steady_clock::now();
    LoadedDecoder out;
    beginLoad(out, path, options);
    torch::NoGradGuard noGrad;
    std::error_code ec;
    std::unique_ptr<io::TensorSource> source;
    nn::CheckpointFormat format = nn::CheckpointFormat::HuggingFace;
    if (!fs::is_directory(path, ec) && endsWith(path, ".gguf")) {
        auto file = io::GgufFile::open(path);
        out.config = nn::llamaConfigFromGguf(*file);
        out.format = "gguf";
        format = nn::CheckpointFormat::Gguf;
        source = std::move(file);
    } else if (fs::is_directory(path, ec) || endsWith(path, ".safetensors")) {
        out.config = nn::llamaConfigFromJson(configJsonFor(path));
        out.format = "safetensors";
        source = io::openSafetensors(path);
    } else {
        throw ConfigError(path + ": not a model (expected a .gguf file or a Hugging Face folder)");
    }
    {
        nn::SkipInitScope skipInit;
        out.model = nn::LlamaDecoder(out.config);
    }
    nn::loadLlamaWeights(*out.model, *source, format);
    if (out.dtype == DType::BFloat16 && torchDevice(out.device).is_cpu())
        out.model->keepFileBlocks();
    place(out.model, out.device, out.dtype);
    out.loadSeconds = secondsSince(start);
    log::info("loaded decoder " + path + " (" + std::to_string(out.config.layers) + " layers, " + out.device + ", " +
              dtypeName(out.dtype) + ") in " + std::to_string(out.loadSeconds) + " s");
    return out;
}

void requireTokenizerFits(const tokenizers::Tokenizer& tokenizer, std::int64_t embeddingRows, const std::string& path)
{
    const auto tokens = static_cast<std::int64_t>(tokenizer.vocabSize());
    if (tokens > embeddingRows)
        throw ConfigError(path + ": the tokenizer has " + std::to_string(tokens) +
                          " tokens but the model's embedding table has " + std::to_string(embeddingRows) +
                          " rows; the vocabulary file belongs to another model");
}

LoadedEncoder loadEncoder(const std::string& path, const LoadOptions& options)
{
    const auto start = std::chrono::steady_clock::now();
    LoadedEncoder out;
    beginLoad(out, path, options);
    torch::NoGradGuard noGrad;
    std::error_code ec;
    if (!fs::is_directory(path, ec) && !endsWith(path, ".safetensors"))
        throw ConfigError(path + ": not an encoder (expected a Hugging Face BERT folder)");
    const std::string config = configJsonFor(path);
    out.config = nn::bertConfigFromJson(config);
    auto source = io::openSafetensors(path);
    {
        nn::SkipInitScope skipInit;
        out.model = nn::BertEncoder(out.config);
    }
    nn::loadBertWeights(*out.model, *source);
    place(out.model, out.device, out.dtype);
    out.loadSeconds = secondsSince(start);
    return out;
}

} // namespace persona::runtime
