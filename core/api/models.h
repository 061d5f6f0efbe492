// Torch-free facade over the model stack for the CLI and the GUI: where the default models are,
// what the machine offers, and two engines (a text generator and a sentence encoder) behind pimpl.
// Leaves out training and the experiment store (their own api headers).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace persona::api {

// The default files. The folder is, in this order: $PERSONA_MODELS_DIR when set (and only it); for
// a program run from its build tree, the build's models/ folder; else the first of the user's data
// folder ($XDG_DATA_HOME/persona-workbench/models, ~/.local/share/... by default), the share folder
// beside the installed program (<prefix>/share/persona-workbench/models) and each of $XDG_DATA_DIRS
// (/usr/local/share:/usr/share by default) that holds the decoder file. When none does, the user's
// data folder: where a fetch puts them, and the place an error names.
struct ModelPaths {
    std::string modelsDir;
    std::string decoder; // SmolLM2-135M-Instruct GGUF
    std::string encoder; // all-MiniLM-L6-v2 folder
    std::string dataset; // MovieLens 100K (RecBole atomic files) folder
    std::vector<std::string> searched; // the folders looked in, in order (for messages)
};
ModelPaths defaultModelPaths();
// The same search with the environment, the running program and the build folder given (tests).
struct ModelSearch {
    std::string modelsDirEnv;   // $PERSONA_MODELS_DIR
    std::string xdgDataHome;    // $XDG_DATA_HOME
    std::string home;           // $HOME
    std::string xdgDataDirs;    // $XDG_DATA_DIRS
    std::string executable;     // the running program's path
    std::string buildDir;       // kBuildDir
    std::string buildModelsDir; // kDefaultModelsDir
};
ModelSearch currentModelSearch();
ModelPaths findModelPaths(const ModelSearch& search);

struct ModelStatus {
    std::string name; // "decoder", "encoder", "dataset"
    std::string path;
    bool present = false;
};

struct SystemInfo {
    std::string version;
    std::string torch;
    std::vector<std::string> devices; // "cpu", "cuda:0", ...
    int threads = 1;
    bool cpuBFloat16 = true; // the CPU computes bfloat16 natively (else bfloat16 is much slower than float32 there)
    // Memory this process may still use (MiB): MemAvailable, or a container's cgroup limit where
    // tighter (train::availableMemoryBytes, what training checks against); -1 where unknown.
    std::int64_t memoryAvailableMiB = -1;
    std::vector<ModelStatus> models;
};
SystemInfo systemInfo(const ModelPaths& paths = defaultModelPaths());

struct EngineOptions {
    std::string device = "auto"; // "auto", "cpu", "cuda", "cuda:N"
    std::string dtype = "float32"; // or "bfloat16"
    int threads = 0;             // 0: $PERSONA_NUM_THREADS or the core count
};

struct TokenList {
    std::vector<std::int32_t> ids;
    std::vector<std::string> tokens;
};

struct GenerateRequest {
    std::string prompt;
    bool chat = false;          // wrap the prompt as a user message in the model's chat template
    std::string system;         // system message for chat (empty: the template's default)
    int maxTokens = 64;
    double temperature = 0.0;   // 0: greedy
    double topP = 1.0;
    std::uint64_t seed = 0;
};

struct GenerateReply {
    std::string text;
    std::vector<std::int32_t> ids;
    int promptTokens = 0;
    int generatedTokens = 0;
    double tokensPerSecond = 0.0;   // decode rate with the KV cache
    double prefillTokensPerSecond = 0.0;
    double seconds = 0.0;
    std::string stopReason;
};

// A decoder and its tokenizer and chat template, loaded once and used for many requests.
class TextGenerator {
public:
    // `path`: a .gguf file or a Hugging Face folder. Throws persona::Error subclasses naming the
    // file (missing, malformed, unknown architecture, no tokenizer) or the device.
    static std::unique_ptr<TextGenerator> open(const std::string& path, const EngineOptions& options = {});
    ~TextGenerator();

    // `onText` receives each new piece of text as it is decoded; return false to stop.
    GenerateReply generate(const GenerateRequest& request,
                           const std::function<bool(const std::string&)>& onText = {}) const;
    TokenList tokenize(const std::string& text, bool addSpecial = false) const;
    std::string chatPrompt(const std::string& user, const std::string& system = {}) const;
    std::string device() const;
    std::string path() const;
    int contextLength() const; // positions the decoder was trained for

private:
    TextGenerator();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A sentence encoder (BERT, mean pooling, L2 normalisation) and its WordPiece tokenizer.
class SentenceEncoder {
public:
    // `path`: a Hugging Face folder (config.json, model.safetensors, tokenizer.json or vocab.txt).
    static std::unique_ptr<SentenceEncoder> open(const std::string& path, const EngineOptions& options = {});
    ~SentenceEncoder();

    // One unit-length vector per text, in order. Texts are cut to maxLength tokens.
    std::vector<std::vector<float>> embed(const std::vector<std::string>& texts) const;
    TokenList tokenize(const std::string& text, bool addSpecial = true) const;
    int dimension() const;
    int maxLength() const;
    std::string device() const;

private:
    SentenceEncoder();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace persona::api
