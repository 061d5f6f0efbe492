// runTrainBenchmark: a Run built like `persona train` builds it, one fixed batch of train users,
// and the trainer's steps timed by core/train/step_benchmark.
#include "core/api/benchmark.h"

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/methods/persoma/persoma_method.h"
#include "core/runtime/device.h"
#include "core/train/run.h"
#include "core/train/step_benchmark.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace persona::api {
namespace {

double statusMiB(const char* field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) {
            long kib = 0;
            if (std::sscanf(line.c_str() + key.size(), "%ld", &kib) == 1)
                return static_cast<double>(kib) / 1024.0;
        }
    return 0.0;
}

// The batch as JSON for tools/bench_train_reference.py: the token ids, the item vectors and the
// shapes of the adapter and the optimiser settings.
nlohmann::json batchJson(train::Run& run, const std::vector<methods::Example>& batch)
{
    nlohmann::json j;
    const auto& c = run.config();
    j["method"] = run.method().name();
    j["decoder"] = c.decoder;
    j["adapter"] = {{"kind", methods::adapterName(c.sections.persoma.adapter)}, {"hidden", c.sections.persoma.hidden}, {"layers", c.sections.persoma.mlpLayers}};
    j["taskTokens"] = c.sections.persoma.taskTokens;
    j["train"] = c.train.toJson();
    nlohmann::json examples = nlohmann::json::array();
    for (const auto& e : batch) {
        const torch::Tensor items = e.items.to(torch::kCPU, torch::kFloat32).contiguous();
        j["itemDim"] = items.size(1);
        std::vector<std::vector<float>> rows;
        for (std::int64_t r = 0; r < items.size(0); ++r)
            rows.emplace_back(items[r].data_ptr<float>(), items[r].data_ptr<float>() + items.size(1));
        examples.push_back({{"user", run.dataset().users[e.user].key}, {"promptIds", e.promptIds},
                            {"targetIds", e.targetIds}, {"items", rows}});
    }
    j["examples"] = examples;
    return j;
}

} // namespace

double peakResidentMiB()
{
    return statusMiB("VmHWM");
}

double residentMiB()
{
    return statusMiB("VmRSS");
}

nlohmann::json TrainBenchReport::toJson() const
{
    return {{"method", method}, {"device", device}, {"threads", threads}, {"torch_threads", torchThreads},
            {"blas_threads", blasThreads}, {"history", history}, {"batch", batch}, {"warmup", warmup},
            {"steps", steps}, {"item_dim", itemDim}, {"trainable_parameters", trainableParameters},
            {"tokens_per_step", tokensPerStep}, {"target_tokens_per_step", targetTokensPerStep},
            {"median_step_s", medianStepSeconds}, {"min_step_s", minStepSeconds}, {"max_step_s", maxStepSeconds},
            {"median_step_cpu_s", medianStepCpuSeconds},
            {"examples_per_s", examplesPerSecond}, {"tokens_per_s", tokensPerSecond}, {"setup_s", setupSeconds},
            {"rss_before_steps_mib", rssBeforeStepsMiB},
            {"peak_rss_before_steps_mib", peakRssBeforeStepsMiB}, {"peak_rss_mib", peakRssMiB},
            {"step_peak_tensor_mib", stepPeakTensorMiB},
            {"first_step_peak_tensor_mib", firstStepPeakTensorMiB}, {"held_tensor_mib", heldTensorMiB},
            {"estimated_pass_tensor_mib", estimatedPassTensorMiB}, {"estimated_growth_mib", estimatedProcessMiB}, {"step_s", stepSeconds},
            {"losses", losses}};
}

