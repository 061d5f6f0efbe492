#include "core/api/benchmark.h"

#include "core/common/error.h"
#include "core/nn/packed_linear.h"
#include "core/runtime/device.h"
#include "core/runtime/generation.h"
#include "core/runtime/model_loader.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace persona::api {
namespace {

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One warm-up, then `runs` timed rates (work / seconds).
BenchFigure measure(const std::string& name, int runs, const std::function<double()>& rateOfOneRun)
{
    rateOfOneRun();
    std::vector<double> rates;
    for (int i = 0; i < runs; ++i)
        rates.push_back(rateOfOneRun());
    std::sort(rates.begin(), rates.end());
    BenchFigure f;
    f.name = name;
    f.min = rates.front();
    f.max = rates.back();
    const auto n = rates.size();
    f.median = n % 2 ? rates[n / 2] : 0.5 * (rates[n / 2 - 1] + rates[n / 2]);
    return f;
}

void synchronize(const std::string& device)
{
    if (device.rfind("cuda", 0) == 0)
        torch::cuda::synchronize();
}

} // namespace

std::vector<std::int64_t> syntheticIds(int count)
{
    std::vector<std::int64_t> ids(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        ids[static_cast<std::size_t>(i)] = 100 + (static_cast<std::int64_t>(i) * 7919) % 40000;
    return ids;
}

BenchReport runBenchmark(const ModelPaths& paths, const BenchOptions& options,
                         const std::function<void(const std::string&)>& onProgress)
{
    if (options.runs < 1)
        throw ConfigError("bench: --runs must be at least 1 (got " + std::to_string(options.runs) + ")");
    const auto threads = runtime::configureThreads(options.engine.threads);
    runtime::LoadOptions lo;
    lo.device = options.engine.device;
    lo.dtype = runtime::resolveDType(options.engine.dtype, runtime::resolveDevice(options.engine.device));
    auto say = [&](const std::string& s) { if (onProgress) onProgress(s); };

    BenchReport report;
    report.threads = threads.threads;
    report.runs = options.runs;
    report.dtype = runtime::dtypeName(lo.dtype);

    say("loading decoder " + paths.decoder);
    auto dec = runtime::loadDecoder(paths.decoder, lo);
    report.device = dec.device;
    const auto device = runtime::torchDevice(dec.device);
    {
        torch::InferenceMode guard;
        for (int n : options.prefillLengths) {
            const auto ids = torch::tensor(syntheticIds(n), torch::kInt64).unsqueeze(0).to(device);
            say("prefill " + std::to_string(n) + " tokens");
            report.figures.push_back(measure("prefill_" + std::to_string(n) + "_tokens_per_s", options.runs, [&] {
                const auto t0 = std::chrono::steady_clock::now();
                auto logits = dec.model->forward(ids);
                synchronize(dec.device);
                return n / secondsSince(t0);
            }));
        }
    }
    say("generate " + std::to_string(options.generateTokens) + " tokens");
    runtime::GenerationOptions go;
    go.maxNewTokens = options.generateTokens; // no stop tokens: always the full count
    const auto prompt = syntheticIds(options.generatePromptTokens);
    if (options.generateBatch <= 1) {
        report.figures.push_back(measure("generate_tokens_per_s", options.runs, [&] {
            const auto r = runtime::generate(*dec.model, prompt, go);
            return r.decodeTokensPerSecond();
        }));
    } else {
        std::vector<std::vector<std::int64_t>> rows;
        for (int b = 0; b < options.generateBatch; ++b) {
            std::vector<std::int64_t> ids = prompt;
            for (auto& id : ids)
                id = (id + 1009 * b) % 40000 + 100;
            rows.push_back(std::move(ids));
        }
        std::vector<runtime::BatchPrompt> prompts;
        for (const auto& r : rows)
            prompts.push_back({r, nullptr});
        runtime::BatchOptions bo;
        bo.batchSize = options.generateBatch;
        report.figures.push_back(measure("generate_tokens_per_s", options.runs, [&] {
            const auto results = runtime::generateBatch(*dec.model, prompts, go, bo);
            int steps = 0;
            for (const auto& r : results)
                steps += r.decodeSteps;
            return results.front().decodeSeconds > 0 ? steps / results.front().decodeSeconds : 0.0;
        }));
    }
    report.decodeWeights = dec.model->decodingWeights();
    report.decodeKernels = nn::packedKernelIsa();
    dec = {};

    say("loading encoder " + paths.encoder);
    auto enc = SentenceEncoder::open(paths.encoder, options.engine);
    std::vector<std::string> sentences;
    for (int i = 0; i < options.encoderSentences; ++i)
        sentences.push_back("Title: Movie number " + std::to_string(i) + ", Genres: Drama, Comedy, Rating: " +
                            std::to_string(1 + i % 5));
    say("encode " + std::to_string(sentences.size()) + " sentences");
    report.figures.push_back(measure("encoder_sentences_per_s", options.runs, [&] {
        const auto t0 = std::chrono::steady_clock::now();
        enc->embed(sentences);
        return static_cast<double>(sentences.size()) / secondsSince(t0);
    }));
    return report;
}

} // namespace persona::api
