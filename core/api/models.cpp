#include "core/api/models.h"

#include "core/common/build_info.h"
#include "core/common/error.h"
#include "core/io/gguf_file.h"
#include "core/runtime/device.h"
#include "core/runtime/generation.h"
#include "core/runtime/model_loader.h"
#include "core/tokenizers/chat_template.h"
#include "core/tokenizers/tokenizer.h"
#include "core/tokenizers/tokenizer_files.h"
#include "core/train/memory_estimate.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <numeric>

namespace fs = std::filesystem;

namespace persona::api {

namespace {

std::string envOr(const char* name)
{
    const char* v = std::getenv(name);
    return v ? v : "";
}

const fs::path kDecoderFile = fs::path("smollm2-135m-instruct") / "SmolLM2-135M-Instruct.Q4_1.gguf";

bool inside(const fs::path& file, const fs::path& folder)
{
    if (folder.empty() || file.empty())
        return false;
    const fs::path f = file.lexically_normal(), d = folder.lexically_normal();
    auto fi = f.begin();
    for (auto di = d.begin(); di != d.end(); ++di, ++fi) {
        if (di->empty()) // a trailing separator
            continue;
        if (fi == f.end() || *fi != *di)
            return false;
    }
    return true;
}

} // namespace

ModelSearch currentModelSearch()
{
    ModelSearch s;
    s.modelsDirEnv = envOr("PERSONA_MODELS_DIR");
    s.xdgDataHome = envOr("XDG_DATA_HOME");
    s.home = envOr("HOME");
    s.xdgDataDirs = envOr("XDG_DATA_DIRS");
    std::error_code ec;
    s.executable = fs::read_symlink("/proc/self/exe", ec).string();
    s.buildDir = kBuildDir;
    s.buildModelsDir = kDefaultModelsDir;
    return s;
}

ModelPaths findModelPaths(const ModelSearch& search)
{
    ModelPaths p;
    std::vector<fs::path> candidates;
    fs::path userDir;
    if (!search.modelsDirEnv.empty()) {
        candidates.push_back(search.modelsDirEnv);
    } else if (inside(search.executable, search.buildDir)) {
        candidates.push_back(search.buildModelsDir);
    } else {
        // The XDG base directory rules: a relative $XDG_DATA_HOME or entry is ignored.
        const fs::path dataHome = !search.xdgDataHome.empty() && fs::path(search.xdgDataHome).is_absolute()
                                      ? fs::path(search.xdgDataHome)
                                      : (search.home.empty() ? fs::path() : fs::path(search.home) / ".local" / "share");
        if (!dataHome.empty()) {
            userDir = dataHome / "persona-workbench" / "models";
            candidates.push_back(userDir);
        }
        if (!search.executable.empty()) // <prefix>/bin/persona -> <prefix>/share/persona-workbench/models
            candidates.push_back(fs::path(search.executable).parent_path().parent_path() / "share" / "persona-workbench" / "models");
        std::string dirs = search.xdgDataDirs.empty() ? "/usr/local/share:/usr/share" : search.xdgDataDirs;
        std::size_t start = 0;
        while (start <= dirs.size()) {
            const std::size_t colon = std::min(dirs.find(':', start), dirs.size());
            const fs::path dir = dirs.substr(start, colon - start);
            if (dir.is_absolute())
                candidates.push_back(dir / "persona-workbench" / "models");
            start = colon + 1;
        }
    }
    fs::path chosen;
    for (const fs::path& c : candidates) {
        const fs::path normal = c.lexically_normal();
        if (std::find(p.searched.begin(), p.searched.end(), normal.string()) != p.searched.end())
            continue;
        p.searched.push_back(normal.string());
        std::error_code ec;
        if (chosen.empty() && fs::is_regular_file(normal / kDecoderFile, ec))
            chosen = normal;
    }
    if (chosen.empty())
        chosen = !userDir.empty() ? userDir.lexically_normal() : (candidates.empty() ? fs::path("models") : candidates.front());
    p.modelsDir = chosen.string();
    p.decoder = (chosen / kDecoderFile).string();
    p.encoder = (chosen / "all-minilm-l6-v2").string();
    p.dataset = (chosen / "data" / "ml-100k").string();
    return p;
}

ModelPaths defaultModelPaths()
{
    return findModelPaths(currentModelSearch());
}

SystemInfo systemInfo(const ModelPaths& paths)
{
    SystemInfo info;
    info.version = kVersion;
    info.torch = runtime::torchVersion();
    info.devices = runtime::availableDevices();
    info.threads = runtime::configureThreads().threads;
    info.cpuBFloat16 = runtime::cpuHasNativeBFloat16();
    if (const auto bytes = train::availableMemoryBytes())
        info.memoryAvailableMiB = *bytes >> 20;
    info.models = {
        {"decoder", paths.decoder, fs::is_regular_file(paths.decoder)},
        {"encoder", paths.encoder, fs::is_regular_file(fs::path(paths.encoder) / "model.safetensors")},
        {"dataset", paths.dataset, fs::is_regular_file(fs::path(paths.dataset) / "ml-100k.inter")},
    };
    return info;
}

namespace {

runtime::LoadOptions loadOptions(const EngineOptions& options)
{
    runtime::configureThreads(options.threads);
    runtime::LoadOptions lo;
    lo.device = options.device;
    lo.dtype = runtime::resolveDType(options.dtype, runtime::resolveDevice(options.device));
    return lo;
}

TokenList tokenList(const tokenizers::Tokenizer& tok, const std::string& text, bool addSpecial)
{
    TokenList out;
    out.ids = tok.encode(text, addSpecial);
    out.tokens.reserve(out.ids.size());
    for (auto id : out.ids)
        out.tokens.push_back(tok.idToToken(id));
    return out;
}

// The chat template of a Hugging Face folder: tokenizer_config.json's chat_template when present,
// else SmolLM2's built-in one.
tokenizers::ChatTemplate folderChatTemplate(const fs::path& folder)
{
    const auto cfg = folder / "tokenizer_config.json";
    if (fs::is_regular_file(cfg)) {
        const auto j = tokenizers::readJsonFile(cfg.string());
        if (j.contains("chat_template") && j["chat_template"].is_string())
            return tokenizers::ChatTemplate::fromSource(j["chat_template"].get<std::string>(), cfg.string());
    }
    return tokenizers::ChatTemplate::smolLm2();
}

} // namespace

struct TextGenerator::Impl {
    runtime::LoadedDecoder decoder;
    std::unique_ptr<tokenizers::Tokenizer> tokenizer;
    tokenizers::ChatTemplate chat = tokenizers::ChatTemplate::smolLm2();
    std::vector<std::int64_t> stopIds;
};

TextGenerator::TextGenerator() : m_impl(std::make_unique<Impl>()) {}
TextGenerator::~TextGenerator() = default;

std::unique_ptr<TextGenerator> TextGenerator::open(const std::string& path, const EngineOptions& options)
{
    std::unique_ptr<TextGenerator> gen(new TextGenerator());
    auto& d = *gen->m_impl;
    d.decoder = runtime::loadDecoder(path, loadOptions(options));
    if (fs::is_directory(path)) {
        d.tokenizer = tokenizers::loadTokenizer(path);
        d.chat = folderChatTemplate(path);
    } else if (fs::path(path).extension() == ".gguf") {
        const auto gguf = io::GgufFile::open(path);
        d.tokenizer = tokenizers::loadTokenizer(*gguf);
        d.chat = gguf->hasKey("tokenizer.chat_template") ? tokenizers::ChatTemplate::fromGguf(*gguf)
                                                         : tokenizers::ChatTemplate::smolLm2();
    } else {
        d.tokenizer = tokenizers::loadTokenizer(fs::path(path).parent_path().string());
        d.chat = folderChatTemplate(fs::path(path).parent_path());
    }
    runtime::requireTokenizerFits(*d.tokenizer, d.decoder.config.vocabSize, path);
    // Stop at the end-of-sequence token and at the chat turn's end.
    if (auto eos = d.tokenizer->specialTokens().eos)
        d.stopIds.push_back(*eos);
    for (const char* name : {"<|im_end|>", "<|endoftext|>"})
        if (auto id = d.tokenizer->tokenToId(name))
            if (std::find(d.stopIds.begin(), d.stopIds.end(), *id) == d.stopIds.end())
                d.stopIds.push_back(*id);
    return gen;
}

std::string TextGenerator::chatPrompt(const std::string& user, const std::string& system) const
{
    std::vector<tokenizers::ChatMessage> messages;
    if (!system.empty())
        messages.push_back({"system", system});
    messages.push_back({"user", user});
    return m_impl->chat.apply(messages, true);
}

GenerateReply TextGenerator::generate(const GenerateRequest& request,
                                      const std::function<bool(const std::string&)>& onText) const
{
    auto& d = *m_impl;
    if (request.maxTokens < 1)
        throw ConfigError("generate: --max-tokens must be at least 1 (got " + std::to_string(request.maxTokens) + ")");
    const std::string prompt = request.chat ? chatPrompt(request.prompt, request.system) : request.prompt;
    const auto promptIds32 = d.tokenizer->encode(prompt, false);
    if (promptIds32.empty())
        throw ConfigError("generate: the prompt is empty");
    std::vector<std::int64_t> promptIds(promptIds32.begin(), promptIds32.end());

    runtime::GenerationOptions go;
    go.maxNewTokens = request.maxTokens;
    go.temperature = request.temperature;
    go.topP = request.topP;
    go.seed = request.seed;
    go.stopTokenIds = d.stopIds;

    // Streams text: decode everything so far and hand over what is new, holding back an incomplete
    // UTF-8 sequence (shown as U+FFFD at the end) until its last byte arrives.
    std::vector<std::int32_t> sofar;
    std::size_t emitted = 0;
    runtime::TokenCallback cb;
    if (onText) {
        cb = [&](std::int64_t id) {
            sofar.push_back(static_cast<std::int32_t>(id));
            const std::string text = d.tokenizer->decode(sofar, true);
            const std::string_view replacement = "\xEF\xBF\xBD";
            if (text.size() >= 3 && std::string_view(text).substr(text.size() - 3) == replacement)
                return true;
            if (text.size() > emitted) {
                const bool go_on = onText(text.substr(emitted));
                emitted = text.size();
                return go_on;
            }
            return true;
        };
    }
    const auto t0 = std::chrono::steady_clock::now();
    const auto res = runtime::generate(*d.decoder.model, promptIds, go, cb);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    GenerateReply reply;
    reply.ids.assign(res.ids.begin(), res.ids.end());
    reply.text = d.tokenizer->decode(reply.ids, true);
    reply.promptTokens = res.promptTokens;
    reply.generatedTokens = res.generatedTokens;
    reply.tokensPerSecond = res.decodeTokensPerSecond();
    reply.prefillTokensPerSecond = res.prefillTokensPerSecond();
    reply.seconds = seconds;
    reply.stopReason = res.stopReason;
    return reply;
}

TokenList TextGenerator::tokenize(const std::string& text, bool addSpecial) const
{
    return tokenList(*m_impl->tokenizer, text, addSpecial);
}

std::string TextGenerator::device() const { return m_impl->decoder.device; }
std::string TextGenerator::path() const { return m_impl->decoder.path; }
int TextGenerator::contextLength() const { return static_cast<int>(m_impl->decoder.config.maxPositions); }

struct SentenceEncoder::Impl {
    runtime::LoadedEncoder encoder;
    std::unique_ptr<tokenizers::Tokenizer> tokenizer;
    int maxLength = 256;
};

SentenceEncoder::SentenceEncoder() : m_impl(std::make_unique<Impl>()) {}
SentenceEncoder::~SentenceEncoder() = default;

std::unique_ptr<SentenceEncoder> SentenceEncoder::open(const std::string& path, const EngineOptions& options)
{
    std::unique_ptr<SentenceEncoder> enc(new SentenceEncoder());
    auto& d = *enc->m_impl;
    d.encoder = runtime::loadEncoder(path, loadOptions(options));
    const fs::path folder = fs::is_directory(path) ? fs::path(path) : fs::path(path).parent_path();
    d.tokenizer = tokenizers::loadTokenizer(folder.string());
    runtime::requireTokenizerFits(*d.tokenizer, d.encoder.config.vocabSize, path);
    // sentence-transformers cuts inputs at max_seq_length (256 for all-MiniLM-L6-v2).
    const auto st = folder / "sentence_bert_config.json";
    if (fs::is_regular_file(st)) {
        const auto j = tokenizers::readJsonFile(st.string());
        if (j.contains("max_seq_length") && j["max_seq_length"].is_number_integer())
            d.maxLength = j["max_seq_length"].get<int>();
    }
    d.maxLength = static_cast<int>(std::min<std::int64_t>(d.maxLength, d.encoder.config.maxPositions));
    return enc;
}

std::vector<std::vector<float>> SentenceEncoder::embed(const std::vector<std::string>& texts) const
{
    auto& d = *m_impl;
    std::vector<std::vector<float>> out(texts.size());
    if (texts.empty())
        return out;
    // Batches of similar length waste little on padding.
    std::vector<std::size_t> order(texts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return texts[a].size() < texts[b].size(); });
    constexpr std::size_t kBatch = 32;
    torch::InferenceMode guard;
    const auto device = d.encoder.model->device();
    for (std::size_t start = 0; start < order.size(); start += kBatch) {
        const std::size_t n = std::min(kBatch, order.size() - start);
        std::vector<std::string> batch;
        for (std::size_t i = 0; i < n; ++i)
            batch.push_back(texts[order[start + i]]);
        const auto enc = d.tokenizer->encodeBatch(batch, true, static_cast<std::size_t>(d.maxLength));
        const auto len = static_cast<std::int64_t>(enc.ids.front().size());
        auto ids = torch::empty({static_cast<std::int64_t>(n), len}, torch::kInt64);
        auto mask = torch::empty({static_cast<std::int64_t>(n), len}, torch::kInt64);
        auto ia = ids.accessor<std::int64_t, 2>();
        auto ma = mask.accessor<std::int64_t, 2>();
        for (std::size_t i = 0; i < n; ++i)
            for (std::int64_t j = 0; j < len; ++j) {
                ia[static_cast<std::int64_t>(i)][j] = enc.ids[i][static_cast<std::size_t>(j)];
                ma[static_cast<std::int64_t>(i)][j] = enc.attentionMask[i][static_cast<std::size_t>(j)];
            }
        const auto emb = d.encoder.model->encode(ids.to(device), mask.to(device)).to(torch::kCPU, torch::kFloat32).contiguous();
        const auto dim = emb.size(1);
        for (std::size_t i = 0; i < n; ++i) {
            const float* row = emb.data_ptr<float>() + static_cast<std::int64_t>(i) * dim;
            out[order[start + i]].assign(row, row + dim);
        }
    }
    return out;
}

TokenList SentenceEncoder::tokenize(const std::string& text, bool addSpecial) const
{
    return tokenList(*m_impl->tokenizer, text, addSpecial);
}

int SentenceEncoder::dimension() const { return static_cast<int>(m_impl->encoder.config.hidden); }
int SentenceEncoder::maxLength() const { return m_impl->maxLength; }
std::string SentenceEncoder::device() const { return m_impl->encoder.device; }

} // namespace persona::api