TrainBenchReport runTrainBenchmark(const TrainBenchOptions& options,
                                   const std::function<void(const std::string&)>& onProgress)
{
    if (options.history < 1 || options.batch < 1 || options.steps < 1 || options.warmup < 0 || options.threads < 0)
        throw ConfigError("bench --train: history, batch and steps must be at least 1, warmup and threads at least 0");
    auto say = [&](const std::string& s) { if (onProgress) onProgress(s); };
    const auto start = std::chrono::steady_clock::now();

    const nlohmann::json cj = options.config.is_null() ? nlohmann::json::object() : options.config;
    train::RunConfig config = train::RunConfig::fromJson(cj);
    auto given = [&](const char* section, const char* field) {
        return cj.contains(section) && cj[section].is_object() && cj[section].contains(field);
    };
    const ModelPaths paths = defaultModelPaths();
    if (!given("models", "decoder"))
        config.decoder = paths.decoder;
    if (!given("models", "encoder"))
        config.encoder = paths.encoder;
    if (!given("data", "dataDir"))
        config.dataDir = std::filesystem::path(paths.dataset).parent_path().string();
    // PERSOMA's own step, as tools/bench_train_reference.py implements it and earlier sessions
    // measured it: no summary tokens or answer sketch, [P_u ; T] first, 20 task tokens, raw item
    // vectors of the text parts. A --config field keeps what it says.
    if (!given("persoma", "summaryTokens"))
        config.sections.persoma.summaryTokens = 0;
    if (!given("persoma", "sketchWeight"))
        config.sections.persoma.sketchWeight = 0.0;
    if (!given("persoma", "userTokensInTurn"))
        config.sections.persoma.userTokensInTurn = false;
    if (!given("persoma", "matchVocabNorm"))
        config.sections.persoma.matchVocabNorm = false;
    if (!given("persoma", "standardizeItems"))
        config.sections.persoma.standardizeItems = false;
    if (!given("persoma", "taskTokens"))
        config.sections.persoma.taskTokens = 20;
    if (!given("data", "itemParts"))
        config.itemParts.signalBlock = false;
    config.historySize = static_cast<std::size_t>(options.history);
    config.threads = options.threads;
    config.train.batchSize = options.batch;
    config.validate();

    say("loading " + config.decoder + ", " + config.encoder + " and " + config.dataset);
    train::Run run(config);
    if (!run.method().trainable())
        throw ConfigError("bench --train: " + run.method().name() + " has nothing to train");
    const auto threads = runtime::configureThreads(options.threads); // what the Run set up
    say("building " + std::to_string(options.batch) + " examples (history " + std::to_string(options.history) + ")");
    const auto batch = run.examples(data::Split::Train, static_cast<std::size_t>(options.batch));
    if (batch.size() < static_cast<std::size_t>(options.batch))
        throw ConfigError("bench --train: the train split has only " + std::to_string(batch.size()) + " users");
    run.prepareTraining(batch, false); // the step alone: no sketch warm-up
    if (!options.dumpBatch.empty()) {
        const std::string text = batchJson(run, batch).dump() + "\n";
        writeFileAtomically(options.dumpBatch, text.data(), text.size());
        say("batch written to " + options.dumpBatch);
    }

    TrainBenchReport r;
    r.method = run.method().name();
    r.device = run.config().device;
    r.threads = threads.threads;
    r.torchThreads = threads.torchThreads;
    r.blasThreads = threads.blasThreads;
    r.history = options.history;
    r.batch = options.batch;
    r.warmup = options.warmup;
    r.steps = options.steps;
    r.itemDim = batch.front().items.defined() ? batch.front().items.size(1) : 0;
    r.trainableParameters = run.trainableParameterCount();
    r.setupSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.rssBeforeStepsMiB = residentMiB();
    r.peakRssBeforeStepsMiB = peakResidentMiB();

    say("timing " + std::to_string(options.warmup) + " + " + std::to_string(options.steps) + " steps");
    const train::StepTiming t =
        train::timeTrainingSteps(run.method(), batch, run.dataset(), run.config().train, options.warmup, options.steps);
    constexpr double kMiB = 1024.0 * 1024.0;
    std::vector<double> timedPeaks;
    for (std::size_t i = static_cast<std::size_t>(options.warmup); i < t.stepPeakTensorBytes.size(); ++i)
        timedPeaks.push_back(static_cast<double>(t.stepPeakTensorBytes[i]) / kMiB);
    r.stepPeakTensorMiB = train::median(timedPeaks);
    r.firstStepPeakTensorMiB = t.stepPeakTensorBytes.empty() ? 0.0 : static_cast<double>(t.stepPeakTensorBytes.front()) / kMiB;
    r.heldTensorMiB = static_cast<double>(t.heldTensorBytes) / kMiB;
    const train::TrainingMemoryEstimate e = train::estimateTrainingMemory(run.trainingMemoryInput(batch));
    r.estimatedPassTensorMiB = static_cast<double>(e.passTensorBytes) / kMiB;
    r.estimatedProcessMiB = static_cast<double>(e.processBytes) / kMiB;
    r.tokensPerStep = t.tokensPerStep;
    r.targetTokensPerStep = t.targetTokensPerStep;
    r.medianStepSeconds = t.medianSeconds;
    r.medianStepCpuSeconds = t.medianCpuSeconds;
    r.minStepSeconds = *std::min_element(t.timedSeconds.begin(), t.timedSeconds.end());
    r.maxStepSeconds = *std::max_element(t.timedSeconds.begin(), t.timedSeconds.end());
    r.examplesPerSecond = t.medianSeconds > 0 ? static_cast<double>(options.batch) / t.medianSeconds : 0.0;
    r.tokensPerSecond = t.medianSeconds > 0 ? static_cast<double>(t.tokensPerStep) / t.medianSeconds : 0.0;
    r.stepSeconds = t.stepSeconds;
    r.losses = t.losses;
    r.peakRssMiB = peakResidentMiB();
    return r;
}

} // namespace persona::api
