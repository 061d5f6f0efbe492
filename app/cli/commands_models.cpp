// `persona generate`, `persona tokenize`, `persona embed` and `persona bench`: the model stack
// from the command line, over core/api (the same engines the GUI uses).
#include "app/cli/commands.h"

#include "core/api/benchmark.h"
#include "core/api/models.h"
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/store/store_bench.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace persona::cli {
namespace {

struct EngineFlags {
    std::string device = "auto";
    std::string dtype = "float32";
    int threads = 0;
    api::EngineOptions options() const { return {device, dtype, threads}; }
};

void addEngineFlags(CLI::App* cmd, EngineFlags& flags)
{
    cmd->add_option("--device", flags.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--dtype", flags.dtype, "float32, bfloat16 or auto (bfloat16 where the CPU or GPU computes it natively)")->capture_default_str();
    cmd->add_option("--threads", flags.threads, "CPU threads (0: all cores)")->capture_default_str();
}

void print(const nlohmann::json& j, bool pretty)
{
    std::cout << (pretty ? j.dump(2) : j.dump()) << std::endl;
}

void addGenerateCommand(CLI::App& app)
{
    struct Opts {
        EngineFlags engine;
        api::GenerateRequest request;
        std::string model;
        bool json = false;
    };
    static Opts o;
    auto* cmd = app.add_subcommand("generate", "Generate text with the decoder (greedy unless --temperature)");
    cmd->add_option("--prompt", o.request.prompt, "Prompt text")->required();
    cmd->add_flag("--chat", o.request.chat, "Wrap the prompt in the model's chat template");
    cmd->add_option("--system", o.request.system, "System message with --chat");
    cmd->add_option("--max-tokens", o.request.maxTokens, "New tokens at most")->capture_default_str()
        ->check(CLI::Range(1, 1 << 20));
    cmd->add_option("--temperature", o.request.temperature, "Sampling temperature (0: greedy)")
        ->check(CLI::Range(0.0, 100.0));
    cmd->add_option("--top-p", o.request.topP, "Nucleus sampling mass")->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--seed", o.request.seed, "Sampling seed");
    cmd->add_option("--model", o.model, "A .gguf file or Hugging Face folder (default: SmolLM2-135M-Instruct)");
    cmd->add_flag("--json", o.json, "Print JSON on stdout");
    addEngineFlags(cmd, o.engine);
    cmd->callback([] {
        runGuarded([] {
            const auto path = o.model.empty() ? api::defaultModelPaths().decoder : o.model;
            const auto gen = api::TextGenerator::open(path, o.engine.options());
            std::function<bool(const std::string&)> stream;
            if (!o.json)
                stream = [](const std::string& piece) {
                    std::cout << piece << std::flush;
                    return true;
                };
            const auto r = gen->generate(o.request, stream);
            if (!o.json) {
                std::cout << std::endl;
                std::fprintf(stderr, "persona: %d prompt tokens, %d generated, %.1f tokens/s (%s)\n", r.promptTokens,
                             r.generatedTokens, r.tokensPerSecond, gen->device().c_str());
                return 0;
            }
            print({{"text", r.text},
                   {"prompt_tokens", r.promptTokens},
                   {"generated_tokens", r.generatedTokens},
                   {"tokens_per_s", r.tokensPerSecond},
                   {"prefill_tokens_per_s", r.prefillTokensPerSecond},
                   {"seconds", r.seconds},
                   {"stop_reason", r.stopReason},
                   {"device", gen->device()}},
                  true);
            return 0;
        });
    });
}

void addTokenizeCommand(CLI::App& app)
{
    struct Opts {
        std::string model = "decoder";
        std::string text;
        std::string path;
        bool special = false;
        bool json = false;
    };
    static Opts o;
    auto* cmd = app.add_subcommand("tokenize", "Show the token ids and tokens of a text");
    cmd->add_option("--model", o.model, "decoder or encoder")->check(CLI::IsMember({"decoder", "encoder"}))
        ->capture_default_str();
    cmd->add_option("--text", o.text, "Text to tokenize")->required();
    cmd->add_option("--path", o.path, "Model file or folder instead of the default");
    cmd->add_flag("--special", o.special, "Add the special tokens the model puts around a sequence");
    cmd->add_flag("--json", o.json, "Print JSON on stdout");
    cmd->callback([] {
        runGuarded([] {
            const auto paths = api::defaultModelPaths();
            api::EngineOptions eo;
            eo.device = "cpu";
            api::TokenList t;
            if (o.model == "decoder")
                t = api::TextGenerator::open(o.path.empty() ? paths.decoder : o.path, eo)->tokenize(o.text, o.special);
            else
                t = api::SentenceEncoder::open(o.path.empty() ? paths.encoder : o.path, eo)->tokenize(o.text, true);
            if (o.json) {
                print({{"ids", t.ids}, {"tokens", t.tokens}}, true);
            } else {
                for (std::size_t i = 0; i < t.ids.size(); ++i)
                    std::cout << t.ids[i] << "\t" << t.tokens[i] << "\n";
            }
            return 0;
        });
    });
}

void addEmbedCommand(CLI::App& app)
{
    struct Opts {
        EngineFlags engine;
        std::vector<std::string> texts;
        std::string model;
        bool json = false;
    };
    static Opts o;
    auto* cmd = app.add_subcommand("embed", "Sentence embeddings from the history encoder");
    cmd->add_option("--text", o.texts, "A text (repeat for more)")->required();
    cmd->add_option("--model", o.model, "A Hugging Face BERT folder (default: all-MiniLM-L6-v2)");
    cmd->add_flag("--json", o.json, "Print JSON on stdout");
    addEngineFlags(cmd, o.engine);
    cmd->callback([] {
        runGuarded([] {
            const auto enc = api::SentenceEncoder::open(o.model.empty() ? api::defaultModelPaths().encoder : o.model,
                                                        o.engine.options());
            const auto emb = enc->embed(o.texts);
            if (o.json) {
                print({{"dim", enc->dimension()}, {"embeddings", emb}, {"device", enc->device()}}, false);
            } else {
                for (const auto& v : emb) {
                    for (std::size_t i = 0; i < v.size(); ++i)
                        std::cout << (i ? " " : "") << v[i];
                    std::cout << "\n";
                }
            }
            return 0;
        });
    });
}

// Parse throughput of a dataset and the process's peak memory after it.
nlohmann::json benchDataset(const std::string& path, int runs)
{
    nlohmann::json j;
    std::vector<double> rates;
    std::size_t ratings = 0;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto ds = data::loadDataset(path);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ratings = ds.ratingCount() + ds.report.droppedRatings;
        rates.push_back(static_cast<double>(ratings) / s);
    }
    std::sort(rates.begin(), rates.end());
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    j["dataset"] = path;
    j["ratings"] = ratings;
    j["ratings_per_s"] = rates[rates.size() / 2];
    j["ratings_per_s_min"] = rates.front();
    j["ratings_per_s_max"] = rates.back();
    j["peak_rss_mib"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
    return j;
}

// `persona bench --train`: the options of the bench command, a run config file and the engine flags.
nlohmann::json benchTrain(api::TrainBenchOptions options, const std::string& configFile, const EngineFlags& engine)
{
    if (!configFile.empty()) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(configFile, ec);
        if (ec || size > (1u << 20))
            throw ConfigError(configFile + ": missing or larger than 1 MiB");
        std::ifstream in(configFile);
        options.config = nlohmann::json::parse(in, nullptr, false);
        if (options.config.is_discarded() || !options.config.is_object())
            throw ConfigError(configFile + ": not a JSON object");
    }
    if (engine.device != "auto")
        options.config["models"]["device"] = engine.device;
    if (engine.dtype != "float32")
        options.config["models"]["dtype"] = engine.dtype;
    options.threads = engine.threads;
    const auto r = api::runTrainBenchmark(options, [](const std::string& s) { std::fprintf(stderr, "bench: %s\n", s.c_str()); });
    return r.toJson();
}

void addBenchCommand(CLI::App& app)
{
    struct Opts {
        EngineFlags engine;
        api::BenchOptions bench;
        api::TrainBenchOptions train;
        bool trainBench = false;
        std::string trainConfig;
        bool store = false;
        std::string dataset;
        bool json = false;
    };
    static Opts o;
    auto* cmd = app.add_subcommand("bench", "Measure prefill, generation and encoder speed (or training steps, the store, or parsing)");
    cmd->add_option("--runs", o.bench.runs, "Timed runs per figure (median reported)")->capture_default_str()
        ->check(CLI::Range(1, 1000));
    cmd->add_option("--gen-tokens", o.bench.generateTokens, "Tokens generated per run")->capture_default_str()
        ->check(CLI::Range(2, 4096));
    cmd->add_flag("--store", o.store, "Measure the experiment store instead: metric insert rate, open and list 1,000 runs");
    cmd->add_option("--dataset", o.dataset, "Measure parsing this dataset instead: ratings/s and peak memory");
    cmd->add_flag("--train", o.trainBench,
                  "Measure training steps instead (PERSOMA MLP, frozen decoder, ml-100k): step time, examples/s, peak memory");
    cmd->add_option("--history", o.train.history, "--train: history items per user")->capture_default_str()
        ->check(CLI::Range(1, 512));
    auto* batchOption = cmd->add_option("--batch", o.train.batch,
                                        "--train: users per step (default 8); otherwise sequences generated together "
                                        "(default 1; generate_tokens_per_s is their total)")
                            ->check(CLI::Range(1, 4096));
    cmd->add_option("--steps", o.train.steps, "--train: timed steps (median reported)")->capture_default_str()
        ->check(CLI::Range(1, 100000));
    cmd->add_option("--warmup", o.train.warmup, "--train: untimed steps first")->capture_default_str()
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--config", o.trainConfig, "--train: a run config JSON (other method, adapter or decoder mode)");
    cmd->add_option("--dump-batch", o.train.dumpBatch, "--train: write the batch as JSON (tools/bench_train_reference.py)");
    cmd->add_flag("--json", o.json, "Print JSON on stdout");
    addEngineFlags(cmd, o.engine);
    cmd->callback([batchOption] {
        runGuarded([batchOption] {
            o.bench.generateBatch = batchOption->count() ? o.train.batch : 1;
            if (o.trainBench) {
                print(benchTrain(o.train, o.trainConfig, o.engine), true);
                return 0;
            }
            if (o.store) {
                const auto dir = std::filesystem::temp_directory_path() / ("persona-bench-" + std::to_string(::getpid()));
                std::filesystem::create_directories(dir);
                nlohmann::json j;
                try {
                    j = store::toJson(store::benchStore(dir));
                } catch (...) {
                    std::filesystem::remove_all(dir);
                    throw;
                }
                std::filesystem::remove_all(dir);
                print(j, true);
                return 0;
            }
            if (!o.dataset.empty()) {
                print(benchDataset(o.dataset, o.bench.runs), true);
                return 0;
            }
            o.bench.engine = o.engine.options();
            const auto r = api::runBenchmark(api::defaultModelPaths(), o.bench,
                                             [](const std::string& s) { std::fprintf(stderr, "bench: %s\n", s.c_str()); });
            nlohmann::json j{{"device", r.device}, {"dtype", r.dtype}, {"threads", r.threads}, {"runs", r.runs},
                             {"generate_batch", o.bench.generateBatch}, {"decode_weights", r.decodeWeights},
                             {"decode_kernels", r.decodeKernels}};
            for (const auto& f : r.figures) {
                j[f.name] = f.median;
                j["spread"][f.name] = {{"min", f.min}, {"max", f.max}};
            }
            if (o.json) {
                print(j, true);
            } else {
                for (const auto& f : r.figures)
                    std::printf("%-28s %10.1f  (min %.1f, max %.1f)\n", f.name.c_str(), f.median, f.min, f.max);
                std::printf("decoding weights:");
                for (const auto& [route, n] : r.decodeWeights)
                    std::printf(" %s x%d", route.c_str(), n);
                std::printf(" (%s kernels)\n", r.decodeKernels.c_str());
            }
            return 0;
        });
    });
}

} // namespace

void addModelCommands(CLI::App& app)
{
    addGenerateCommand(app);
    addTokenizeCommand(app);
    addEmbedCommand(app);
    addBenchCommand(app);
}

} // namespace persona::cli
